"""Figures the ToT programme knows, for the reports agencies and clubs file (reporting.figures reads them by
dotted path). A provider takes the reporter (`agency` or `club`) and the period's first and last day (dates,
inclusive), and returns a number, or None when the figure means nothing for that reporter.

An agency's trainers are those it nominated (enrolment -> nomination -> agency); a club's trainings are those
delivered at the club. Only confirmed deliveries count, as in training.cohorts.reach."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Sum
from django.utils import timezone

from training.cohorts.models import PracticumDelivery, TrainerProfile
from training.nominations.enums import NominationStatus
from training.nominations.models import Nomination


def _moments(start, end):
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time(), tzinfo=zone)
    return since, datetime.combine(end + timedelta(days=1), time(), tzinfo=zone)


def nominations(agency=None, club=None, start=None, end=None):
    """Candidates the agency submitted in the period (withdrawn ones excluded)."""
    if agency is None:
        return None
    since, until = _moments(start, end)
    return (
        Nomination.objects.filter(agency=agency, submitted_at__gte=since, submitted_at__lt=until)
        .exclude(status__in=[NominationStatus.DRAFT, NominationStatus.WITHDRAWN])
        .count()
    )


def certified_trainers(agency=None, club=None, start=None, end=None):
    """The agency's certified source trainers still valid on the period's last day."""
    if agency is None:
        return None
    return TrainerProfile.objects.certified(end).filter(enrolment__nomination__agency=agency).count()


def _deliveries(agency, club, start, end):
    deliveries = PracticumDelivery.objects.filter(confirmed_at__isnull=False, date__gte=start, date__lte=end)
    if agency is not None:
        return deliveries.filter(trainer__enrolment__nomination__agency=agency)
    return deliveries.filter(club=club)


def trainings_delivered(agency=None, club=None, start=None, end=None):
    return _deliveries(agency, club, start, end).aggregate(n=Count("pk"))["n"]


def people_trained(agency=None, club=None, start=None, end=None):
    """People reached by those trainings (the participants the trainers recorded)."""
    return _deliveries(agency, club, start, end).aggregate(n=Sum("participants"))["n"] or 0
