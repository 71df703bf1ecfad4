"""The Board's event screens in the Wagtail admin: kinds, registrations (filter, export, attendance),
delegations, study-tour reports and the overview of missing reports. Exports neutralise formulas through
portal.security.spreadsheets, like every Wagtail export."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.admin.filters import SuggestFilter
from portal.inputs import suggest
from portal.models import Agency
from portal.ordering import vi
from portal.personal_data import notices

from . import services
from .enums import RegistrationStatus
from .errors import EventError
from .models import Delegate, EventKind, EventPage, Registration, StudyTourReport


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """Registrations and reports come from the front end (through the services that keep capacity and the
    one-place-per-e-mail rule); the admin may view, correct and export them, not invent them."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Registration, NoAddPermissionPolicy(Registration))
register_permission_policy(StudyTourReport, NoAddPermissionPolicy(StudyTourReport))


def events_by_date():
    return EventPage.objects.order_by("-start")


class EventKindViewSet(SnippetViewSet):
    model = EventKind
    icon = "tag"
    menu_label = _("Loại sự kiện")
    list_display = ["name", "slug", "is_study_tour", "sort_order"]


# The event filters are text boxes with suggestions, not selects of every event (thousands at province scale).
REGISTRATION_EVENTS = suggest.register(
    "registration-events", EventPage, suggest.listing_scope(Registration, events_by_date), hint="start"
)


class RegistrationFilterSet(WagtailFilterSet):
    event = SuggestFilter(source=REGISTRATION_EVENTS, label=_("Sự kiện"))

    class Meta:
        model = Registration
        fields = ["event", "status", "attended"]


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Đăng ký tham dự")
    list_display = ["full_name", "email", "phone", "organisation", "event", "status", "attended", "created_at"]
    list_export = [
        "full_name", "email", "phone", "organisation", "event", "status", "attended", "created_at", "promoted_at",
        "cancelled_at",
    ]
    export_headings = {
        "full_name": _("Họ và tên"), "email": _("Thư điện tử"), "phone": _("Điện thoại"),
        "organisation": _("Cơ quan, đơn vị"), "event": _("Sự kiện"), "status": _("Tình trạng"),
        "attended": _("Có mặt"), "created_at": _("Đăng ký lúc"), "promoted_at": _("Chuyển từ danh sách chờ lúc"),
        "cancelled_at": _("Hủy lúc"),
    }
    export_filename = "dang-ky-su-kien"
    filterset_class = RegistrationFilterSet
    search_fields = ["full_name", "email", "phone", "organisation"]
    inspect_view_enabled = True
    ordering = ["-created_at"]
    form_fields = ["full_name", "email", "phone", "organisation", "attended"]

    def get_queryset(self, request):
        return Registration.objects.select_related("event")


