from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "nu", _("Nữ")
    MALE = "nam", _("Nam")
    OTHER = "khac", _("Khác")


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    WITHDRAWN = "withdrawn", _("Đã rút")
    ACCEPTED = "accepted", _("Được chọn")
    REJECTED = "rejected", _("Không được chọn")
    WAITLISTED = "waitlisted", _("Danh sách chờ")


# Nominations that use a slot of the agency's quota. A rejected candidate frees the slot.
QUOTA_COUNTED = [NominationStatus.SUBMITTED, NominationStatus.ACCEPTED, NominationStatus.WAITLISTED]
# The Board's outcomes, and the states in which the Board reviews and decides.
DECISIONS = [NominationStatus.ACCEPTED, NominationStatus.REJECTED, NominationStatus.WAITLISTED]
UNDER_REVIEW = [NominationStatus.SUBMITTED, NominationStatus.WAITLISTED]


class Decision(models.TextChoices):
    """What the Board may decide: a subset of NominationStatus with the same values."""

    ACCEPTED = NominationStatus.ACCEPTED.value, _("Chọn")
    REJECTED = NominationStatus.REJECTED.value, _("Không chọn")
    WAITLISTED = NominationStatus.WAITLISTED.value, _("Đưa vào danh sách chờ")
