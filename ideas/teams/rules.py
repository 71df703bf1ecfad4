"""Who may do what with an idea's team: only the entry's owner (an active account) invites, removes and withdraws
invitations, and only while the entry is in the bank (not withdrawn); the invited account alone accepts or
declines, and a member alone leaves. Moderators edit an entry's text, never its team."""

from ideas.enums import EntryState
from ideas.rules import is_active_user, is_owner


def may_manage(user, entry):
    return is_owner(user, entry)


def may_invite(user, entry):
    return may_manage(user, entry) and entry.state != EntryState.WITHDRAWN


def is_invited(user, membership):
    return is_active_user(user) and membership.user_id == user.pk and membership.is_pending


def may_leave(user, membership):
    return is_active_user(user) and membership.user_id == user.pk and membership.is_member
