"""The reporters' screens on the front end: an agency's nominator for the agency, a club's editors for the club.
Thin: forms validate, reporting.services decides.

A period that does not ask the reporter, another agency's or club's report, a club the user does not edit: 404.
Once submitted, a report is shown read-only and a crafted POST changes nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.inputs import deadlines
from reporting import figures, services
from reporting.enums import ReportState
from reporting.forms import ReportForm
from reporting.links import report_path
from reporting.models import Report, ReportingPeriod
from reporting.reporters import Reporter
from reporting.rules import edited_clubs, is_asked, reporters_of
from training.nominations.rules import is_nominator
from training.nominations.views import time_left


def periods_asking(reporter):
    kinds = {"agency_kinds": reporter.agency.kind_id} if reporter.agency else {"club_kinds": reporter.club.kind_id}
    return ReportingPeriod.objects.filter(**kinds).prefetch_related("extensions").order_by("-deadline", "-pk")


@login_required
def period_list(request):
    reporters = reporters_of(request.user)
    if not reporters:
        raise PermissionDenied
    now = timezone.now()
    sections = []
    for reporter in reporters:
        reports = {r.period_id: r for r in Report.objects.filter(**reporter.lookup())}
        rows = []
        for period in periods_asking(reporter):
            deadline = period.deadline_for(reporter)
            rows.append({
                "period": period, "report": reports.get(period.pk), "deadline": deadline,
                "is_open": deadlines.is_open(deadline, now), "extended": deadline != period.deadline,
                "time_left": time_left(deadlines.ends_at(deadline), now), "url": report_path(period, reporter),
            })
        sections.append({"reporter": reporter, "rows": rows})
    return render(request, "reporting/period_list.html", {"page_title": _("Báo cáo định kỳ"), "sections": sections})


def asked_period(period_pk, reporter):
    period = get_object_or_404(ReportingPeriod.objects.prefetch_related("indicators", "extensions"), pk=period_pk)
    if not is_asked(period, reporter):
        raise Http404
    return period


@login_required
@require_http_methods(["GET", "POST"])
def agency_report(request, period_pk):
    if not is_nominator(request.user):
        raise Http404
    reporter = Reporter(agency=request.user.agency)
    return report_page(request, asked_period(period_pk, reporter), reporter)


@login_required
@require_http_methods(["GET", "POST"])
def club_report(request, period_pk, club_pk):
    club = get_object_or_404(edited_clubs(request.user).select_related("kind", "unit"), pk=club_pk)
    reporter = Reporter(club=club)
    return report_page(request, asked_period(period_pk, reporter), reporter)


def report_page(request, period, reporter):
    report = services.report_of(period, reporter)
    deadline = period.deadline_for(reporter)
    now = timezone.now()
    editable = (report is None or report.is_editable) and (
        deadlines.is_open(deadline, now) or (report is not None and report.state == ReportState.RETURNED)
    )
    here = report_path(period, reporter)
    if request.method == "POST" and not editable:
        messages.error(request, _("Báo cáo này không thể sửa nữa (đã nộp hoặc đã quá hạn). Không có gì thay đổi."))
        return redirect(here)
    indicators = list(period.indicators.all())
    known = figures.known_values(period, reporter, indicators)
    form = None
    if editable:
        form = ReportForm(
            request.POST or None, request.FILES or None, indicators=indicators, known=known, report=report,
            with_dispatch=period.requires_dispatch,
        )
        if request.method == "POST" and form.is_valid():
            try:
                report = services.save_draft(
                    period, reporter, request.user, form.values(), dispatch=form.dispatch(), now=now
                )
                if request.POST.get("action") == "submit":
                    services.submit(report, request.user, now=now)
                    messages.success(request, _("Đã nộp báo cáo. Ban Điều hành đã nhận được."))
                else:
                    messages.success(request, _("Đã lưu bản nháp."))
            except services.ReportError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect(here)
    answers = {value.indicator_id: value for value in report.values.all()} if report else {}
    return render(request, "reporting/report.html", {
        "page_title": period.title,
        "period": period,
        "reporter": reporter,
        "report": report,
        "form": form,
        "deadline": deadline,
        "extended": deadline != period.deadline,
        "time_left": time_left(deadlines.ends_at(deadline), now),
        "rows": [(indicator, answers.get(indicator.pk)) for indicator in indicators],
        "changes": report.state_changes.select_related("actor") if report else [],
    })


@login_required
def dispatch_download(request, pk):
    """The signed dispatch, to its own reporter and the Board only (files are never linked from /media/)."""
    report = get_object_or_404(Report.objects.for_user(request.user).exclude(dispatch_file=""), pk=pk)
    return FileResponse(
        report.dispatch_file.open("rb"), content_type="application/pdf", filename=f"cong-van-bao-cao-{report.pk}.pdf"
    )
