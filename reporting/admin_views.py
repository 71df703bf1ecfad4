"""The Board's custom admin screens, wired into the snippet viewsets in wagtail_hooks.py: who has and has not
reported in a period, a report inspected with its values and audit trail, and returning a report with a reason.
Changes go through reporting.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import InspectView

from reporting import services
from reporting.enums import ReportState
from reporting.forms import ReturnForm
from reporting.models import Report, ReportingPeriod
from reporting.rules import is_board


class BoardOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_board(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


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
