"""Front-end pages under /tot/: a trainee's cohorts, the practicum log and its confirmation by clubs, the
trainer's consent and the public register of source trainers. Thin: querysets start from what the user may see,
and every change goes through training.cohorts.services."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.inputs import suggest
from portal.inputs.filters import bind_ignoring_invalid
from portal.ordering import vi
from portal.personal_data import notices
from portal.security.ratelimit import rate_limited
from training.cohorts.enums import EnrolmentStatus
from training.cohorts.forms import ConsentForm, PracticumForm, RegisterFilterForm, register_sectors
from training.cohorts.models import Attendance, Enrolment, PracticumDelivery, Session, TrainerProfile, TrainerSector
from training.cohorts.rules import trainer_profile
from training.cohorts.services import CohortError, confirm_delivery, log_delivery, may_confirm, trainee_standing
from training.rules import is_board


@login_required
def my_cohorts(request):
    """The trainee's cohorts: sessions, their own attendance and result. Constant queries."""
    now = timezone.now()
    enrolments = list(
        Enrolment.objects.filter(user=request.user)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("cohort__course")
        .prefetch_related(Prefetch("cohort__sessions", queryset=Session.objects.order_by("date", "starts_at")))
        .order_by("-cohort__start_date")
    )
    marks = defaultdict(dict)
    for enrolment_id, session_id, status in Attendance.objects.filter(enrolment__in=enrolments).values_list(
        "enrolment_id", "session_id", "status"
    ):
        marks[enrolment_id][session_id] = status
    for enrolment in enrolments:
        sessions = list(enrolment.cohort.sessions.all())
        enrolment.marks = marks[enrolment.pk]
        enrolment.session_rows = [(s, enrolment.marks.get(s.pk), s.has_started(now)) for s in sessions]
        planned = [s for s in sessions if not s.is_cancelled]
        enrolment.standing = trainee_standing(enrolment.cohort.course, planned, enrolment.marks, enrolment.passed)
        enrolment.cohort_state = enrolment.cohort.state(now)
    return render(
        request,
        "training/cohorts/my_cohorts.html",
        {"enrolments": enrolments, "profile": trainer_profile(request.user), "page_title": _("Lớp học của tôi")},
    )


@require_GET
@rate_limited("suggest")
def trainer_register_sectors(request):
    """The register's sector box (portal/js/filter-suggest.js): at most 10 sectors of listed trainers, as JSON."""
    return suggest.respond(request, register_sectors(), "name")


REGISTER_PAGE_SIZE = 30


def trainer_register(request):
    """Certified trainers who agreed to be listed, by administrative unit, filterable by sector, a page at a time
    (a unit running over two pages is headed on both). Constant queries."""
    form, ignored = bind_ignoring_invalid(RegisterFilterForm, request.GET)
    trainers = (
        TrainerProfile.objects.on_register()
        .select_related("unit")
        .prefetch_related("sectors")
        .order_by("unit__sort_order", vi("unit__name"), vi("display_name"))
    )
    if form.is_bound and form.is_valid():
        if sector := form.cleaned_data.get("sector"):
            tagged = TrainerSector.objects.filter(tag__in=sector.records).values("content_object_id")
            trainers = trainers.filter(pk__in=tagged)
        if unit := form.cleaned_data.get("unit"):
            trainers = trainers.filter(unit=unit)
    page = Paginator(trainers, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    groups = defaultdict(list)
    for trainer in page:
        groups[trainer.unit.name if trainer.unit_id else _("Chưa rõ địa bàn")].append(trainer)
    return render(
        request,
        "training/cohorts/register.html",
        {
            "form": form,
            "ignored_filters": ignored,
            "groups": list(groups.items()),
            "trainers_page": page,
            "count": page.paginator.count,
            "page_title": _("Danh sách giảng viên nguồn"),
        },
    )


@login_required
def practicum(request):
    """A trainer's log of trainings delivered at clubs, with the form to add one."""
    profile = trainer_profile(request.user)
    if profile is None:
        raise Http404
    form = PracticumForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delivery = form.save(commit=False)
        delivery.trainer = profile
        try:
            log_delivery(delivery, request.user)
        except CohortError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Đã ghi buổi thực hành; chờ câu lạc bộ hoặc Ban Điều hành xác nhận."))
            return redirect("training:practicum")
    deliveries = profile.deliveries.select_related("club", "confirmed_by").order_by("-date", "-pk")
    required = profile.enrolment.cohort.course.practicum_sessions_required if profile.enrolment_id else None
    confirmed = sum(1 for d in deliveries if d.confirmed_at)
    return render(
        request,
        "training/cohorts/practicum.html",
        {
            "form": form,
            "profile": profile,
            "deliveries": deliveries,
            "required": required,
            "confirmed": confirmed,
            "page_title": _("Nhật ký thực hành giảng dạy"),
        },
    )


def deliveries_to_confirm(user):
    pending = PracticumDelivery.objects.filter(confirmed_at__isnull=True).select_related("trainer", "club")
    if is_board(user):
        return pending
    group_ids = list(user.groups.values_list("pk", flat=True))
    return pending.filter(club__editor_group_id__in=group_ids)


@login_required
def practicum_confirmations(request):
    """Deliveries awaiting confirmation at the clubs the user edits (the Board: all)."""
    items = deliveries_to_confirm(request.user).order_by("date", "pk")
    return render(
        request,
        "training/cohorts/practicum_confirm.html",
        {"deliveries": items, "page_title": _("Xác nhận buổi thực hành")},
    )


@login_required
@require_POST
def practicum_confirm(request, pk):
    delivery = get_object_or_404(deliveries_to_confirm(request.user), pk=pk)
    if not may_confirm(request.user, delivery):
        raise Http404
    try:
        confirm_delivery(delivery, request.user)
    except CohortError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xác nhận buổi thực hành của %(name)s.") % {"name": delivery.trainer})
    return redirect("training:practicum_confirmations")


@login_required
def trainer_consent(request):
    """What the trainer agrees to show on the public register."""
    profile = trainer_profile(request.user)
    if profile is None:
        raise Http404
    form = ConsentForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu thông tin công khai của bạn."))
        return redirect("training:trainer_consent")
    return render(
        request,
        "training/cohorts/consent.html",
        {
            "form": form,
            "profile": profile,
            "notice": notices.TRAINER_REGISTER,
            "page_title": _("Thông tin hiển thị công khai"),
        },
    )
