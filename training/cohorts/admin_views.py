"""The Board's screens for courses, cohorts, trainers and certificates in the Wagtail admin ("Lớp đào tạo").

Imported by training/wagtail_hooks.py. Snippet viewsets for the records; custom views (enrolment, the attendance
grid, results, issuing, revoking, the cohort ZIP and the reach report) registered with `register_admin_urls`.
Every change goes through training.cohort_services / training.certificates.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from training import certificates, cohort_services
from training.cohort_enums import BundleStatus, EnrolmentStatus
from training.cohort_forms import AttendanceGridForm, BulkEnrolForm, IssueForm, ResultsForm, RevokeForm
from training.cohort_rules import is_board
from training.cohort_services import CohortError
from training.models import (
    Certificate,
    CertificateBundle,
    Cohort,
    Course,
    Enrolment,
    PracticumDelivery,
    Session,
    TrainerProfile,
)

# --- forms and viewsets -------------------------------------------------------------------------------


class CohortAdminForm(WagtailAdminModelForm):
    """Checks the inline sessions together: none ends before it starts, none overlaps another, and none with
    attendance recorded is deleted (cancel it instead)."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("sessions") if hasattr(self, "formsets") else None
        if formset is None:
            return cleaned
        sessions, problems = [], []
        for form in formset.forms:
            if not form.is_valid() or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                if form.instance.pk and form.instance.attendances.exists():
                    problems.append(
                        _("Buổi “%(topic)s” đã có điểm danh, không thể xóa; hãy đánh dấu “đã hủy”.")
                        % {"topic": form.instance.topic}
                    )
                continue
            data = form.cleaned_data
            sessions.append(
                Session(
                    date=data.get("date"),
                    starts_at=data.get("starts_at"),
                    ends_at=data.get("ends_at"),
                    topic=data.get("topic") or "",
                    is_cancelled=data.get("is_cancelled") or False,
                )
            )
        problems += cohort_services.session_problems(sessions)
        for problem in problems:
            self.add_error(None, problem)
        return cleaned


Cohort.base_form_class = CohortAdminForm


class EnrolmentAdminForm(WagtailAdminModelForm):
    """The snippet form may only withdraw a trainee. Completion comes from the attendance rule and the results
    screen, and a place is only (re)taken through bulk enrolment, which checks the cohort's capacity."""

    def clean_status(self):
        before, after = self.instance.status, self.cleaned_data.get("status")
        if not self.instance.pk or after == before:
            return after
        if before == EnrolmentStatus.ENROLLED and after == EnrolmentStatus.WITHDRAWN:
            return after
        if after in (EnrolmentStatus.COMPLETED, EnrolmentStatus.NOT_COMPLETED):
            raise ValidationError(
                _("Kết quả hoàn thành do quy tắc chuyên cần và màn hình “Kết quả” của lớp quyết định, không sửa tay.")
            )
        raise ValidationError(
            _("Chỉ có thể chuyển “Đang học” sang “Đã rút” ở đây; ghi danh lại qua màn hình “Ghi danh” của lớp.")
        )


Enrolment.base_form_class = EnrolmentAdminForm


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Certificates are issued and revoked through the services' screens, never edited or deleted."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class CourseViewSet(SnippetViewSet):
    model = Course
    icon = "tasks"
    menu_label = gettext_lazy("Khóa đào tạo")
    list_display = ["title", "min_attendance_percent", "must_pass_assessment", "practicum_sessions_required"]
    search_fields = ["title"]


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "group"
    menu_label = gettext_lazy("Lớp đào tạo")
    list_display = ["name", "course", "start_date", "end_date", "venue", "capacity"]
    list_filter = ["course"]
    list_export = ["name", "course", "start_date", "end_date", "venue", "capacity"]
    search_fields = ["name", "venue"]
    inspect_view_enabled = True


class EnrolmentViewSet(SnippetViewSet):
    model = Enrolment
    icon = "user"
    menu_label = gettext_lazy("Học viên")
    list_display = ["full_name", "cohort", "status", "assessment_score", "passed", "user"]
    list_filter = ["cohort", "status", "passed"]
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


