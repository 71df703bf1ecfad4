"""Every change of a report, in one place: save a draft, submit, return (the Board), and who to remind.

Each service checks the actor and the current state against TRANSITIONS, changes the data inside
transaction.atomic on a locked row, writes the audit row in the same transaction, and sends e-mail only after
commit (portal.operations.deferred). Views and admin views call these functions and nothing else.

Deadline policy: a reporter saves and submits until its own deadline (the period's, or its extension, to the
whole minute: portal.inputs.deadlines). A report the Board returned may be corrected and submitted again after
the deadline: returning it is the Board's way of reopening it.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.inputs import deadlines
from reporting import notifications
from reporting.enums import EDITABLE, IndicatorKind, ReportState
from reporting.models import Report, ReportingPeriod, ReportStateChange, ReportValue
from reporting.rules import is_asked, is_board, may_report

S = ReportState
REPORTER, BOARD = "reporter", "board"

# (from, to) -> who may make the move.
TRANSITIONS = {
    (S.DRAFT, S.SUBMITTED): REPORTER,
    (S.RETURNED, S.SUBMITTED): REPORTER,
    (S.SUBMITTED, S.RETURNED): BOARD,
}


class ReportError(Exception):
    """A refused change, with a message for the person who tried it."""

    field = None

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(ReportError):
    pass


class DeadlinePassed(ReportError):
    pass


class Incomplete(ReportError):
    pass


def check_reporter(user, period, reporter):
    if not may_report(user, reporter):
        raise NotAllowed(_("Bạn không có quyền báo cáo cho đơn vị này."))
    if not is_asked(period, reporter):
        raise NotAllowed(_("Kỳ báo cáo này không yêu cầu đơn vị của bạn báo cáo."))


def check_window(period, reporter, report=None, now=None):
    if report is not None and report.state == S.RETURNED:
        return  # the Board reopened it
    deadline = period.deadline_for(reporter)
    if deadlines.is_past(deadline, now):
        raise DeadlinePassed(
            _("Đã quá hạn nộp báo cáo (%(deadline)s). Không có gì được lưu.")
            % {"deadline": timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y")}
        )


def report_of(period, reporter):
    return Report.objects.filter(period=period, **reporter.lookup()).first()


def _locked_report(period, reporter, actor):
    """The reporter's report in `period`, locked, created as a draft on the first save."""
    lookup = reporter.lookup()
    report = Report.objects.select_for_update().filter(period=period, **lookup).first()
    if report is None:
        try:
            with transaction.atomic():
                report = Report.objects.create(period=period, **lookup)
        except IntegrityError:  # a second tab saved first
            report = Report.objects.select_for_update().get(period=period, **lookup)
    return report


def save_draft(period, reporter, actor, values, dispatch=None, now=None):
    """Store the reporter's answers (`values`: {indicator pk: {"number", "choice", "text", "note"}}) and the
    dispatch (`dispatch`: {"number", "date", "file"}, any of them). The report stays what it was (draft or
    returned); a submitted report is never changed here."""
    with transaction.atomic():
        check_reporter(actor, period, reporter)
        report = _locked_report(period, reporter, actor)
        if report.state not in EDITABLE:
            raise NotAllowed(_("Báo cáo đã nộp chỉ có thể xem. Ban Điều hành có thể trả lại để sửa."))
        check_window(period, reporter, report, now)
        _store_values(report, period, reporter, values)
        if dispatch:
            _store_dispatch(report, dispatch)
        report.save()
        return report


def _store_values(report, period, reporter, values):
    from reporting import figures

    indicators = list(period.indicators.all())
    known = figures.known_values(period, reporter, indicators)
    existing = {value.indicator_id: value for value in report.values.all()}
    for indicator in indicators:
        given = values.get(indicator.pk)
        if given is None:
            continue
        value = existing.get(indicator.pk) or ReportValue(report=report, indicator=indicator)
        if indicator.kind == IndicatorKind.NUMBER:
            value.number = given.get("number")
            figure = known.get(indicator.pk)
            value.known = None if figure is None else Decimal(figure)
            value.note = given.get("note", "") or ""
        elif indicator.kind == IndicatorKind.CHOICE:
            choice = given.get("choice", "") or ""
            if choice and choice not in indicator.option_list():
                raise ReportError(_("Lựa chọn không hợp lệ cho “%(label)s”.") % {"label": indicator.label})
            value.choice = choice
        else:
            value.text = given.get("text", "") or ""
        value.save()


def _store_dispatch(report, dispatch):
    if dispatch.get("number") is not None:
        report.dispatch_number = dispatch["number"]
    if dispatch.get("date") is not None:
        report.dispatch_date = dispatch["date"]
    if dispatch.get("file"):
        if report.dispatch_file:
            report.dispatch_file.delete(save=False)
        report.dispatch_file.save(dispatch["file"].name, dispatch["file"], save=False)


