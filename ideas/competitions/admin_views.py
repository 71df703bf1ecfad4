"""The Board's competition screens in the Wagtail admin, wired into the viewset in ideas/wagtail_hooks.py: the
competition with its entries ranked by the reviewers' average (portal.review aggregates), preparing each award,
and releasing them together. Every change goes through ideas.competitions.services."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView

from portal.formats.numbers import shown
from portal.inputs.form_fields import beyond_database_integer

from . import rules, services
from .certificates import for_entries
from .enums import Award
from .models import Competition, CompetitionChange, CompetitionEntry, CompetitionRecusal


class AwardForm(forms.Form):
    award = forms.ChoiceField(label=gettext_lazy("Kết quả"), choices=Award.choices)
    reason = forms.CharField(label=gettext_lazy("Nhận xét"), required=False, max_length=2000)


def inspect_redirect(competition):
    return redirect(Competition.admin_viewset.get_url_name("inspect"), competition.pk)


class CompetitionIndexView(IndexView):
    """The Board's list holds every competition, a district organiser's their district's (also in the export)."""

    def get_base_queryset(self):
        return rules.competitions_run_by(self.request.user).select_related("organiser")


class CompetitionInspectView(InspectView):
    template_name = "ideas/competitions/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        competition = self.object
        entries = list(
            CompetitionEntry.objects.filter(competition=competition)
            .with_scores()
            .select_related("idea", "category", "nominating_agency", "nominating_club")
            .order_by("status", F("avg_score").desc(nulls_last=True), "pk")
        )
        certificates = for_entries(entries)
        for entry in entries:
            entry.certificate = certificates.get(entry.pk)
            entry.avg_shown = shown(entry.avg_score) if entry.avg_score is not None else "–"
        viewset = Competition.admin_viewset
        context.update(
            competition=competition,
            entries=entries,
            changes=CompetitionChange.objects.filter(entry__competition=competition)
            .select_related("entry__idea", "actor")
            .order_by("-at", "-pk")[:200],
            recusals=CompetitionRecusal.objects.filter(entry__competition=competition)
            .select_related("entry__idea", "reviewer")
            .order_by("-at", "-pk")[:200],
            team_conflicts=rules.team_conflicts(competition)[:200],
            award_form=AwardForm(),
            pending_count=sum(1 for e in entries if e.pending_award),
            closed=competition.is_closed(),
            prepare_url_name=viewset.get_url_name("prepare"),
            release_url_name=viewset.get_url_name("release"),
        )
        return context


def _pk(value):
    if not str(value).isdigit() or beyond_database_integer(value):
        raise Http404
    return value


@require_POST
def prepare_view(request, pk):
    if not rules.is_organiser(request.user):
        raise PermissionDenied
    entry = get_object_or_404(
        CompetitionEntry.objects.select_related("competition").filter(
            competition__in=rules.competitions_run_by(request.user)
        ),
        pk=_pk(pk),
    )
    form = AwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kết quả không hợp lệ."))
        return inspect_redirect(entry.competition)
    try:
        services.prepare_award(request.user, entry, form.cleaned_data["award"], reason=form.cleaned_data["reason"])
    except services.CompetitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã chuẩn bị kết quả; chỉ công khai khi Ban công bố."))
    return inspect_redirect(entry.competition)


@require_POST
def release_view(request, pk):
    if not rules.is_organiser(request.user):
        raise PermissionDenied
    competition = get_object_or_404(rules.competitions_run_by(request.user), pk=_pk(pk))
    try:
        released = services.release_awards(request.user, competition)
    except services.CompetitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã công bố %(count)s kết quả và cấp giấy chứng nhận cho người đạt giải.") % {"count": len(released)}
            + " "
            + ngettext(
                "%(mails)s thư báo kết quả được gửi đi (chủ ý tưởng, cơ quan và câu lạc bộ đề cử).",
                "%(mails)s thư báo kết quả được gửi đi (chủ ý tưởng, cơ quan và câu lạc bộ đề cử).",
                released.mail_count,
            )
            % {"mails": released.mail_count},
        )
        if released.skipped:
            messages.warning(
                request,
                _("Không công bố được %(count)s hồ sơ (kết quả đã chuẩn bị được hủy): %(list)s")
                % {
                    "count": len(released.skipped),
                    "list": "; ".join(f"{e.idea}: {why}" for e, why in released.skipped),
                },
            )
    return inspect_redirect(competition)


class CompetitionDeleteView(DeleteView):
    """A competition with entries is never deleted (PROTECT would answer 500): the Board unpublishes it."""

    def form_valid(self, form):
        if self.object.entries.exists():
            messages.error(self.request, _("Không thể xóa cuộc thi đã có hồ sơ dự thi; hãy bỏ công khai."))
            return redirect(self.index_url_name)
        return super().form_valid(form)
