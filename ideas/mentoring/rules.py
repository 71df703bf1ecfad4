"""Who may do what in the mentor network.

- Anyone with an account applies with a profile and edits it; the Board admits or declines it (admin only).
- An idea-bank entry's owner asks a listed mentor for mentoring for that entry; a club's editor for their club.
- The mentor asked, or the Board, accepts or declines a pending request.
- For an accepted request, the mentor and the requester log sessions (and the Board sees them all).
Nobody else sees a request: another's request is a 404."""

from django.db.models import Q

from ideas.rules import edited_club_ids, is_active_user, is_board

from .enums import REQUEST_TRANSITIONS, RequestState
from .models import MentoringRequest


def is_mentor(user, request):
    return is_active_user(user) and request.mentor.user_id == user.pk


def is_requester(user, request):
    return is_active_user(user) and (
        request.requester_id == user.pk or (request.club_id is not None and request.club_id in edited_club_ids(user))
    )


def may_decide(user, request):
    return (is_board(user) or is_mentor(user, request)) and RequestState.ACCEPTED in REQUEST_TRANSITIONS[request.state]


def may_log_session(user, request):
    return request.state == RequestState.ACCEPTED and (is_mentor(user, request) or is_requester(user, request))


def may_close(user, request):
    return (is_board(user) or is_mentor(user, request) or is_requester(user, request)) and (
        RequestState.CLOSED in REQUEST_TRANSITIONS[request.state]
    )


def requests_for(user):
    """The requests `user` may see: every one for the Board; their own, their clubs' and those sent to them."""
    if is_board(user):
        return MentoringRequest.objects.all()
    if not is_active_user(user):
        return MentoringRequest.objects.none()
    return MentoringRequest.objects.filter(
        Q(requester=user) | Q(mentor__user=user) | Q(club_id__in=edited_club_ids(user))
    )
