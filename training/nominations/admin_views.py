"""The Board's custom admin screens, wired into the snippet viewsets in wagtail_hooks.py: the nomination
listing (folded search, safe memory-flat export), inspect with audit trail and scores, one decision,
the reviewer's scoring screens and the release of a round's prepared decisions. All changes go through
training.nominations.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import IndexView, InspectView

from portal.formats.numbers import shown
from portal.inputs.suggest import parse_id
from portal.ordering import vi
from portal.pages.search import folded
from training.nominations import exports, services
from training.nominations.enums import UNDER_REVIEW
from training.nominations.forms import DecisionForm, RecuseForm, ScoreForm
from training.nominations.models import Nomination, NominationRound, Review
from training.nominations.rules import can_review, recused_nomination_ids
from training.rules import is_board


class BoardOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_board(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class NominationIndexView(IndexView):
    """Search folds diacritics like the rest of the portal; exports neutralise formulas and stream in chunks."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(
            Q(full_name__icontains=query) | Q(folded_name__icontains=folded(query).strip()) | Q(email__icontains=query)
        )

    def get(self, request, *args, **kwargs):
        if self.is_export:  # straight to the exporter: the listing's context would load every row first
            return self.as_spreadsheet(self.get_queryset(), request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """The same chunked exporter as the agency's (training.nominations.exports), with the scores added."""
        filename = self.get_filename()
        if spreadsheet_format == self.FORMAT_CSV:
            return exports.csv_response(queryset, filename, with_scores=True)
        return exports.xlsx_response(queryset, filename, with_scores=True)


class NominationInspectView(InspectView):
    template_name = "training/admin/nomination_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nomination = self.object
        context.update(
            nomination=nomination,
            sectors=nomination.sectors.all(),
            criteria_met=nomination.criteria_met.all(),
            changes=nomination.status_changes.select_related("actor", "decision"),
            reviews=nomination.reviews.select_related("reviewer").prefetch_related("scores__criterion"),
            recusals=nomination.recusals.select_related("reviewer"),
            scores=Nomination.objects.with_scores().filter(pk=nomination.pk).first(),
            alerts=nomination.duplicate_alerts.select_related("agency"),
            can_review=can_review(self.request.user, nomination),
            can_decide=nomination.status in UNDER_REVIEW,
            decide_url=reverse(self.viewset_url("decide"), args=[nomination.pk]),
            score_url=reverse(self.viewset_url("score"), args=[nomination.pk]),
        )
        return context

    def viewset_url(self, name):
        return Nomination.snippet_viewset.get_url_name(name)


class DecideView(BoardOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """One decision on one nomination, prepared or released at once."""

    form_class = DecisionForm
    template_name = "training/admin/decide.html"
    page_title = gettext_lazy("Quyết định")
    header_icon = "success"

    @cached_property
    def nomination(self):
        return get_object_or_404(Nomination.objects.select_related("round", "agency"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.nomination.full_name

    def get_initial(self):
        return {"release_now": False}

    def form_valid(self, form):
        data = form.cleaned_data
        kwargs = {"reason": data["reason"], "decision": data["decision"]}
        try:
            if data["release_now"]:
                services.decide(self.nomination, self.request.user, data["outcome"], **kwargs)
                messages.success(self.request, _("Đã công bố quyết định và gửi thư cho cơ quan đề cử."))
            else:
                services.prepare_decision(self.nomination, self.request.user, data["outcome"], **kwargs)
                messages.success(self.request, _("Đã chuẩn bị quyết định; cơ quan chỉ thấy khi Ban công bố."))
        except services.NominationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        return redirect(Nomination.snippet_viewset.get_url_name("inspect"), self.nomination.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(nomination=self.nomination, **kwargs)


class ReleaseView(BoardOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Release a round's prepared decisions together: this is when the agencies are e-mailed."""

    template_name = "training/admin/release.html"
    page_title = gettext_lazy("Công bố quyết định")
    header_icon = "mail"

    @cached_property
    def round(self):
        return get_object_or_404(NominationRound, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.round.title

    def pending(self):
        return (
            Nomination.objects.filter(round=self.round)
            .exclude(pending_status="")
            .select_related("agency", "pending_decision")
            .order_by(vi("agency__name"), vi("full_name"))
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, pending=self.pending(), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            released = services.release_decisions(request.user, round=self.round)
        except services.NominationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Đã công bố %(count)s quyết định và gửi thư cho các cơ quan.") % {"count": len(released)}
            )
            report_skipped(request, released.skipped)
        return redirect(NominationRound.snippet_viewset.get_url_name("inspect"), self.round.pk)


def report_skipped(request, skipped):
    """One Board message naming every nomination a release could not move, and why."""
    if skipped:
        messages.warning(
            request,
            _("Không công bố được %(count)s hồ sơ (quyết định đã chuẩn bị được hủy, xem lịch sử hồ sơ): %(list)s")
            % {"count": len(skipped), "list": "; ".join(f"{n.full_name} ({n.agency}): {why}" for n, why in skipped)},
        )


class ScoringListView(BoardOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Nominations this reviewer may score, ranked by average: never those of the reviewer's own agency, nor those
    they declared a conflict on."""

    template_name = "training/admin/scoring_list.html"
    page_title = gettext_lazy("Chấm điểm hồ sơ")
    header_icon = "clipboard-list"

    def get_context_data(self, **kwargs):
        user = self.request.user
        rounds = NominationRound.objects.all()
        current = None
        if (round_id := parse_id(self.request.GET.get("round", ""))) is not None:
            current = rounds.filter(pk=round_id).first()
        nominations = (
            Nomination.objects.filter(status__in=UNDER_REVIEW)
            .with_scores()
            .select_related("agency", "round")
            .order_by(F("avg_score").desc(nulls_last=True), vi("full_name"))
        )
        if user.agency_id:
            nominations = nominations.exclude(agency_id=user.agency_id)
        if recused := recused_nomination_ids(user):
            nominations = nominations.exclude(pk__in=recused)
        if current:
            nominations = nominations.filter(round=current)
        mine = set(Review.objects.filter(reviewer=user).values_list("nomination_id", flat=True))
        return super().get_context_data(
            nominations=nominations[:500], rounds=rounds, current=current, mine=mine,
            score_url_name=Nomination.snippet_viewset.get_url_name("score"),
            inspect_url_name=Nomination.snippet_viewset.get_url_name("inspect"), **kwargs,
        )


class ReviewerFormView(BoardOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """A reviewer's screen about one nomination they may still score."""

    header_icon = "clipboard-list"

    @cached_property
    def nomination(self):
        nomination = get_object_or_404(Nomination.objects.select_related("round", "agency"), pk=self.kwargs["pk"])
        if services.has_conflict_of_interest(self.request.user, nomination):
            raise Http404  # hidden from the reviewer, as in the list
        return nomination

    def get_page_subtitle(self):
        return self.nomination.full_name

    def get_context_data(self, **kwargs):
        return super().get_context_data(nomination=self.nomination, **kwargs)


class ScoreView(ReviewerFormView):
    form_class = ScoreForm
    template_name = "training/admin/score.html"
    page_title = gettext_lazy("Chấm điểm")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        review = Review.objects.filter(nomination=self.nomination, reviewer=self.request.user).first()
        kwargs["criteria"] = self.nomination.round.criteria.all()
        if review:
            kwargs["initial_scores"] = dict(review.scores.values_list("criterion_id", "score"))
            kwargs["initial"] = {"comment": review.comment}
        return kwargs

    def form_valid(self, form):
        try:
            review = services.score(
                self.nomination, self.request.user, form.scores(), comment=form.cleaned_data["comment"]
            )
        except services.NominationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu phiếu chấm: %(total)s điểm.") % {"total": shown(review.total)})
        return redirect(Nomination.snippet_viewset.get_url_name("scoring"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(recuse_form=RecuseForm(), **kwargs)


class RecuseView(ReviewerFormView):
    """The reviewer declares a conflict of interest the agency rule cannot see; the candidate leaves their list."""

    form_class = RecuseForm
    template_name = "training/admin/recuse.html"
    page_title = gettext_lazy("Khai báo xung đột lợi ích")

    def form_valid(self, form):
        try:
            services.recuse(self.nomination, self.request.user, reason=form.cleaned_data["reason"])
        except services.NominationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        done = _("Đã ghi nhận xung đột lợi ích: bạn không chấm hồ sơ của %(name)s nữa.")
        messages.success(self.request, done % {"name": self.nomination.full_name})
        return redirect(Nomination.snippet_viewset.get_url_name("scoring"))
