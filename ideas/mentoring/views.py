"""The network's front end: the public list, applying with a profile, asking a mentor, and the personal area
(one's profile, requests sent and received, sessions). Thin: rules in ideas.mentoring.rules, changes in
ideas.mentoring.services. Another's request is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.inputs.filters import bind_ignoring_invalid

from . import listing, rules, services
from .enums import RequestState
from .forms import NetworkFilterForm, ProfileForm, ReasonForm, RequestForm, SessionForm
from .models import MentorProfile

PAGE_SIZE = 20


def network(request):
    form, ignored = bind_ignoring_invalid(NetworkFilterForm, request.GET)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return render(
        request,
        "ideas/mentoring/network.html",
        {
            "filter_form": form,
            "ignored_filters": ignored,
            "mentors": Paginator(listing.mentors(data), PAGE_SIZE).get_page(request.GET.get("page")),
            "trainers": listing.trainers(data),
            "page_title": _("Mạng lưới chuyên gia, cố vấn"),
        },
    )


def mentor(request, pk):
    """A listed mentor's public page: what they consented to show. Not admitted, declined, left or without
    consent: 404, as for an unknown number."""
    profile = listing.mentor(pk)
    if profile is None:
        raise Http404
    return render(request, "ideas/mentoring/mentor.html", {"mentor": profile, "page_title": profile.display_name})


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    profile = MentorProfile.objects.filter(user=request.user).first()
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_from(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.apply(
                request.user, form.content(), list(form.cleaned_data["sectors"]), list(form.cleaned_data["districts"])
            )
        except services.MentoringError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu hồ sơ chuyên gia, cố vấn."))
            return redirect("ideas:my_mentoring")
    return render(
        request,
        "ideas/mentoring/profile_form.html",
        {"form": form, "profile": profile, "page_title": _("Đăng ký chuyên gia, cố vấn")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask(request, pk):
    mentor = get_object_or_404(MentorProfile.objects.listed(), pk=pk)
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_mentoring(request.user, mentor, data["message"], entry=data["entry"], club=data["club"])
        except services.MentoringError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã gửi đề nghị đến %(name)s.") % {"name": mentor.display_name})
            return redirect("ideas:my_mentoring")
    return render(
        request,
        "ideas/mentoring/request_form.html",
        {"form": form, "mentor": mentor, "page_title": _("Đề nghị cố vấn")},
    )


@login_required
def my_mentoring(request):
    user = request.user
    profile = MentorProfile.objects.filter(user=user).first()
    visible = (
        rules.requests_for(user).select_related("mentor", "entry", "club", "requester").prefetch_related("sessions")
    )
    received = [r for r in visible if r.mentor.user_id == user.pk]
    sent = [r for r in visible if r.mentor.user_id != user.pk and rules.is_requester(user, r)]
    board = [r for r in visible if r.state == RequestState.PENDING and r not in received and r not in sent]
    return render(
        request,
        "ideas/mentoring/mine.html",
        {
            "profile": profile,
            "received": [(r, rules.may_decide(user, r), rules.may_log_session(user, r)) for r in received],
            "sent": [(r, False, rules.may_log_session(user, r)) for r in sent],
            "board": [(r, True, False) for r in board],
            "reason_form": ReasonForm(),
            "session_form": SessionForm(),
            "page_title": _("Cố vấn, chuyên gia"),
        },
    )


def _visible(request, pk):
    return get_object_or_404(rules.requests_for(request.user).select_related("mentor"), pk=pk)


@login_required
@require_POST
def accept(request, pk):
    mentoring = _visible(request, pk)
    try:
        services.accept(request.user, mentoring)
    except services.MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã nhận đề nghị cố vấn."))
    return redirect("ideas:my_mentoring")


@login_required
@require_POST
def decline(request, pk):
    mentoring = _visible(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do."))
        return redirect("ideas:my_mentoring")
    try:
        services.decline(request.user, mentoring, form.cleaned_data["reason"])
    except services.MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã từ chối đề nghị cố vấn."))
    return redirect("ideas:my_mentoring")


@login_required
@require_POST
def log_session(request, pk):
    mentoring = _visible(request, pk)
    form = SessionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("ideas:my_mentoring")
    data = form.cleaned_data
    try:
        services.log_session(request.user, mentoring, data["held_on"], data["topic"], data["outcome"])
    except services.MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ghi buổi cố vấn."))
    return redirect("ideas:my_mentoring")


@login_required
@require_POST
def leave(request):
    profile = get_object_or_404(MentorProfile, user=request.user)
    try:
        services.leave(request.user, profile)
    except services.MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Bạn đã rời mạng lưới; các đề nghị đang chờ đã được báo lại cho người gửi."))
    return redirect("ideas:my_mentoring")
