"""The Board's "Báo cáo định kỳ" admin: wiring only. Views live in reporting.admin_views; changes go through
reporting.services."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from reporting import admin_views
from reporting.models import Report, ReportingPeriod
from reporting.rules import is_board


class PeriodIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if is_board(self.request.user):
            url = reverse(ReportingPeriod.snippet_viewset.get_url_name("open_self_report"))
            buttons.append(HeaderButton(_("Mở kỳ tự báo cáo năm của CLB"), url=url, icon_name="date"))
        return buttons


class ReportingPeriodViewSet(SnippetViewSet):
    model = ReportingPeriod
    index_view_class = PeriodIndexView
    icon = "date"
    menu_label = gettext_lazy("Kỳ báo cáo")
    list_display = [
        "title", Column("get_kind_display", label=gettext_lazy("Loại kỳ"), sort_key="kind"),
        DateColumn("deadline", label=gettext_lazy("Hạn nộp"), sort_key="deadline"),
    ]
    list_filter = ["kind"]
    search_fields = ["title"]
    ordering = ["-deadline", "-pk"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("progress/<int:pk>/", admin_views.ProgressView.as_view(), name="progress"),
            path("compile/<int:pk>/", admin_views.CompileView.as_view(), name="compile"),
            path("dispatch/<int:pk>/", admin_views.DispatchView.as_view(), name="dispatch"),
            path("open-self-report/", admin_views.OpenSelfReportView.as_view(), name="open_self_report"),
        ]


class ReportPermissionPolicy(ModelPermissionPolicy):
    """Reports come from agencies and clubs: the Board reads, inspects and returns them, never writes them."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "copy"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(Report, ReportPermissionPolicy(Report))


class ReportViewSet(SnippetViewSet):
    model = Report
    icon = "doc-full"
    menu_label = gettext_lazy("Báo cáo đã nhận")
    inspect_view_class = admin_views.ReportInspectView
    inspect_view_enabled = True
    list_filter = ["period", "state"]
    ordering = ["-submitted_at", "-pk"]
    list_display = [
        Column("reporter_name", label=gettext_lazy("Đơn vị báo cáo")),
        "period",
        Column("get_state_display", label=gettext_lazy("Trạng thái"), sort_key="state"),
        DateColumn("submitted_at", label=gettext_lazy("Nộp lúc"), sort_key="submitted_at"),
    ]

    def get_queryset(self, request):
        return Report.objects.select_related("period", "agency", "club")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("return/<int:pk>/", admin_views.ReturnView.as_view(), name="return"),
        ]


class ReportingAdminGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Báo cáo định kỳ")
    menu_icon = "doc-full-inverse"
    menu_order = 280
    items = [ReportViewSet, ReportingPeriodViewSet]


register_snippet(ReportingAdminGroup)


@hooks.register("register_snippet_listing_buttons")
def period_progress_button(snippet, user, next_url=None):
    if isinstance(snippet, ReportingPeriod) and is_board(user):
        url = reverse(ReportingPeriod.snippet_viewset.get_url_name("progress"), args=[snippet.pk])
        yield Button(_("Tình hình nộp"), url=url, icon_name="list-ul", priority=30)
        url = reverse(ReportingPeriod.snippet_viewset.get_url_name("compile"), args=[snippet.pk])
        yield Button(_("Tổng hợp"), url=url, icon_name="table", priority=31)
        url = reverse(ReportingPeriod.snippet_viewset.get_url_name("dispatch"), args=[snippet.pk])
        yield Button(_("Công văn đề nghị báo cáo"), url=url, icon_name="mail", priority=32)


@hooks.register("before_delete_snippet")
def refuse_deleting_periods_with_reports(request, instances):
    """A period with reports is never deleted: the reports would go with it (PROTECT would answer 500)."""
    blocked = [str(i) for i in instances if isinstance(i, ReportingPeriod) and i.reports.exists()]
    if blocked:
        messages.error(
            request,
            _("Không thể xóa “%(names)s” vì đã có báo cáo của đơn vị trong kỳ.") % {"names": "”, “".join(blocked)},
        )
        return redirect(request.META.get("HTTP_REFERER") or reverse("wagtailadmin_home"))
    return None
