"""Who may do what with nominations. Views, admin and templates ask these questions; services enforce them."""

from portal import roles
from training.enums import NominationStatus


def _group_names(user):
    # Cached on the user object: one query per request, however many times the question is asked.
    if not hasattr(user, "_training_group_names"):
        user._training_group_names = set(user.groups.values_list("name", flat=True))
    return user._training_group_names


def is_board(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or roles.BOARD in _group_names(user)


def is_nominator(user):
    """An agency's nominator: in the nominators' role and tied to one agency."""
    if not (user and user.is_authenticated and user.is_active and user.agency_id):
        return False
    return roles.NOMINATORS in _group_names(user)


def is_agency_member(user, nomination):
    return is_nominator(user) and user.agency_id == nomination.agency_id


def can_edit(user, nomination):
    return is_agency_member(user, nomination) and nomination.status == NominationStatus.DRAFT


def has_conflict_of_interest(reviewer, nomination):
    """A reviewer never scores a candidate of their own agency."""
    return bool(reviewer.agency_id) and reviewer.agency_id == nomination.agency_id


def can_review(user, nomination):
    from training.enums import UNDER_REVIEW

    return is_board(user) and nomination.status in UNDER_REVIEW and not has_conflict_of_interest(user, nomination)
