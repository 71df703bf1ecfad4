"""Figures the clubs app knows, for the reports agencies and clubs file (reporting.figures reads them by dotted path).

Each provider takes the reporter (`agency` or `club`) and the period's first and last day, and returns a count, or
None when the figure means nothing for that reporter."""

from clubs.models import ClubPage


def clubs(agency=None, club=None, start=None, end=None):
    """Live clubs in the agency's administrative unit (a district committee's clubs); not a club's figure."""
    if agency is None or not agency.unit_id:
        return None
    return ClubPage.objects.live().filter(unit_id=agency.unit_id).count()


def members(agency=None, club=None, start=None, end=None):
    """The member count the directory shows: the club's latest submitted report's, else its page's."""
    if club is None:
        return None
    return ClubPage.objects.with_reported_members().get(pk=club.pk).members_as_of[0]