class PracticumDeliveryViewSet(SnippetViewSet):
    model = PracticumDelivery
    icon = "date"
    menu_label = gettext_lazy("Thực hành tại CLB")
    list_display = ["trainer", "date", "club", "topic", "participants", "confirmed_at"]
    list_filter = ["role"]
    list_export = ["trainer", "date", "club", "topic", "role", "participants", "confirmed_at"]
    search_fields = ["topic", "trainer__display_name"]


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = gettext_lazy("Giấy chứng nhận")
    list_display = ["serial", "holder_name", "kind", "title", "issued_on", "expires_on", "revoked_at"]
    list_filter = ["kind", "issued_on"]
    list_export = [
        "serial",
        "code",
        "holder_name",
        "kind",
        "title",
        "issued_on",
        "expires_on",
        "revoked_at",
        "revoked_reason",
    ]
    search_fields = ["serial", "holder_name"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "serial",
        "holder_name",
        "kind",
        "title",
        "issued_on",
        "expires_on",
        "revoked_at",
        "revoked_reason",
        "replaces",
    ]


register_permission_policy(Certificate, ReadOnlyPolicy(Certificate))


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
    ]


register_snippet(CohortsGroup)


@hooks.register("register_snippet_listing_buttons")
def cohort_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Cohort) and is_board(user):
        yield ListingButton(_("Điều hành lớp"), url=reverse("tot_cohort_manage", args=[snippet.pk]), priority=5)
    if isinstance(snippet, Certificate) and is_board(user):
        if snippet.revoked_at is None:
            yield ListingButton(_("Thu hồi / cấp lại"), url=reverse("tot_certificate_revoke", args=[snippet.pk]))
        yield ListingButton(_("PDF"), url=reverse("training:certificate_pdf", args=[snippet.pk]))


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        return is_board(request.user)


@hooks.register("register_reports_menu_item")
def reach_menu_item():
    return BoardMenuItem(_("Lan tỏa giảng viên nguồn"), reverse("tot_reach_report"), icon_name="group", order=710)


# --- custom views -------------------------------------------------------------------------------------


