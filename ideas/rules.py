"""Who may do what with the idea bank.

- Anyone with an active account submits entries and is their owner; they edit their own entries and withdraw them.
- A club's editors (its editors group, clubs.services) submit for their club, and moderate (publish, return) and
  edit the entries that name their club; nothing of another club.
- The Board moderates and edits every entry, and edits the sectors.
Moderators' own changes are published at once (they would approve them anyway); an owner's change of a published
entry waits for a moderator while the published version stays visible (ideas.services)."""

from training.rules import is_board  # noqa: F401  (re-exported for the app's modules)

from .enums import TRANSITIONS, EntryState


def is_active_user(user):
    return bool(user and user.is_authenticated and user.is_active)


def edited_club_ids(user):
    """The clubs whose editors group `user` is in (one query, cached on the user object)."""
    if not is_active_user(user):
        return set()
    if not hasattr(user, "_ideas_club_ids"):
        from clubs.models import ClubPage

        user._ideas_club_ids = set(ClubPage.objects.filter(editor_group__user=user).values_list("pk", flat=True))
    return user._ideas_club_ids


def is_moderator(user):
    return is_board(user) or bool(edited_club_ids(user))


def may_moderate(user, entry):
    return is_board(user) or (entry.club_id is not None and entry.club_id in edited_club_ids(user))


def is_owner(user, entry):
    return is_active_user(user) and entry.owner_id == user.pk


def may_edit(user, entry):
    return is_owner(user, entry) or may_moderate(user, entry)


def may_submit(user):
    return is_active_user(user)


def may_move(entry, state):
    return state in TRANSITIONS.get(EntryState(entry.state), set())


def may_withdraw(user, entry):
    return (is_owner(user, entry) or may_moderate(user, entry)) and may_move(entry, EntryState.WITHDRAWN)
