"""Who may do what with reports. The agency's nominators report for their agency (training.nominations.rules'
tenancy: one user, one agency); a club's editors (its editors group, clubs.services) report for their club."""

from django.db.models import Q

from clubs.models import ClubPage
from portal.models import Agency
from reporting.reporters import Reporter
from training.nominations.rules import is_nominator
from training.rules import group_names, is_board  # noqa: F401  (is_board: re-exported for the app's modules)


def editor_group_ids(user):
    if not hasattr(user, "_reporting_group_ids"):
        group_names(user)  # the same one query fills both caches
        user._reporting_group_ids = set(user.groups.values_list("pk", flat=True))
    return user._reporting_group_ids


def edited_clubs(user):
    if not (user and user.is_authenticated and user.is_active):
        return ClubPage.objects.none()
    return ClubPage.objects.filter(editor_group_id__in=editor_group_ids(user))


def reporter_filter(user, prefix=""):
    """A Q matching the rows (reports, with `prefix` for related lookups) of the reporters `user` speaks for."""
    condition = Q(pk__in=[])
    if is_nominator(user):
        condition |= Q(**{f"{prefix}agency_id": user.agency_id})
    if user and user.is_authenticated and user.is_active:
        condition |= Q(**{f"{prefix}club__editor_group_id__in": editor_group_ids(user)}) & Q(
            **{f"{prefix}club__isnull": False}
        )
    return condition


def reporters_of(user):
    """Every reporter `user` speaks for: their agency (a nominator) and the clubs whose editors they are."""
    reporters = []
    if is_nominator(user):
        agency = Agency.objects.select_related("kind", "unit").filter(pk=user.agency_id).first()
        if agency:
            reporters.append(Reporter(agency=agency))
    for club in edited_clubs(user).select_related("kind", "unit").order_by("title"):
        reporters.append(Reporter(club=club))
    return reporters


def is_asked(period, reporter):
    """Whether `period` asks `reporter` to report: its agency kind or club kind is among the period's."""
    if reporter.agency:
        return reporter.agency.is_active and reporter.agency.kind_id in kind_ids(period.agency_kinds)
    return reporter.club.live and reporter.club.kind_id in kind_ids(period.club_kinds)


def kind_ids(relation):
    # `.all()`, not `.filter(pk=...)`: modelcluster's in-memory relation (a period being edited) filters by field
    # names only.
    return {kind.pk for kind in relation.all()}


def may_report(user, reporter):
    if reporter.agency:
        return is_nominator(user) and user.agency_id == reporter.agency.pk
    return bool(reporter.club.editor_group_id) and reporter.club.editor_group_id in editor_group_ids(user)


def is_reporter_user(user):
    return bool(reporters_of(user))
