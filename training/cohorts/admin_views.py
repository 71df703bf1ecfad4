"""The Board's custom admin screens of a cohort ("Điều hành lớp": bulk enrolment, the attendance grid, results
and completion) and the reach report, wired in training.cohorts.wagtail_hooks. Every change goes through
training.cohorts.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from training.certificates.models import Certificate
from training.cohorts import services
from training.cohorts.enums import CohortState, EnrolmentStatus
from training.cohorts.forms import AttendanceGridForm, BulkEnrolForm, ResultsForm
from training.cohorts.models import Cohort
from training.cohorts.services import CohortError
from training.rules import is_board


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
    state = cohort.state()
    problems = services.closing_problems(cohort) if state == CohortState.FINISHED else []
    counts = {
        "enrolled": cohort.enrolments.exclude(status=EnrolmentStatus.WITHDRAWN).count(),
        "completed": cohort.enrolments.filter(status=EnrolmentStatus.COMPLETED).count(),
        "sessions": cohort.sessions.filter(is_cancelled=False).count(),
        "certificates": Certificate.objects.filter(enrolment__cohort=cohort, revoked_at__isnull=True).count(),
    }
    return render(
        request,
        "training/cohorts/admin/manage.html",
        {
            "cohort": cohort,
            "counts": counts,
            "bundles": cohort.bundles.all()[:5],
            "state": state,
            "closing_problems": problems,
            "closing_outcomes": services.closing_outcomes(cohort) if state == CohortState.FINISHED and not problems
            else [],
            "history": services.state_history(cohort),
            "may_reopen": cohort.is_closed and request.user.is_superuser,
        },
    )


@board_only
@require_POST
def cohort_close(request, pk):
    cohort = get_cohort(pk)
    try:
        services.close_cohort(cohort, request.user)
    except CohortError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đóng lớp: điểm danh và kết quả từ nay chỉ xem."))
    return redirect("tot_cohort_manage", cohort.pk)


@board_only
@require_POST
def cohort_reopen(request, pk):
    cohort = get_cohort(pk)
    try:
        services.reopen_cohort(cohort, request.user, request.POST.get("reason", ""))
    except CohortError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã mở lại lớp."))
    return redirect("tot_cohort_manage", cohort.pk)


@board_only
def cohort_enrol(request, pk):
    cohort = get_cohort(pk)
    form = BulkEnrolForm(request.POST or None, queryset=services.enrollable_nominations(cohort))
    if request.method == "POST" and form.is_valid():
        try:
            enrolled = services.enrol(cohort, form.cleaned_data["nominations"], request.user)
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
    sessions, enrolments = services.cohort_grid(cohort)
    form = AttendanceGridForm(
        request.POST or None, sessions=sessions, enrolments=enrolments, read_only=cohort.is_closed
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.record_attendance(cohort, request.user, form.marks())
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu điểm danh (%(count)s ô thay đổi).") % {"count": changed})
            return redirect("tot_cohort_attendance", cohort.pk)
    return render(
        request,
        "training/cohorts/admin/attendance.html",
        {"cohort": cohort, "form": form, "sessions": sessions, "state": cohort.state()},
    )


@board_only
def cohort_results(request, pk):
    cohort = get_cohort(pk)
    _sessions, enrolments = services.cohort_grid(cohort)
    form = ResultsForm(request.POST or None, enrolments=enrolments, read_only=cohort.is_closed)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_results(cohort, request.user, form.results())
            if completed := form.completed_ids():
                services.mark_completed(cohort, request.user, completed)
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu kết quả cuối khóa."))
            return redirect("tot_cohort_results", cohort.pk)
    return render(
        request, "training/cohorts/admin/results.html", {"cohort": cohort, "form": form, "state": cohort.state()}
    )


@board_only
def reach_report(request):
    from training.cohorts.reach import programme_reach

    return render(request, "training/cohorts/admin/reach.html", {"reach": programme_reach()})


@board_only
def at_risk_report(request):
    """Báo cáo → Học viên có nguy cơ: every at-risk (and cannot-complete) trainee of every running cohort."""
    from training.cohorts.reports import at_risk_rows

    return render(request, "training/cohorts/admin/at_risk.html", {"rows": at_risk_rows()})


@board_only
def early_certificates_report(request):
    """Báo cáo → Giấy chứng nhận cần rà soát: completion certificates issued before the rule held."""
    from training.cohorts.reports import certificates_to_review

    return render(
        request, "training/cohorts/admin/certificates_review.html", {"rows": certificates_to_review()}
    )
