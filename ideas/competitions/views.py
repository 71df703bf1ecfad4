"""Competitions on the front end: the public list and page (winners once released), entering an idea, the
applicant's withdrawal, and the reviewers' scoring. Thin: rules in ideas.competitions.rules, changes in its
services. What is not the visitor's (another's entry, a competition one does not review, a conflicted entry) is
a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.formats.numbers import shown
from portal.inputs.suggest import parse_id

from . import rules, services
from .forms import EnterForm, RecuseForm, ScoreForm, WithdrawForm
from .models import Competition, CompetitionEntry, CompetitionReview
from .winners import winners as public_winners


def competitions(request):
    items = Competition.objects.published().select_related("organiser").order_by("-closes_at", "-pk")[:100]
    return render(
        request, "ideas/competitions/list.html", {"competitions": items, "page_title": _("Cuộc thi, giải thưởng")}
    )


def competition_detail(request, pk):
    competition = get_object_or_404(Competition.objects.published().select_related("organiser"), pk=pk)
    winners = public_winners(competition)
    return render(
        request,
        "ideas/competitions/detail.html",
        {
            "competition": competition,
            "categories": competition.categories.all(),
            "criteria": competition.criteria.all(),
            "winners": winners,
            "is_open": competition.is_open(),
            "page_title": competition.title,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enter(request, pk):
    competition = get_object_or_404(Competition.objects.published(), pk=pk)
    initial = {}
    if (idea := parse_id(request.GET.get("y-tuong", ""))) is not None:
        initial["idea"] = idea
    form = EnterForm(request.POST or None, user=request.user, competition=competition, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enter(
                request.user, competition, data["idea"], category=data.get("category"), statement=data["statement"]
            )
        except services.CompetitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã đăng ký dự thi. Bạn có thể rút hồ sơ đến hết hạn đăng ký."))
            return redirect("ideas:my_competitions")
    return render(
        request,
        "ideas/competitions/enter.html",
        {"competition": competition, "form": form, "is_open": competition.is_open(), "page_title": _("Đăng ký dự thi")},
    )


@login_required
def my_competitions(request):
    user = request.user
    entries = list(
        rules.entries_for(user).select_related("competition", "idea", "category").order_by("-submitted_at", "-pk")[:200]
    )
    rows = [(entry, rules.may_withdraw(user, entry)) for entry in entries]
    reviewing = Competition.objects.filter(reviewers=user).order_by("-closes_at", "-pk")
    return render(
        request,
        "ideas/competitions/mine.html",
        {"rows": rows, "reviewing": reviewing, "page_title": _("Cuộc thi của tôi")},
    )


@login_required
@require_POST
def withdraw(request, pk):
    entry = get_object_or_404(rules.entries_for(request.user).select_related("competition", "idea"), pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Lý do rút không hợp lệ: chỉ nhập văn bản thường, tối đa 1000 ký tự."))
        return redirect("ideas:my_competitions")
    try:
        services.withdraw(request.user, entry, reason=form.cleaned_data["reason"])
    except services.CompetitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã rút hồ sơ dự thi."))
    return redirect("ideas:my_competitions")


def reviewed_competition(user, pk):
    competition = get_object_or_404(Competition, pk=pk)
    if not rules.is_reviewer(user, competition):
        raise Http404
    return competition


@login_required
def scoring(request, pk):
    """The entries of a competition the reviewer may score, best average first; conflicted ones never listed."""
    competition = reviewed_competition(request.user, pk)
    entries = (
        CompetitionEntry.objects.filter(competition=competition, status="submitted")
        .with_scores()
        .select_related("idea", "category", "competition")
        .order_by(F("avg_score").desc(nulls_last=True), "pk")
    )
    rows = [e for e in entries[:500] if not rules.has_conflict_of_interest(request.user, e)]
    mine = set(CompetitionReview.objects.filter(reviewer=request.user, entry__competition=competition)
               .values_list("entry_id", flat=True))
    for entry in rows:
        entry.avg_shown = shown(entry.avg_score) if entry.avg_score is not None else "–"
    return render(
        request,
        "ideas/competitions/scoring.html",
        {"competition": competition, "rows": rows, "mine": mine, "page_title": _("Chấm hồ sơ dự thi")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk):
    entry = get_object_or_404(CompetitionEntry.objects.select_related("competition", "idea", "category"), pk=pk)
    if not rules.can_review(request.user, entry):
        raise Http404  # another competition's, a conflicted, a withdrawn or decided entry: as if it did not exist
    review = CompetitionReview.objects.filter(entry=entry, reviewer=request.user).first()
    initial_scores = dict(review.scores.values_list("criterion_id", "score")) if review else {}
    form = ScoreForm(
        request.POST or None, criteria=entry.competition.criteria.all(), initial_scores=initial_scores,
        initial={"comment": review.comment} if review else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.score(request.user, entry, form.scores(), comment=form.cleaned_data["comment"])
        except services.CompetitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu phiếu chấm: %(total)s điểm.") % {"total": shown(saved.total)})
            return redirect("ideas:competition_scoring", entry.competition_id)
    return render(
        request,
        "ideas/competitions/score.html",
        {"entry": entry, "form": form, "recuse_form": RecuseForm(), "page_title": _("Chấm điểm")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def recuse(request, pk):
    """The reviewer declares a conflict of interest the rules cannot see; the entry then leaves their list."""
    entry = get_object_or_404(CompetitionEntry.objects.select_related("competition", "idea", "category"), pk=pk)
    if not rules.can_review(request.user, entry):
        raise Http404
    form = RecuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recuse(request.user, entry, reason=form.cleaned_data["reason"])
        except services.CompetitionError as error:
            form.add_error(None, error.message)
        else:
            done = _("Đã ghi nhận xung đột lợi ích: bạn không chấm hồ sơ “%(title)s” nữa.")
            messages.success(request, done % {"title": entry.idea})
            return redirect("ideas:competition_scoring", entry.competition_id)
    return render(
        request,
        "ideas/competitions/recuse.html",
        {"entry": entry, "form": form, "page_title": _("Khai báo xung đột lợi ích")},
    )
