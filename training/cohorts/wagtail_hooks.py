"""The Board's "Lớp đào tạo" menu in the Wagtail admin: wiring only. Snippet viewsets of courses, cohorts,
enrolments, trainers, practicum and (from training.certificates.wagtail_hooks) certificates; the cohort's
"Điều hành lớp" button and custom screens (training.cohorts.admin_views); the reach report in "Báo cáo"."""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.admin.delete import RefuseProtectedSnippetDeleteView
from portal.admin.filters import SuggestFilter
from portal.inputs import suggest
from training.certificates.wagtail_hooks import CertificateTemplateViewSet, CertificateViewSet, RenewalViewSet
from training.cohorts import admin_views
from training.cohorts.enums import CohortState
from training.cohorts.forms import CohortAdminForm, EnrolmentAdminForm
from training.cohorts.models import Cohort, Course, Enrolment, PracticumDelivery, TrainerProfile
from training.rules import is_board

Cohort.base_form_class = CohortAdminForm
Enrolment.base_form_class = EnrolmentAdminForm


class CourseViewSet(SnippetViewSet):
    model = Course
    icon = "tasks"
    menu_label = gettext_lazy("Khóa đào tạo")
    list_display = ["title", "min_attendance_percent", "must_pass_assessment", "practicum_sessions_required"]
    search_fields = ["title"]


class CohortFilterSet(WagtailFilterSet):
    """The state filter asks Cohort.objects.in_state, the same rule as the state column."""

    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Trạng thái"), choices=CohortState.choices, method="filter_state"
    )

    class Meta:
        model = Cohort
        fields = ["course"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(pk__in=Cohort.objects.in_state(value).values("pk")) if value else queryset


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "group"
    menu_label = gettext_lazy("Lớp đào tạo")
    list_display = ["name", "course", "state_label", "start_date", "end_date", "venue", "capacity"]
    filterset_class = CohortFilterSet
    list_export = ["name", "course", "state_label", "start_date", "end_date", "venue", "capacity"]
    search_fields = ["name", "venue"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        # The state column reads the prefetched sessions: one query for the page, not one per row.
        return Cohort.objects.select_related("course").prefetch_related("sessions")


# A text box with suggestions, not a select of every cohort: cohorts accumulate year after year.
ENROLMENT_COHORTS = suggest.register(
    "enrolment-cohorts", Cohort, suggest.listing_scope(Enrolment, Cohort.objects.all),
    field="name", hint="course__title",
)


class EnrolmentFilterSet(WagtailFilterSet):
    cohort = SuggestFilter(source=ENROLMENT_COHORTS, label=gettext_lazy("Lớp"))

    class Meta:
        model = Enrolment
        fields = ["cohort", "status", "passed"]


class EnrolmentViewSet(SnippetViewSet):
    model = Enrolment
    icon = "user"
    menu_label = gettext_lazy("Học viên")
    list_display = ["full_name", "cohort", "status", "assessment_score", "passed", "user"]
    filterset_class = EnrolmentFilterSet
    list_export = ["full_name", "cohort", "status", "assessment_score", "passed", "completed_at"]
    search_fields = ["nomination__full_name"]
    inspect_view_enabled = True
    panels = ["user", "status"]

    def get_queryset(self, request):
        return Enrolment.objects.select_related("nomination", "cohort__course", "user")


class TrainerProfileViewSet(SnippetViewSet):
    model = TrainerProfile
    icon = "user"
    menu_label = gettext_lazy("Giảng viên nguồn")
    list_display = ["display_name", "status", "unit", "certified_on", "expires_on", "show_on_register"]
    list_filter = ["status", "unit", "show_on_register"]
    list_export = ["display_name", "status", "unit", "workplace", "certified_on", "expires_on"]
    search_fields = ["display_name"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return TrainerProfile.objects.select_related("unit")  # the unit column: one query, not one per row


class PracticumDeliveryViewSet(SnippetViewSet):
    model = PracticumDelivery
    delete_view_class = RefuseProtectedSnippetDeleteView  # a delivery renewal requests rest on is kept
    icon = "date"
    menu_label = gettext_lazy("Thực hành tại CLB")
    list_display = ["trainer", "date", "club", "topic", "participants", "confirmed_at"]
    list_filter = ["role"]
    list_export = ["trainer", "date", "club", "topic", "role", "participants", "confirmed_at"]
    search_fields = ["topic", "trainer__display_name"]


class CohortsGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Lớp đào tạo")
    menu_icon = "group"
    menu_order = 310
    items = [
        CohortViewSet,
        CourseViewSet,
        EnrolmentViewSet,
        TrainerProfileViewSet,
        PracticumDeliveryViewSet,
        CertificateViewSet,
        CertificateTemplateViewSet,
        RenewalViewSet,
    ]


register_snippet(CohortsGroup)


@hooks.register("register_snippet_listing_buttons")
def cohort_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Cohort) and is_board(user):
        yield ListingButton(_("Điều hành lớp"), url=reverse("tot_cohort_manage", args=[snippet.pk]), priority=5)


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        return is_board(request.user)


@hooks.register("register_reports_menu_item")
def reach_menu_item():
    return BoardMenuItem(_("Lan tỏa giảng viên nguồn"), reverse("tot_reach_report"), icon_name="group", order=710)


@hooks.register("register_reports_menu_item")
def at_risk_menu_item():
    return BoardMenuItem(
        _("Học viên có nguy cơ không đạt"), reverse("tot_at_risk_report"), icon_name="warning", order=711
    )


@hooks.register("register_reports_menu_item")
def certificates_review_menu_item():
    return BoardMenuItem(
        _("Giấy chứng nhận cần rà soát"), reverse("tot_certificates_review"), icon_name="doc-full", order=712
    )


@hooks.register("register_admin_urls")
def cohort_admin_urls():
    return [
        path("tot/lop/<int:pk>/", admin_views.cohort_manage, name="tot_cohort_manage"),
        path("tot/lop/<int:pk>/ghi-danh/", admin_views.cohort_enrol, name="tot_cohort_enrol"),
        path("tot/lop/<int:pk>/diem-danh/", admin_views.cohort_attendance, name="tot_cohort_attendance"),
        path("tot/lop/<int:pk>/ket-qua/", admin_views.cohort_results, name="tot_cohort_results"),
        path("tot/lop/<int:pk>/dong-lop/", admin_views.cohort_close, name="tot_cohort_close"),
        path("tot/lop/<int:pk>/mo-lai/", admin_views.cohort_reopen, name="tot_cohort_reopen"),
        path("tot/lan-toa/", admin_views.reach_report, name="tot_reach_report"),
        path("tot/nguy-co/", admin_views.at_risk_report, name="tot_at_risk_report"),
        path("tot/giay-chung-nhan-can-ra-soat/", admin_views.early_certificates_report, name="tot_certificates_review"),
    ]
