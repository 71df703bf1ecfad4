"""The Board's "Đề cử ToT" admin: wiring only. Views live in training.nominations.admin_views; changes go through
training.nominations.services."""

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.admin.filters import SuggestFilter
from portal.formats.numbers import decimal
from portal.inputs import suggest
from portal.models import Agency
from portal.review.recusal import withdrawn_total
from training.nominations import admin_views, services
from training.nominations.enums import Gender, NominationStatus
from training.nominations.forms import DecisionForm, NominationRoundAdminForm
from training.nominations.models import BoardDecision, Nomination, NominationRound, NominationSector
from training.rules import is_board

NominationRound.base_form_class = NominationRoundAdminForm

# ---------------------------------------------------------------- rounds and decisions


class NominationRoundViewSet(SnippetViewSet):
    model = NominationRound
    icon = "date"
    menu_label = gettext_lazy("Đợt đề cử")
    list_display = ["title", "year", DateColumn("opens_at", label=gettext_lazy("Mở")),
                    DateColumn("closes_at", label=gettext_lazy("Hạn nộp")), "target_trainers", "is_published"]
    list_filter = ["year", "is_published"]
    search_fields = ["title"]
    inspect_view_enabled = True
    inspect_view_fields = ["title", "year", "opens_at", "closes_at", "target_trainers", "target_year", "is_published"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("release/<int:pk>/", admin_views.ReleaseView.as_view(), name="release"),
        ]


class BoardDecisionViewSet(SnippetViewSet):
    model = BoardDecision
    icon = "doc-full"
    menu_label = gettext_lazy("Quyết định của Ban")
    list_display = ["number", DateColumn("date", label=gettext_lazy("Ngày")), "summary", "round"]
    list_filter = ["round"]
    search_fields = ["number", "summary"]


# ---------------------------------------------------------------- nominations


def _nomination_sectors():
    return Tag.objects.filter(pk__in=NominationSector.objects.values("tag_id"))


# Agencies (hundreds at province scale) and sectors (free tags) are text boxes with suggestions; the rounds, one or
# two a year, stay a select.
NOMINATION_AGENCIES = suggest.register(
    "nomination-agencies", Agency, suggest.listing_scope(Nomination, Agency.objects.all), field="name"
)
NOMINATION_SECTORS = suggest.register(
    "nomination-sectors", Tag, suggest.listing_scope(Nomination, _nomination_sectors), field="name"
)


