"""The network's figure for the reports agencies and clubs file (reporting.figures reads it by dotted path):
mentoring sessions held in the period (first and last day inclusive, the province's calendar days).

A club: sessions of requests for the club or for an entry naming the club. An agency with an administrative
unit (a district committee): sessions of requests whose entry is in that unit or whose club is. Otherwise None."""

from django.db.models import Q

from .models import MentoringSession


def sessions(agency=None, club=None, start=None, end=None):
    held = MentoringSession.objects.filter(held_on__gte=start, held_on__lte=end)
    if club is not None:
        return held.filter(Q(request__club=club) | Q(request__entry__club=club)).count()
    if agency is not None and agency.unit_id:
        unit = agency.unit_id
        return held.filter(Q(request__entry__district_id=unit) | Q(request__club__unit_id=unit)).count()
    return None
