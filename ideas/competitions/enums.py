from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã đăng ký")
    WITHDRAWN = "withdrawn", _("Đã rút")
    AWARDED = "awarded", _("Đạt giải")
    NOT_AWARDED = "not_awarded", _("Không đạt giải")


class Route(models.TextChoices):
    OWNER = "owner", _("Chủ ý tưởng tự đăng ký")
    AGENCY = "agency", _("Cơ quan đề cử")
    CLUB = "club", _("Câu lạc bộ đề cử")


class Award(models.TextChoices):
    FIRST = "first", _("Giải nhất")
    SECOND = "second", _("Giải nhì")
    THIRD = "third", _("Giải ba")
    HONOURABLE = "honourable", _("Giải khuyến khích")
    NONE = "none", _("Không đạt giải")


# The awards that make a winner (published on the portal, with a certificate), best first.
WINNING = [Award.FIRST, Award.SECOND, Award.THIRD, Award.HONOURABLE]

# (from, to) -> who moves an entry: its applicant side (owner, nominating agency or club) or the Board.
APPLICANT, BOARD = "applicant", "board"
TRANSITIONS = {
    (EntryStatus.SUBMITTED, EntryStatus.WITHDRAWN): APPLICANT,
    (EntryStatus.SUBMITTED, EntryStatus.AWARDED): BOARD,
    (EntryStatus.SUBMITTED, EntryStatus.NOT_AWARDED): BOARD,
}


def status_for(award):
    return EntryStatus.AWARDED if award in WINNING else EntryStatus.NOT_AWARDED