class NominationFilterSet(WagtailFilterSet):
    round = django_filters.ModelChoiceFilter(
        queryset=NominationRound.objects.order_by("-opens_at"), label=gettext_lazy("Đợt")
    )
    agency = SuggestFilter(source=NOMINATION_AGENCIES, label=gettext_lazy("Cơ quan"))
    status = django_filters.ChoiceFilter(choices=NominationStatus.choices, label=gettext_lazy("Trạng thái"))
    sector = SuggestFilter(
        source=NOMINATION_SECTORS, field_name="sectors", distinct=True, label=gettext_lazy("Lĩnh vực")
    )
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=gettext_lazy("Giới tính"))
    is_entrepreneur = django_filters.BooleanFilter(label=gettext_lazy("Doanh nhân"))
    pending = django_filters.BooleanFilter(method="filter_pending", label=gettext_lazy("Có quyết định chờ công bố"))
    duplicate = django_filters.BooleanFilter(method="filter_duplicate", label=gettext_lazy("Có cảnh báo trùng"))

    class Meta:
        model = Nomination
        fields = ["round", "agency", "status", "sector", "gender", "is_entrepreneur"]

    def filter_pending(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(pending_status="") if value else queryset.filter(pending_status="")

    def filter_duplicate(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(duplicate_alerts__isnull=not value).distinct()


class NominationPermissionPolicy(ModelPermissionPolicy):
    """Nominations come from agencies and are records: the Board neither creates nor deletes them here."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete", "copy"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(Nomination, NominationPermissionPolicy(Nomination))


class ScoreColumn(Column):
    def get_value(self, instance):
        value = super().get_value(instance)
        return "—" if value is None else decimal(value)


class NominationViewSet(SnippetViewSet):
    model = Nomination
    icon = "user"
    menu_label = gettext_lazy("Hồ sơ đề cử")
    index_view_class = admin_views.NominationIndexView
    inspect_view_class = admin_views.NominationInspectView
    inspect_view_enabled = True
    filterset_class = NominationFilterSet
    search_fields = ["full_name", "folded_name", "email"]
    search_backend_name = None
    list_per_page = 20
    ordering = ["-submitted_at", "-pk"]
    list_display = [
        "full_name",
        "agency",
        "round",
        Column("get_status_display", label=gettext_lazy("Trạng thái"), sort_key="status"),
        Column("get_pending_status_display", label=gettext_lazy("Chờ công bố"), sort_key="pending_status"),
        Column("review_count", label=gettext_lazy("Phiếu chấm"), sort_key="review_count"),
        ScoreColumn("avg_score", label=gettext_lazy("Điểm TB"), sort_key="avg_score"),
        ScoreColumn("spread", label=gettext_lazy("Chênh lệch"), sort_key="spread"),
        DateColumn("submitted_at", label=gettext_lazy("Ngày nộp"), sort_key="submitted_at"),
    ]
    # Shows the CSV/XLSX buttons; the rows come from training.nominations.exports (chunked, formulas neutralised).
    list_export = ["full_name"]
    export_filename = "ho-so-de-cu-tot"
    panels = [FieldPanel("internal_notes")]

    def get_queryset(self, request):
        return Nomination.objects.with_scores().select_related("round", "agency")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("decide/<int:pk>/", admin_views.DecideView.as_view(), name="decide"),
            path("scoring/", admin_views.ScoringListView.as_view(), name="scoring"),
            path("scoring/<int:pk>/", admin_views.ScoreView.as_view(), name="score"),
            path("scoring/<int:pk>/recuse/", admin_views.RecuseView.as_view(), name="recuse"),
        ]


class BoardOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return is_board(request.user)


class TrainingAdminGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Đề cử ToT")
    menu_icon = "group"
    menu_order = 260
    items = [NominationViewSet, NominationRoundViewSet, BoardDecisionViewSet]

    def get_submenu_items(self):
        return super().get_submenu_items() + [
            BoardOnlyMenuItem(
                _("Chấm điểm hồ sơ"), reverse(Nomination.snippet_viewset.get_url_name("scoring")),
                icon_name="clipboard-list", order=900,
            )
        ]


register_snippet(TrainingAdminGroup)


# ---------------------------------------------------------------- decisions in bulk


class DecideBulkAction(SnippetBulkAction):
    """The same decision for the selected nominations: prepared, or released at once; all or none."""

    display_name = gettext_lazy("Quyết định")
    action_type = "decide"
    aria_label = gettext_lazy("Quyết định cho các hồ sơ đã chọn")
    template_name = "training/admin/bulk_decide.html"
    action_priority = 20
    form_class = DecisionForm

    models = [Nomination]

    def check_perm(self, obj):
        return is_board(self.request.user)

    def form_valid(self, form):
        objects, _without_access = self.get_actionable_objects()
        data = form.cleaned_data
        kwargs = {"reason": data["reason"], "decision": data["decision"]}
        try:
            services.prepare_decisions(objects, self.request.user, data["outcome"], **kwargs)
            if data["release_now"]:
                released = services.release_decisions(self.request.user, nominations=objects)
                admin_views.report_skipped(self.request, released.skipped)
        except services.NominationError as error:
            messages.error(self.request, _("Không thực hiện được: %(error)s") % {"error": error.message})
            return redirect(self.next_url)
        messages.success(self.request, _("Đã ghi quyết định cho %(count)s hồ sơ.") % {"count": len(objects)})
        return redirect(self.next_url)


hooks.register("register_bulk_action", DecideBulkAction)


@hooks.register("register_log_actions")
def register_nomination_log_actions(actions):
    @actions.register_action(services.PENDING_CLEARED)
    class PendingDecisionCleared(LogFormatter):
        label = gettext_lazy("Hủy quyết định đã chuẩn bị")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            outcome = data.get("outcome", "")
            label = NominationStatus(outcome).label if outcome in NominationStatus.values else outcome
            return _("Đã hủy quyết định đã chuẩn bị (%(outcome)s, %(decision)s): %(why)s") % {
                "outcome": label, "decision": data.get("decision", ""), "why": data.get("why", ""),
            }

    @actions.register_action(services.REVIEW_WITHDRAWN)
    class ReviewWithdrawn(LogFormatter):
        label = gettext_lazy("Rút phiếu chấm do xung đột lợi ích")

        def format_message(self, log_entry):
            return _("Người chấm khai báo xung đột lợi ích; phiếu chấm %(total)s điểm không còn được tính.") % {
                "total": withdrawn_total(log_entry)
            }


@hooks.register("register_snippet_listing_buttons")
def round_release_button(snippet, user, next_url=None):
    if isinstance(snippet, NominationRound) and is_board(user):
        url = reverse(NominationRound.snippet_viewset.get_url_name("release"), args=[snippet.pk])
        yield Button(_("Công bố quyết định"), url=url, icon_name="mail", priority=30)


# ---------------------------------------------------------------- deleting what nominations rest on


@hooks.register("before_delete_snippet")
def refuse_deleting_what_nominations_rest_on(request, instances):
    """A round or an agency with nominations is never deleted: the nominations would go with it."""
    blocked = []
    for instance in instances:
        if isinstance(instance, (NominationRound, Agency)) and instance.nominations.exists():
            blocked.append(str(instance))
    if blocked:
        messages.error(
            request,
            _("Không thể xóa “%(names)s” vì còn hồ sơ đề cử gắn với nó. Hãy xử lý các hồ sơ trước.")
            % {"names": "”, “".join(blocked)},
        )
        return redirect(request.META.get("HTTP_REFERER") or reverse("wagtailadmin_home"))
    return None
