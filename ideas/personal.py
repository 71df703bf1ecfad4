"""The idea bank's part of the personal area (/ca-nhan/): one's entries, and the way to send one, and one's teams
(ideas.teams: invitations waiting for an answer). Anyone with an account may send an idea or be invited, so the
section is there with none yet; a club's editors and the Board also get the way to the moderation screen."""

from portal.pages.sections import Section

from . import rules
from .models import Entry
from .teams.models import TeamMember


def overview(request):
    user = request.user
    return [
        Section(
            "ideas/personal/overview.html",
            {
                "total": Entry.objects.owned_by(user).count(),
                "moderator": rules.is_moderator(user),
                "invitations": TeamMember.objects.pending().filter(user=user).count(),
            },
        )
    ]
