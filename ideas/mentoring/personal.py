"""The network's part of the personal area: one's mentor profile and the requests one sent or must answer (the
Board: every pending request). None where the person has none of these."""

from portal.pages.sections import Section

from . import rules
from .enums import RequestState
from .models import MentorProfile


def overview(request):
    user = request.user
    profile = MentorProfile.objects.filter(user=user).first()
    visible = rules.requests_for(user)
    pending = visible.filter(state=RequestState.PENDING).exclude(requester=user).count()
    sent = visible.filter(requester=user).count()
    if profile is None and not pending and not sent:
        return []
    return [Section("ideas/mentoring/personal/overview.html", {"profile": profile, "pending": pending, "sent": sent})]
