"""What needs the Board's attention, as panels on the Wagtail dashboard (`construct_homepage_panels`).

Each panel reads its data in a fixed number of queries (aggregates and a bounded list), whatever the size of the
network, and links to the admin listing where the work is done. Pages awaiting the user's own review are already
listed by Wagtail ("Awaiting your review"); the moderation panel adds only the totals and the oldest wait.
"""

from datetime import timedelta

from django.db.models import Count, Func, IntegerField, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from events.enums import EventStatus, RegistrationStatus
from events.models import EventPage, Registration
from portal.inputs import deadlines
from training.certificates.enums import RenewalStatus
from training.cohorts.enums import HOLDS_PLACE
from training.cohorts.reports import at_risk_rows
from training.models import AgencyQuota, Nomination, NominationRound, RenewalRequest, Session
from training.nominations.enums import NominationStatus
from training.rules import is_board

SESSION_DAYS = 14
REGISTRATION_DAYS = 7
LIST_LIMIT = 8


def snippet_url(model, view, *args):
    return reverse(model.snippet_viewset.get_url_name(view), args=args)


def subquery_count(queryset):
    """COUNT(*) of `queryset` (correlated through OuterRef) as a scalar subquery: no GROUP BY, 0 when empty."""
    return Subquery(
        queryset.order_by().annotate(n=Func("pk", function="COUNT")).values("n"), output_field=IntegerField()
    )


def registration_count(status):
    return subquery_count(Registration.objects.filter(event=OuterRef("pk"), status=status))


class DashboardPanel(Component):
    """A Board panel: `data()` returns the template context (its queries are the panel's whole cost)."""

    order = 100

    def data(self, request):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        return {"request": parent_context.get("request"), **self.data(parent_context.get("request"))}


class NominationsPanel(DashboardPanel):
    """Rounds open now or holding submitted nominations: how many await review and how many prepared
    decisions wait to be released, with the deadline. One query."""

    name = "board_nominations"
    template_name = "reports/dashboard/nominations.html"
    order = 101

    def data(self, request, now=None):
        now = now or timezone.now()
        # Correlated subqueries, not joins: joining a round's nominations with its quotas multiplies the rows
        # (20,000 nominations x 40 invited agencies) before counting.
        nominations = Nomination.objects.filter(round=OuterRef("pk"))
        rounds = (
            NominationRound.objects.annotate(
                awaiting=subquery_count(nominations.filter(status=NominationStatus.SUBMITTED, pending_status="")),
                prepared=subquery_count(nominations.exclude(pending_status="")),
                last_extension=Subquery(
                    AgencyQuota.objects.filter(round=OuterRef("pk"), deadline_extension__isnull=False)
                    .order_by("-deadline_extension")
                    .values("deadline_extension")[:1]
                ),
            )
            .filter(Q(opens_at__lte=now, closes_at__gte=deadlines.cutoff(now)) | Q(awaiting__gt=0) | Q(prepared__gt=0))
            .order_by("closes_at", "pk")
        )
        listing = snippet_url(Nomination, "list")
        rows = []
        for round in rounds:
            rows.append(
                {
                    "round": round,
                    "is_open": round.is_open(now),
                    "extended_to": round.last_extension
                    if round.last_extension and round.last_extension > round.closes_at
                    else None,
                    "awaiting_url": f"{listing}?round={round.pk}&status={NominationStatus.SUBMITTED}",
                    "prepared_url": f"{listing}?round={round.pk}&pending=true",
                    "release_url": snippet_url(NominationRound, "release", round.pk),
                }
            )
        return {"rows": rows, "scoring_url": snippet_url(Nomination, "scoring")}


class ModerationPanel(DashboardPanel):
    """Totals of pages in the Board's moderation workflow and the longest wait. One query."""

    name = "board_moderation"
    template_name = "reports/dashboard/moderation.html"
    order = 102

    def data(self, request):
        news = Q(content_type__app_label="clubs", content_type__model="newspage")
        events = Q(content_type__app_label="events", content_type__model="eventpage")
        in_progress = Q(status=WorkflowState.STATUS_IN_PROGRESS)
        totals = WorkflowState.objects.aggregate(
            awaiting=Count("pk", filter=in_progress),
            news=Count("pk", filter=in_progress & news),
            events=Count("pk", filter=in_progress & events),
            oldest=Min("current_task_state__started_at", filter=in_progress),
            needs_changes=Count("pk", filter=Q(status=WorkflowState.STATUS_NEEDS_CHANGES)),
        )
        report = reverse("wagtailadmin_reports:workflow")
        return {
            "totals": totals,
            "awaiting_url": f"{report}?status={WorkflowState.STATUS_IN_PROGRESS}",
            "needs_changes_url": f"{report}?status={WorkflowState.STATUS_NEEDS_CHANGES}",
        }