class DelegateAdminForm(WagtailAdminModelForm):
    """Whoever names a delegate declares their consent (notices.DELEGATE), the Board as well as an agency."""

    consent = forms.BooleanField(
        label=notices.DELEGATE.text,
        help_text=notices.RETENTION,
        error_messages={"required": _("Cần xác nhận người được cử đã đồng ý cho xử lý dữ liệu cá nhân.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].initial = self.instance.consent_notice == notices.DELEGATE.reference

    def save(self, commit=True):
        if self.instance.pk is None and getattr(self, "for_user", None):
            self.instance.nominated_by = self.for_user
        if self.cleaned_data.get("consent") and self.instance.consent_notice != notices.DELEGATE.reference:
            self.instance.consent_at, self.instance.consent_notice = timezone.now(), notices.DELEGATE.reference
        return super().save(commit)


Delegate.base_form_class = DelegateAdminForm


class DelegateViewSet(SnippetViewSet):
    model = Delegate
    icon = "user"
    menu_label = _("Thành viên đoàn")
    list_display = ["full_name", "email", "agency", "position", "is_head", "event"]
    list_filter = ["is_head"]
    list_export = ["full_name", "email", "agency", "position", "is_head", "event"]
    search_fields = ["full_name", "email"]
    # Snippets ignore `form_fields`; explicit panels keep the form to these fields and the consent declaration.
    panels = [
        FieldPanel(name) for name in ("event", "agency", "full_name", "email", "position", "is_head", "consent")
    ]


class StudyTourReportViewSet(SnippetViewSet):
    model = StudyTourReport
    icon = "doc-full"
    menu_label = _("Báo cáo chuyến đi")
    list_display = ["delegate", "event", "for_delegation", "submitted_at"]
    list_export = ["delegate", "event", "for_delegation", "lessons", "proposals", "submitted_at"]
    inspect_view_enabled = True
    form_fields = ["lessons", "proposals", "for_delegation"]


class EventsGroup(SnippetViewSetGroup):
    menu_label = _("Sự kiện")
    menu_icon = "date"
    menu_order = 260
    items = [RegistrationViewSet, DelegateViewSet, StudyTourReportViewSet, EventKindViewSet]


register_snippet(EventsGroup)


# --- missing study-tour reports ---------------------------------------------------------------------------


def _study_tours_for(user):
    if not user.has_perm("events.view_studytourreport"):  # the report's own permission (user_has_permission)
        return None
    return EventPage.objects.filter(kind__is_study_tour=True)


def _agencies_for(user):
    return Agency.objects.all() if user.has_perm("events.view_studytourreport") else None


MISSING_REPORT_TOURS = suggest.register("missing-report-tours", EventPage, _study_tours_for, hint="start")
MISSING_REPORT_AGENCIES = suggest.register("missing-report-agencies", Agency, _agencies_for, field="name")


class MissingReportsFilterSet(WagtailFilterSet):
    event = SuggestFilter(source=MISSING_REPORT_TOURS, label=_("Chuyến đi"))
    agency = SuggestFilter(source=MISSING_REPORT_AGENCIES, label=_("Cơ quan cử"))

    class Meta:
        model = Delegate
        fields = ["event", "agency"]


class MissingTourReportsReport(ReportView):
    page_title = _("Báo cáo chuyến đi còn thiếu")
    header_icon = "warning"
    index_url_name = "events_missing_reports"
    index_results_url_name = "events_missing_reports_results"
    filterset_class = MissingReportsFilterSet
    list_export = ["full_name", "email", "agency", "is_head", "event"]
    export_headings = {
        "full_name": _("Họ và tên"), "email": _("Thư điện tử"), "agency": _("Cơ quan cử"),
        "is_head": _("Trưởng đoàn"), "event": _("Chuyến đi"),
    }
    columns = [
        Column("full_name", label=_("Thành viên đoàn")),
        Column("email", label=_("Thư điện tử")),
        Column("agency", label=_("Cơ quan cử")),
        Column("is_head", label=_("Trưởng đoàn")),
        Column("event", label=_("Chuyến đi")),
        DateColumn("event_end", label=_("Kết thúc"), accessor="event.end"),
    ]

    def get_filename(self):
        return f"bao-cao-chuyen-di-con-thieu-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return Delegate.objects.missing_reports().select_related("agency", "event").order_by("-event__start")

    def user_has_permission(self, permission):
        return self.request.user.has_perm("events.view_studytourreport")


# --- attendance grid ----------------------------------------------------------------------------------------


def _require(request, codename):
    if not request.user.has_perm(f"events.{codename}"):
        raise PermissionDenied


def attendance_index(request):
    _require(request, "change_registration")
    now = timezone.now()
    events = EventPage.objects.filter(start__lte=now + timezone.timedelta(days=1)).order_by("-start")[:50]
    return render(request, "events/admin/attendance_index.html", {"events": events, "page_title": _t("Điểm danh")})


def attendance_grid(request, event_id):
    """One checkbox per confirmed registration; saving records Registration.attended through the service."""
    _require(request, "change_registration")
    event = get_object_or_404(EventPage, pk=event_id)
    registrations = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).order_by(vi("full_name"))
    )
    if request.method == "POST":
        present = {pk for typed in request.POST.getlist("present") if (pk := suggest.parse_id(typed)) is not None}
        try:
            with transaction.atomic():
                changed = services.mark_attendance(
                    [r for r in registrations if r.pk in present], attended=True, actor=request.user
                ) + services.mark_attendance(
                    [r for r in registrations if r.pk not in present], attended=False, actor=request.user
                )
        except EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _t("Đã lưu điểm danh (%(count)s thay đổi).") % {"count": changed})
        return redirect("events_attendance", event_id=event.pk)
    return render(request, "events/admin/attendance_grid.html", {
        "event": event, "registrations": registrations, "page_title": _t("Điểm danh"),
        "present_count": sum(r.attended for r in registrations),
        "started": event.start <= timezone.now(),
    })


@hooks.register("register_admin_urls")
def register_event_admin_urls():
    return [
        path("su-kien/diem-danh/", attendance_index, name="events_attendance_index"),
        path("su-kien/diem-danh/<int:event_id>/", attendance_grid, name="events_attendance"),
        path("reports/bao-cao-chuyen-di/", MissingTourReportsReport.as_view(), name="events_missing_reports"),
        path(
            "reports/bao-cao-chuyen-di/results/", MissingTourReportsReport.as_view(results_only=True),
            name="events_missing_reports_results",
        ),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def register_missing_reports_menu_item():
    return PermissionMenuItem(
        _("Báo cáo chuyến đi còn thiếu"), reverse("events_missing_reports"), icon_name="warning", order=710,
        permission="events.view_studytourreport",
    )


@hooks.register("register_admin_menu_item")
def register_attendance_menu_item():
    return PermissionMenuItem(
        _("Điểm danh sự kiện"), reverse("events_attendance_index"), icon_name="tasks", order=261,
        permission="events.change_registration",
    )


@hooks.register("before_delete_page")
def refuse_deleting_event_with_registrations(request, page):
    """Registrations are records (attendance, certificates): an event that has them is cancelled, not deleted."""
    if page.specific_class is EventPage and Registration.objects.filter(event_id=page.pk).exists():
        messages.error(
            request,
            _t("Không thể xóa “%(event)s” vì đã có người đăng ký. Hãy chuyển sự kiện sang trạng thái “Đã hủy”.")
            % {"event": page.title},
        )
        return redirect("wagtailadmin_explore", page.get_parent().id)
    return None


def register_admin():
    """Importing this module registers everything (kept for an explicit import in wagtail_hooks)."""
