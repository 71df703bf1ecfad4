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


def has_conflict_of_interest(reviewer, nomination):
    """A reviewer never scores a candidate of their own agency."""
    return bool(reviewer.agency_id) and reviewer.agency_id == nomination.agency_id


def can_review(user, nomination):
    from training.nominations.enums import UNDER_REVIEW

    return is_board(user) and nomination.status in UNDER_REVIEW and not has_conflict_of_interest(user, nomination)