def board_only(view):
    def wrapped(request, *args, **kwargs):
        if not is_board(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def get_cohort(pk):
    return get_object_or_404(Cohort.objects.select_related("course", "decision"), pk=pk)


@board_only
def cohort_manage(request, pk):
    cohort = get_cohort(pk)
    counts = {
        "enrolled": cohort.enrolments.exclude(status=EnrolmentStatus.WITHDRAWN).count(),
        "completed": cohort.enrolments.filter(status=EnrolmentStatus.COMPLETED).count(),
        "sessions": cohort.sessions.filter(is_cancelled=False).count(),
        "certificates": Certificate.objects.filter(enrolment__cohort=cohort, revoked_at__isnull=True).count(),
    }
    return render(
        request,
        "training/cohorts/admin/manage.html",
        {"cohort": cohort, "counts": counts, "bundles": cohort.bundles.all()[:5]},
    )


@board_only
def cohort_enrol(request, pk):
    cohort = get_cohort(pk)
    form = BulkEnrolForm(request.POST or None, queryset=cohort_services.enrollable_nominations(cohort))
    if request.method == "POST" and form.is_valid():
        try:
            enrolled = cohort_services.enrol(cohort, form.cleaned_data["nominations"], request.user)
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã ghi danh %(count)s học viên.") % {"count": len(enrolled)})
            return redirect("tot_cohort_manage", cohort.pk)
    return render(
        request,
        "training/cohorts/admin/enrol.html",
        {"cohort": cohort, "form": form, "free": cohort.capacity - cohort.places_taken()},
    )


@board_only
def cohort_attendance(request, pk):
    """The grid: rows = trainees, columns = sessions, one select per cell, and each trainee's standing."""
    cohort = get_cohort(pk)
    sessions, enrolments = cohort_services.cohort_grid(cohort)
    form = AttendanceGridForm(request.POST or None, sessions=sessions, enrolments=enrolments)
    if request.method == "POST" and form.is_valid():
        try:
            changed = cohort_services.record_attendance(cohort, request.user, form.marks())
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu điểm danh (%(count)s ô thay đổi).") % {"count": changed})
            return redirect("tot_cohort_attendance", cohort.pk)
    return render(
        request, "training/cohorts/admin/attendance.html", {"cohort": cohort, "form": form, "sessions": sessions}
    )


@board_only
def cohort_results(request, pk):
    cohort = get_cohort(pk)
    _sessions, enrolments = cohort_services.cohort_grid(cohort)
    form = ResultsForm(request.POST or None, enrolments=enrolments)
    if request.method == "POST" and form.is_valid():
        try:
            cohort_services.record_results(cohort, request.user, form.results())
            if completed := form.completed_ids():
                cohort_services.mark_completed(cohort, request.user, completed)
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu kết quả cuối khóa."))
            return redirect("tot_cohort_results", cohort.pk)
    return render(request, "training/cohorts/admin/results.html", {"cohort": cohort, "form": form})


@board_only
def cohort_issue(request, pk):
    cohort = get_cohort(pk)
    form = IssueForm(request.POST or None, initial={"issued_on": timezone.localdate(), "decision": cohort.decision})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = certificates.issue_for_cohort(
                cohort, data["kind"], request.user, issued_on=data["issued_on"], decision=data["decision"]
            )
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            if issued:
                messages.success(
                    request,
                    _("Đã cấp %(count)s giấy chứng nhận (%(first)s – %(last)s).")
                    % {"count": len(issued), "first": issued[0].serial, "last": issued[-1].serial},
                )
            else:
                messages.warning(request, _("Không có học viên nào đủ điều kiện mà chưa được cấp."))
            return redirect("tot_cohort_manage", cohort.pk)
    issued = Certificate.objects.filter(enrolment__cohort=cohort).select_related("enrolment").order_by("serial")
    return render(request, "training/cohorts/admin/issue.html", {"cohort": cohort, "form": form, "issued": issued})


@board_only
def certificate_revoke(request, pk):
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["reissue"]:
                new = certificates.reissue(certificate, request.user, form.cleaned_data["reason"])
                messages.success(request, _("Đã thu hồi và cấp lại: %(serial)s.") % {"serial": new.serial})
            else:
                certificates.revoke(certificate, request.user, form.cleaned_data["reason"])
                messages.success(request, _("Đã thu hồi giấy chứng nhận %(serial)s.") % {"serial": certificate.serial})
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            if certificate.enrolment_id:
                return redirect("tot_cohort_issue", certificate.enrolment.cohort_id)
            return redirect("wagtailsnippets_training_certificate:list")
    return render(request, "training/cohorts/admin/revoke.html", {"certificate": certificate, "form": form})


@board_only
def cohort_bundle(request, pk):
    cohort = get_cohort(pk)
    if request.method != "POST":
        raise Http404
    try:
        bundle = certificates.request_bundle(cohort, request.user)
    except CohortError as error:
        messages.error(request, error.message)
        return redirect("tot_cohort_manage", cohort.pk)
    return redirect("tot_bundle_status", bundle.pk)


@board_only
def bundle_status(request, pk):
    bundle = get_object_or_404(CertificateBundle.objects.select_related("cohort"), pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"status": bundle.status, "done": bundle.done, "total": bundle.total, "percent": bundle.percent}
        )
    return render(
        request,
        "training/cohorts/admin/bundle.html",
        {"bundle": bundle, "finished": bundle.status in (BundleStatus.DONE, BundleStatus.FAILED)},
    )


@board_only
def bundle_download(request, pk):
    bundle = get_object_or_404(CertificateBundle, pk=pk, status=BundleStatus.DONE)
    if not bundle.file:
        raise Http404
    return FileResponse(bundle.file.open("rb"), as_attachment=True, filename=certificates.bundle_filename(bundle))


@board_only
def reach_report(request):
    from training.reach import programme_reach

    return render(request, "training/cohorts/admin/reach.html", {"reach": programme_reach()})


@hooks.register("register_admin_urls")
def cohort_admin_urls():
    return [
        path("tot/lop/<int:pk>/", cohort_manage, name="tot_cohort_manage"),
        path("tot/lop/<int:pk>/ghi-danh/", cohort_enrol, name="tot_cohort_enrol"),
        path("tot/lop/<int:pk>/diem-danh/", cohort_attendance, name="tot_cohort_attendance"),
        path("tot/lop/<int:pk>/ket-qua/", cohort_results, name="tot_cohort_results"),
        path("tot/lop/<int:pk>/cap-giay/", cohort_issue, name="tot_cohort_issue"),
        path("tot/lop/<int:pk>/tai-tat-ca/", cohort_bundle, name="tot_cohort_bundle"),
        path("tot/goi/<int:pk>/", bundle_status, name="tot_bundle_status"),
        path("tot/goi/<int:pk>/tai-ve/", bundle_download, name="tot_bundle_download"),
        path("tot/giay-chung-nhan/<int:pk>/thu-hoi/", certificate_revoke, name="tot_certificate_revoke"),
        path("tot/lan-toa/", reach_report, name="tot_reach_report"),
    ]
