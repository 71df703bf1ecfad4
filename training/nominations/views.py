"""The agency nominator's screens on the front end. Thin: forms validate, training.nominations.services decides.

Every object comes from `Nomination.objects.for_user(user)`, so another agency's record is a 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.inputs import deadlines, suggest
from training.nominations import exports, services
from training.nominations.enums import NominationStatus
from training.nominations.forms import NominationForm, SubmitForm, WithdrawForm
from training.nominations.models import AgencyQuota, DispatchDocument, Nomination, NominationRound
from training.nominations.rules import is_nominator, withdrawal_note
from training.rules import is_board

LIST_PAGE_SIZE = 50


def nominator_required(view):
    """Logged-in agency nominators only: anonymous visitors go to the log-in page, anyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_nominator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def own_nomination(request, pk):
    return get_object_or_404(Nomination.objects.for_user(request.user).select_related("round", "agency"), pk=pk)


def time_left(deadline, now):
    """"còn 9 ngày 2 giờ" / "còn 3 giờ 15 phút": Django's timeuntil has no Vietnamese for weeks."""
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return _("đã hết hạn")
    days, rest = divmod(seconds, 86400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    if days:
        return _("còn %(days)s ngày %(hours)s giờ") % {"days": days, "hours": hours}
    return _("còn %(hours)s giờ %(minutes)s phút") % {"hours": hours, "minutes": minutes}


def invitations(agency):
    return (
        AgencyQuota.objects.filter(agency=agency)
        .with_deadline()
        .with_used()
        .select_related("round")
        .order_by("-round__opens_at", "-round_id")
    )


@nominator_required
def dashboard(request):
    now = timezone.now()
    open_rounds, other_rounds = [], []
    for quota in invitations(request.user.agency):
        quota.left = max(quota.quota - quota.used, 0)
        quota.percent = min(100, round(100 * quota.used / quota.quota)) if quota.quota else 100
        quota.is_open = quota.round.opens_at <= now and deadlines.is_open(quota.deadline, now)
        quota.time_left = time_left(deadlines.ends_at(quota.deadline), now)
        (open_rounds if quota.is_open else other_rounds).append(quota)
    return render(
        request,
        "training/dashboard.html",
        {"page_title": _("Đề cử giảng viên nguồn"), "open_rounds": open_rounds, "other_rounds": other_rounds,
         "now": now},
    )


@nominator_required
def nomination_list(request):
    nominations = Nomination.objects.for_user(request.user).listing().order_by("-created_at", "-pk")
    rounds = NominationRound.objects.filter(quotas__agency=request.user.agency).order_by("-opens_at")
    # A select: the rounds the agency was invited to, one or two a year. An id is ASCII digits only ('١٢' is not
    # round 12); one that is not the agency's round is ignored, and the page says so.
    current_round, ignored = None, []
    if round_id := request.GET.get("dot", "").strip():
        pk = suggest.parse_id(round_id)
        current_round = rounds.filter(pk=pk).first() if pk is not None else None
        if current_round:
            nominations = nominations.filter(round=current_round)
        else:
            ignored.append(_("Đợt"))
    status = request.GET.get("trang-thai", "")
    if status in NominationStatus.values:
        nominations = nominations.filter(status=status)
    page = Paginator(nominations, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/nomination_list.html",
        {
            "page_title": _("Hồ sơ đề cử của cơ quan"),
            "nominations": page,
            "rounds": rounds,
            "current_round": current_round,
            "ignored_filters": ignored,
            "status": status,
            "statuses": NominationStatus.choices,
            "query": request.GET.urlencode(),
        },
    )


def _open_invitation(request, round_pk):
    """The agency's invitation to this round, or 404 when it was not invited."""
    quota = AgencyQuota.objects.with_deadline().with_used().select_related("round").filter(
        round_id=round_pk, agency=request.user.agency
    ).first()
    if quota is None:
        raise Http404
    return quota


def _apply_error(form, error):
    form.add_error(error.field if error.field in form.fields else None, error.message)


@nominator_required
@require_http_methods(["GET", "POST"])
def nomination_add(request, round_pk):
    quota = _open_invitation(request, round_pk)
    nomination = Nomination(round=quota.round, agency=request.user.agency)
    form = NominationForm(request.POST or None, instance=nomination, round=quota.round)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.save_draft(
                form.save(commit=False), request.user,
                sectors=form.cleaned_data["sectors"], criteria=form.cleaned_data["criteria_met"],
            )
        except services.NominationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Đã lưu bản nháp hồ sơ “%(name)s”.") % {"name": nomination.full_name})
            return redirect("training:nomination_detail", pk=nomination.pk)
    return render(
        request, "training/nomination_form.html",
        {"page_title": _("Thêm ứng viên"), "form": form, "quota": quota, "round": quota.round},
    )


@nominator_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request, pk):
    nomination = own_nomination(request, pk)
    if nomination.status != NominationStatus.DRAFT:
        messages.error(request, _("Hồ sơ đã nộp chỉ có thể xem, không thể sửa."))
        return redirect("training:nomination_detail", pk=pk)
    form = NominationForm(request.POST or None, instance=nomination, round=nomination.round)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(
                form.save(commit=False), request.user,
                sectors=form.cleaned_data["sectors"], criteria=form.cleaned_data["criteria_met"],
            )
        except services.NominationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("training:nomination_detail", pk=pk)
    return render(
        request, "training/nomination_form.html",
        {"page_title": _("Sửa hồ sơ"), "form": form, "round": nomination.round, "nomination": nomination},
    )


