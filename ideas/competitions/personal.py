"""Competitions in the personal area: one's entries (applied or nominated) and the competitions one reviews.
None where the person has neither."""

from django.utils import timezone

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


def certificates(request):
    """The award certificates of the competitions one's ideas won, on the personal certificates page."""
    from training.certificates.models import Certificate

    from .certificates import KIND, REFERENCE_PREFIX

    items = list(
        Certificate.objects.filter(holder=request.user, kind=KIND, reference__startswith=REFERENCE_PREFIX)
        .order_by("-issued_at")
    )
    if not items:
        return []
    context = {"certificates": items, "today": timezone.localdate()}
    return [Section("ideas/competitions/personal/certificates.html", context, count=len(items))]