class SessionsPanel(DashboardPanel):
    """Cohort sessions of the next 14 days with the number of trainees holding a place. Two queries."""

    name = "board_sessions"
    template_name = "reports/dashboard/sessions.html"
    order = 103

    def data(self, request, today=None):
        today = today or timezone.localdate()
        sessions = Session.objects.filter(
            date__gte=today, date__lte=today + timedelta(days=SESSION_DAYS), is_cancelled=False
        )
        listed = (
            sessions.select_related("cohort__course")
            .annotate(trainees=Count("cohort__enrolments", filter=Q(cohort__enrolments__status__in=HOLDS_PLACE)))
            .order_by("date", "starts_at", "pk")[:LIST_LIMIT]
        )
        return {"sessions": list(listed), "total": sessions.count(), "days": SESSION_DAYS}


class AtRiskPanel(DashboardPanel):
    """Trainees of running cohorts at risk of missing (or no longer able to reach) the attendance threshold,
    from training.cohorts.reports.at_risk_rows. Four queries."""

    name = "board_at_risk"
    template_name = "reports/dashboard/at_risk.html"
    order = 104

    def data(self, request, now=None):
        rows = at_risk_rows(now)
        return {"rows": rows[:LIST_LIMIT], "total": len(rows)}


class EventsPanel(DashboardPanel):
    """The next live events with confirmed places, capacity and waiting list. Two queries."""

    name = "board_events"
    template_name = "reports/dashboard/events.html"
    order = 104

    def data(self, request, now=None):
        upcoming = EventPage.objects.live().upcoming(now).exclude(status=EventStatus.CANCELLED)
        # Per-row subqueries: computed for the listed events only, not grouped over every upcoming one.
        listed = (
            upcoming.select_related("kind")
            .annotate(
                confirmed=registration_count(RegistrationStatus.CONFIRMED),
                waitlisted=registration_count(RegistrationStatus.WAITLISTED),
            )
            .order_by("start", "pk")[:LIST_LIMIT]
        )
        registrations = snippet_url(Registration, "list")
        rows = [
            {
                "event": event,
                "free": max(event.capacity - event.confirmed, 0) if event.capacity is not None else None,
                "registrations_url": f"{registrations}?event={event.pk}",
            }
            for event in listed
        ]
        return {"rows": rows, "total": upcoming.count()}


class RegistrationsPanel(DashboardPanel):
    """The latest registrations and how many came in the last 7 days. Two queries."""

    name = "board_registrations"
    template_name = "reports/dashboard/registrations.html"
    order = 105

    def data(self, request, now=None):
        since = (now or timezone.now()) - timedelta(days=REGISTRATION_DAYS)
        latest = Registration.objects.select_related("event").order_by("-created_at", "-pk")[:LIST_LIMIT]
        return {
            "registrations": list(latest),
            "recent": Registration.objects.filter(created_at__gte=since).count(),
            "days": REGISTRATION_DAYS,
            "listing_url": snippet_url(Registration, "list"),
        }


class RenewalsPanel(DashboardPanel):
    """Certifications expiring within CERTIFICATION_RENEWAL_NOTICE_DAYS and renewal requests awaiting a decision,
    linking to "Gia hạn công nhận". Three queries."""

    name = "board_renewals"
    template_name = "reports/dashboard/renewals.html"
    order = 106

    def data(self, request, today=None):
        from training.certificates import renewals

        upcoming = renewals.upcoming_expiries(today)
        return {
            "profiles": list(upcoming[:LIST_LIMIT]),
            "total": upcoming.count(),
            "pending": RenewalRequest.objects.filter(status=RenewalStatus.PENDING).count(),
            "days": renewals.notice_days(),
        }


PANELS = [NominationsPanel, ModerationPanel, SessionsPanel, AtRiskPanel, EventsPanel, RegistrationsPanel, RenewalsPanel]


def add_board_panels(request, panels):
    """The `construct_homepage_panels` hook: Board staff and superusers only."""
    if is_board(request.user):
        panels.extend(panel() for panel in PANELS)
