"""The events app's parts of the personal area (/ca-nhan/, composed by portal.web.personal): registrations, the
calendar feed, followed clubs, certificates of attendance, and the study-tour pages of nominators and delegates.
A provider returns no section where the person has nothing there and no role that needs it."""

from django.utils import timezone

from portal.pages.sections import Section

from . import attendance_certificates, rules
from .enums import ACTIVE_REGISTRATION
from .models import Delegate, Registration

UPCOMING_SHOWN = 3


def overview(request):
    user = request.user
    now = timezone.now()
    registrations = Registration.objects.for_user(user)
    upcoming = list(
        registrations.filter(status__in=ACTIVE_REGISTRATION, event__end__gte=now)
        .select_related("event").order_by("event__start")[:UPCOMING_SHOWN]
    )
    sections = [
        # Everyone may register: with none yet, the section says where to find events.
        Section("events/personal/registrations.html", {"upcoming": upcoming, "total": registrations.count()}),
        Section("events/personal/calendar.html", {"follows": user.club_follows.count()}),
    ]
    follows = list(user.club_follows.select_related("club").order_by("club__title"))
    if follows:
        sections.append(Section("events/personal/follows.html", {"follows": follows}))
    agency = rules.nominating_agency(user)
    reports_due = []
    if user.email:  # a delegate is known by e-mail; one report per finished tour
        delegates = Delegate.objects.filter(email__iexact=user.email).select_related("event")
        reports_due = [delegate for delegate in delegates if rules.can_file_report(user, delegate.event)]
    if agency or reports_due:
        sections.append(Section("events/personal/study_tours.html", {"agency": agency, "reports_due": reports_due}))
    return sections


def certificates(request):
    """Certificates of attendance for the personal area's certificates page (valid ones: a revoked one is gone)."""
    items = list(
        attendance_certificates.for_user(request.user).only("pk", "title", "serial", "issued_on", "code")
        .order_by("-issued_on", "-pk")
    )
    if not items:
        return []
    return [Section("events/personal/certificates.html", {"certificates": items}, count=len(items))]