@nominator_required
def nomination_detail(request, pk):
    nomination = own_nomination(request, pk)
    return render(
        request,
        "training/nomination_detail.html",
        {
            "page_title": nomination.full_name,
            "nomination": nomination,
            "sectors": nomination.sectors.all(),
            "criteria": nomination.criteria_met.all(),
            "changes": nomination.status_changes.select_related("actor", "decision"),
            "can_edit": services.may_transition(request.user, nomination, NominationStatus.SUBMITTED),
            "can_withdraw": services.may_withdraw(request.user, nomination),
            "withdrawal_note": withdrawal_note(nomination, services.deadline_of(nomination)),
        },
    )


@nominator_required
@require_http_methods(["GET", "POST"])
def nomination_submit(request, pk):
    nomination = own_nomination(request, pk)
    if nomination.status != NominationStatus.DRAFT:
        messages.error(request, _("Hồ sơ này đã được nộp."))
        return redirect("training:nomination_detail", pk=pk)
    form = SubmitForm(request.POST or None, request.FILES or None, nomination=nomination)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit(nomination, request.user, **form.dispatch_kwargs())
        except services.NominationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Đã nộp hồ sơ “%(name)s”.") % {"name": nomination.full_name})
            return redirect("training:nomination_detail", pk=pk)
    quota = _open_invitation(request, nomination.round_id)
    used = Nomination.objects.filter(
        round_id=nomination.round_id, agency_id=nomination.agency_id, status__in=services.QUOTA_COUNTED
    ).count()
    return render(
        request, "training/nomination_submit.html",
        {"page_title": _("Nộp hồ sơ"), "form": form, "nomination": nomination, "quota": quota, "used": used},
    )


@nominator_required
@require_http_methods(["GET", "POST"])
def nomination_withdraw(request, pk):
    nomination = own_nomination(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(nomination, request.user, reason=form.cleaned_data["reason"])
        except services.NominationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã rút hồ sơ “%(name)s”.") % {"name": nomination.full_name})
        return redirect("training:nomination_detail", pk=pk)
    return render(
        request, "training/nomination_withdraw.html",
        {"page_title": _("Rút hồ sơ"), "form": form, "nomination": nomination,
         "withdrawal_note": withdrawal_note(nomination, services.deadline_of(nomination))},
    )


@nominator_required
def nomination_export(request, fmt):
    nominations = Nomination.objects.for_user(request.user)
    if round_id := request.GET.get("dot", "").strip():  # only the list's links set it: a bad one exports nothing
        pk = suggest.parse_id(round_id)
        nominations = nominations.filter(round_id=pk) if pk is not None else nominations.none()
    filename = f"ho-so-de-cu-{request.user.agency.slug}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        return exports.xlsx_response(nominations, filename)
    return exports.csv_response(nominations, filename)


@login_required
def dispatch_download(request, pk):
    """The signed dispatch, to its own agency and the Board only (files are never linked from /media/)."""
    documents = DispatchDocument.objects.all()
    if not is_board(request.user):
        if not is_nominator(request.user):
            raise Http404
        documents = documents.filter(agency_id=request.user.agency_id)
    document = get_object_or_404(documents, pk=pk)
    return FileResponse(
        document.file.open("rb"), content_type="application/pdf", filename=f"cong-van-{document.pk}.pdf"
    )
