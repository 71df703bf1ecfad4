"""The Board's custom admin screens, wired into the snippet viewsets in wagtail_hooks.py: who has and has not
reported in a period, a report inspected with its values and audit trail, and returning a report with a reason.
Changes go through reporting.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import InspectView

from portal.documents import docx, pdf, spreadsheet
from reporting import compile, documents, self_reports, services
from reporting.enums import ReportState
from reporting.forms import ReturnForm, SelfReportPeriodForm
from reporting.models import Report, ReportingPeriod
from reporting.rules import is_board


class BoardOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_board(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PeriodDocumentMixin:
    """The period of a Board screen that writes documents from its indicators, named under the page title."""

    @cached_property
    def period(self):
        return get_object_or_404(ReportingPeriod.objects.prefetch_related("indicators"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.period.title


class ProgressView(BoardOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Who has reported, who has a draft, who has not started, with each one's deadline."""

    template_name = "reporting/admin/progress.html"
    page_title = gettext_lazy("Tình hình nộp báo cáo")
    header_icon = "list-ul"

    @cached_property
    def period(self):
        return get_object_or_404(ReportingPeriod, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.period.title

    def get_context_data(self, **kwargs):
        rows = services.progress(self.period)
        submitted = sum(1 for _reporter, report, _deadline in rows if report and report.state == ReportState.SUBMITTED)
        return super().get_context_data(
            period=self.period, rows=rows, submitted=submitted, missing=len(rows) - submitted,
            inspect_url_name=Report.snippet_viewset.get_url_name("inspect"), **kwargs,
        )


class ReportInspectView(InspectView):
    template_name = "reporting/admin/report_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        answers = {value.indicator_id: value for value in report.values.all()}
        context.update(
            report=report,
            rows=[(indicator, answers.get(indicator.pk)) for indicator in report.period.indicators.all()],
            changes=report.state_changes.select_related("actor"),
            can_return=report.state == ReportState.SUBMITTED,
        )
        return context


class ReturnView(BoardOnlyMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "reporting/admin/return.html"
    page_title = gettext_lazy("Trả lại báo cáo")
    header_icon = "undo"
    form_class = ReturnForm

    @cached_property
    def report(self):
        return get_object_or_404(Report.objects.select_related("period", "agency", "club"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.report)

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)

    def form_valid(self, form):
        try:
            services.return_report(self.report, self.request.user, form.cleaned_data["reason"])
        except services.ReportError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, _("Đã trả lại báo cáo và báo cho đơn vị."))
        return redirect(Report.snippet_viewset.get_url_name("inspect"), self.report.pk)


class CompileView(PeriodDocumentMixin, BoardOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The compiled report of a period: totals by district and by kind, choices, narratives side by side; as XLSX
    with ?export=xlsx."""

    template_name = "reporting/admin/compile.html"
    page_title = gettext_lazy("Tổng hợp báo cáo")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        compiled = compile.compile_period(self.period)
        wanted = request.GET.get("export")
        if wanted == "xlsx":
            content = spreadsheet.workbook_bytes(compile.tables(compiled), self.period.title)
            return download(content, f"tong-hop-bao-cao-{self.period.pk}.xlsx", spreadsheet.CONTENT_TYPE)
        if wanted in FORMATS:
            document = documents.compiled_report(compiled, on=timezone.localdate())
            return as_document(document, f"bao-cao-tong-hop-{self.period.pk}", wanted)
        context = self.get_context_data(compiled=compiled, tables=compile.tables(compiled), **kwargs)
        return self.render_to_response(context)


FORMATS = {"docx": (docx.render, docx.CONTENT_TYPE), "pdf": (pdf.render, "application/pdf")}


def download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def as_document(document, stem, wanted):
    render, content_type = FORMATS[wanted]
    return download(render(document), f"{stem}.{wanted}", content_type)


class DispatchView(PeriodDocumentMixin, BoardOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The Board's dispatch calling for a period's reports, as DOCX or PDF (?export=docx|pdf); a preview page
    otherwise."""

    template_name = "reporting/admin/dispatch.html"
    page_title = gettext_lazy("Công văn đề nghị báo cáo")
    header_icon = "mail"

    def get(self, request, *args, **kwargs):
        reporters = services.expected_reporters(self.period)
        document = documents.call_for_reports(self.period, reporters, on=timezone.localdate())
        wanted = request.GET.get("export")
        if wanted in FORMATS:
            return as_document(document, f"cong-van-de-nghi-bao-cao-{self.period.pk}", wanted)
        return self.render_to_response(self.get_context_data(document=document, **kwargs))


class OpenSelfReportView(BoardOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """The Board opens the clubs' yearly self-report with its standard form, then edits it as any period."""

    template_name = "reporting/admin/open_self_report.html"
    page_title = gettext_lazy("Mở kỳ tự báo cáo năm của câu lạc bộ")
    header_icon = "date"
    form_class = SelfReportPeriodForm

    def get_initial(self):
        from clubs.models import ClubKind

        return {"year": timezone.localdate().year, "club_kinds": list(ClubKind.objects.all())}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            period = self_reports.open_period(
                self.request.user, data["year"], data["deadline"], data["club_kinds"], data["instructions"]
            )
        except services.ReportError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã mở “%(title)s”.") % {"title": period.title})
        return redirect(ReportingPeriod.snippet_viewset.get_url_name("edit"), period.pk)
