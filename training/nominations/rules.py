"""Who may do what with nominations. Views, admin and templates ask these questions; services enforce them."""

from portal import roles
from training.nominations.enums import NominationStatus
from training.rules import group_names, is_board


def is_nominator(user):
    """An agency's nominator: in the nominators' role and tied to one agency."""
    if not (user and user.is_authenticated and user.is_active and user.agency_id):
        return False
    return roles.NOMINATORS in group_names(user)


def is_agency_member(user, nomination):
    return is_nominator(user) and user.agency_id == nomination.agency_id


def can_edit(user, nomination):
    return is_agency_member(user, nomination) and nomination.status == NominationStatus.DRAFT


def recused_nomination_ids(reviewer):
    """The nominations the reviewer declared a conflict on: one query per request (services.recuse forgets it)."""
    if "_tot_recused" not in reviewer.__dict__:
        from training.nominations.models import Recusal

        reviewer.__dict__["_tot_recused"] = set(
            Recusal.objects.filter(reviewer=reviewer).values_list("nomination_id", flat=True)
        )
    return reviewer.__dict__["_tot_recused"]


def has_conflict_of_interest(reviewer, nomination):
    """A reviewer never scores a candidate of their own agency, nor one they declared a conflict on (a recusal:
    a relative, a colleague of another agency, what the agency rule cannot see)."""
    if reviewer.agency_id and reviewer.agency_id == nomination.agency_id:
        return True
    return bool(reviewer.pk) and nomination.pk in recused_nomination_ids(reviewer)


def can_review(user, nomination):
    from training.nominations.enums import UNDER_REVIEW

    return is_board(user) and nomination.status in UNDER_REVIEW and not has_conflict_of_interest(user, nomination)


def withdrawal_note(nomination, deadline=None):
    """What withdrawing does at the nomination's stage, in one sentence for the agency's pages (the policy is
    services.withdraw's: a submission may be withdrawn until the agency's deadline, whatever the Board has
    scored or prepared, and a released decision ends the agency's say)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    status = nomination.status
    if status == NominationStatus.DRAFT:
        return _("Rút bản nháp: hồ sơ không được nộp và không dùng chỉ tiêu. Không thể hoàn tác.")
    if status == NominationStatus.SUBMITTED:
        note = _(
            "Rút hồ sơ đã nộp: Ban Điều hành dừng xem xét hồ sơ, kể cả khi đã chấm điểm hoặc đã chuẩn bị quyết "
            "định (quyết định chưa công bố sẽ bị hủy), và chỉ tiêu được trả lại cho cơ quan. Không thể hoàn tác."
        )
        if deadline:
            note += " " + _("Chỉ rút được đến hết %(deadline)s.") % {
                "deadline": timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y")
            }
        return note
    if status in (NominationStatus.ACCEPTED, NominationStatus.REJECTED, NominationStatus.WAITLISTED):
        return _("Ban Điều hành đã công bố quyết định: hồ sơ không thể rút nữa.")
    return ""
