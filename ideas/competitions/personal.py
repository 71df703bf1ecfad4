"""Competitions in the personal area: one's entries (applied or nominated) and the competitions one reviews.
None where the person has neither."""

from portal.pages.sections import Section

from . import rules
from .models import Competition


def overview(request):
    user = request.user
    entries = rules.entries_for(user).count()
    reviewing = Competition.objects.filter(reviewers=user).count()
    if not entries and not reviewing:
        return []
    return [Section("ideas/competitions/personal/overview.html", {"entries": entries, "reviewing": reviewing})]
