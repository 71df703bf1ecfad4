from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EntryState(models.TextChoices):
    SUBMITTED = "submitted", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã công bố")
    RETURNED = "returned", _("Trả lại để sửa")
    WITHDRAWN = "withdrawn", _("Đã rút")


class VersionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã công bố")
    RETURNED = "returned", _("Trả lại")
    SUPERSEDED = "superseded", _("Thay bằng bản sau")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Stage(models.TextChoices):
    IDEA = "idea", pgettext_lazy("giai đoạn", "Ý tưởng")
    PROTOTYPE = "prototype", _("Sản phẩm mẫu")
    EARLY = "early", _("Khởi nghiệp giai đoạn đầu")
    GROWTH = "growth", _("Tăng trưởng")


class Need(models.TextChoices):
    MENTORING = "mentoring", _("Cố vấn")
    FUNDING = "funding", _("Vốn")
    PARTNERS = "partners", _("Đối tác")
    MARKET = "market", _("Thị trường")


# Which boolean column of Entry holds each need: filtering by one is an indexed equality on every database.
NEED_FIELDS = {need.value: f"needs_{need.value}" for need in Need}

# The moves a moderator or the owner may make from each state (services and rules read this one mapping).
TRANSITIONS = {
    EntryState.SUBMITTED: {EntryState.PUBLISHED, EntryState.RETURNED, EntryState.WITHDRAWN},
    EntryState.PUBLISHED: {EntryState.WITHDRAWN},
    EntryState.RETURNED: {EntryState.SUBMITTED, EntryState.WITHDRAWN},
    EntryState.WITHDRAWN: {EntryState.SUBMITTED},
}
