"""Figures the events app knows, for the reports agencies and clubs file (reporting.figures reads them by dotted
path). A provider takes the reporter (`agency` or `club`) and the period's first and last day (inclusive) and
returns a count: live events the reporter organised that started in the period, and the people marked present."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from events.models import EventPage, Registration


def _events(agency, club, start, end):
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time(), tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time(), tzinfo=zone)
    events = EventPage.objects.live().filter(start__gte=since, start__lt=until)
    return events.filter(agency=agency) if agency is not None else events.filter(club=club)


def events(agency=None, club=None, start=None, end=None):
    return _events(agency, club, start, end).count()


def participants(agency=None, club=None, start=None, end=None):
    """People marked present at those events."""
    return Registration.objects.filter(event__in=_events(agency, club, start, end), attended=True).count()
