"""The Board's report of clubs that have gone quiet, so the network can be kept alive: no page change, no news
and no report submitted (the yearly self-report, or any other) for CLUB_QUIET_AFTER_DAYS."""

import django_filters
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .models import ClubKind, ClubPage


class QuietClubsFilterSet(WagtailFilterSet):
    kind = django_filters.ModelChoiceFilter(queryset=ClubKind.objects.all(), label=_("Loại câu lạc bộ"))

    class Meta:
        model = ClubPage
        fields = ["kind", "unit"]


class QuietClubsReport(ReportView):
    page_title = _("Câu lạc bộ ít hoạt động")
    header_icon = "warning"
    index_url_name = "quiet_clubs"
    index_results_url_name = "quiet_clubs_results"
    filterset_class = QuietClubsFilterSet
    permission_required = "change"  # checked by user_has_permission below: Board staff only
    list_export = ["title", "kind", "unit", "last_news_at", "last_report_at", "last_activity_at"]
    export_headings = {
        "title": _("Câu lạc bộ"),
        "kind": _("Loại"),
        "unit": _("Địa bàn"),
        "last_news_at": _("Tin gần nhất"),
        "last_report_at": _("Báo cáo gần nhất"),
        "last_activity_at": _("Hoạt động gần nhất"),
    }
    columns = [
        TitleColumn("title", label=_("Câu lạc bộ"), get_url=lambda club: club.url),
        Column("kind", label=_("Loại")),
        Column("unit", label=_("Địa bàn")),
        DateColumn("last_news_at", label=_("Tin gần nhất")),
        DateColumn("last_report_at", label=_("Báo cáo gần nhất")),
        DateColumn("last_activity_at", label=_("Hoạt động gần nhất")),
    ]

    def get_filename(self):
        return f"clb-it-hoat-dong-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return ClubPage.objects.quiet().select_related("kind", "unit")

    def user_has_permission(self, permission):
        return self.request.user.has_perm("clubs.change_clubkind")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quiet_after_days"] = settings.CLUB_QUIET_AFTER_DAYS
        return context