def missing(report):
    """Labels of what the report still lacks before it can be submitted."""
    answers = {value.indicator_id: value for value in report.values.all()}
    lacking = []
    for indicator in report.period.indicators.all():
        value = answers.get(indicator.pk)
        if value is None or value.display in ("", None):
            lacking.append(indicator.label)
        elif indicator.kind == IndicatorKind.NUMBER and value.is_corrected and not value.note:
            lacking.append(_("%(label)s (ghi chú vì sao sửa số liệu có sẵn)") % {"label": indicator.label})
    has_dispatch = report.dispatch_number and report.dispatch_date and report.dispatch_file
    if report.period.requires_dispatch and not has_dispatch:
        lacking.append(_("công văn (số, ngày, bản ký PDF)"))
    return lacking


def record_change(report, actor, from_state, to_state, reason=""):
    return ReportStateChange.objects.create(
        report=report, actor=actor, from_state=from_state, to_state=to_state, reason=reason
    )


def submit(report, actor, now=None):
    """The reporter submits: every indicator answered, a corrected figure explained, the signed dispatch
    attached, before the deadline (or a returned report, at any time). Read-only afterwards."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)  # no outer join: PostgreSQL locks none
        if TRANSITIONS.get((current.state, S.SUBMITTED)) != REPORTER:
            raise NotAllowed(_("Báo cáo này đã được nộp."))
        check_reporter(actor, current.period, current.reporter)
        check_window(current.period, current.reporter, current, now)
        if lacking := missing(current):
            raise Incomplete(_("Chưa thể nộp, còn thiếu: %(items)s.") % {"items": "; ".join(lacking)})
        from_state = current.state
        current.state, current.submitted_at, current.submitted_by = S.SUBMITTED, now, actor
        current.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
        record_change(current, actor, from_state, S.SUBMITTED)
        notifications.queue_submitted(current)
    report.state, report.submitted_at = current.state, current.submitted_at
    return current


def return_report(report, actor, reason):
    """The Board returns a submitted report with the reason the reporter will read; it becomes editable again."""
    reason = (reason or "").strip()
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if not is_board(actor):
            raise NotAllowed(_("Chỉ Ban Điều hành trả lại báo cáo."))
        if TRANSITIONS.get((current.state, S.RETURNED)) != BOARD:
            raise NotAllowed(_("Chỉ trả lại được báo cáo đã nộp."))
        if not reason:
            raise ReportError(_("Cần nêu lý do trả lại; đơn vị báo cáo sẽ thấy lý do này."), field="reason")
        current.state, current.returned_reason = S.RETURNED, reason
        current.save(update_fields=["state", "returned_reason", "updated_at"])
        record_change(current, actor, S.SUBMITTED, S.RETURNED, reason=reason)
        notifications.queue_returned(current)
    report.state, report.returned_reason = current.state, current.returned_reason
    return current


def expected_reporters(period):
    """Every reporter `period` asks (active agencies of its kinds, live clubs of its kinds), in Vietnamese order."""
    from clubs.models import ClubPage
    from portal.models import Agency
    from portal.ordering import vi
    from reporting.reporters import Reporter
    from reporting.rules import kind_ids

    agencies = Agency.objects.filter(is_active=True, kind__in=kind_ids(period.agency_kinds))
    agencies = agencies.select_related("kind", "unit")
    clubs = ClubPage.objects.live().filter(kind__in=kind_ids(period.club_kinds)).select_related("kind", "unit")
    return [Reporter(agency=a) for a in agencies.order_by(vi("name"))] + [
        Reporter(club=c) for c in clubs.order_by(vi("title"))
    ]


def progress(period):
    """[(reporter, report or None, deadline)] for every reporter the period asks: the Board's who-has-reported."""
    reports = {}
    for report in Report.objects.filter(period=period).select_related("agency", "club"):
        key = f"agency-{report.agency_id}" if report.agency_id else f"club-{report.club_id}"
        reports[key] = report
    period = ReportingPeriod.objects.prefetch_related("extensions").get(pk=period.pk)
    return [(r, reports.get(r.key), period.deadline_for(r)) for r in expected_reporters(period)]


def reporters_to_remind(days, now=None):
    """(period, reporter, deadline) for the open periods whose reporter's deadline falls within `days` and whose
    report is not submitted."""
    now = now or timezone.now()
    due = []
    cutoff = deadlines.cutoff(now)
    periods = (
        ReportingPeriod.objects.filter(Q(deadline__gte=cutoff) | Q(extensions__deadline__gte=cutoff))
        .distinct()
        .order_by("deadline", "pk")
    )
    for period in periods:
        for reporter, report, deadline in progress(period):
            if report is not None and report.state == S.SUBMITTED:
                continue
            if deadlines.is_open(deadline, now) and deadline <= now + timedelta(days=days):
                due.append((period, reporter, deadline))
    return due
