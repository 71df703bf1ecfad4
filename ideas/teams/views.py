"""An idea's team in the personal area: the owner's page of one entry's team (invite, remove, withdraw an
invitation) and one's own invitations and teams (accept, decline, leave). Thin: rules in ideas.teams.rules,
changes in ideas.teams.services. Another's entry or membership is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ideas.models import Entry
from portal.security.ratelimit import rate_limited

from . import rules, services
from .forms import InviteForm
from .models import CURRENT, TeamMember


def _owned_entry(request, pk):
    entry = get_object_or_404(Entry.objects.owned_by(request.user), pk=pk)
    if not rules.may_manage(request.user, entry):
        raise Http404
    return entry


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("team_invite", methods=["POST"])
def entry_team(request, pk):
    entry = _owned_entry(request, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invite(request.user, entry, form.cleaned_data["who"])
        except services.TeamError as error:
            form.add_error("who", error.message)
        else:
            name = membership.user.get_full_name() or membership.user.username
            messages.success(request, _("Đã gửi lời mời tới %(name)s.") % {"name": name})
            return redirect("ideas:entry_team", entry.pk)
    seats = list(
        TeamMember.objects.filter(entry=entry, state__in=CURRENT).select_related("user").order_by("invited_at", "pk")
    )
    return render(
        request,
        "ideas/teams/entry_team.html",
        {
            "entry": entry,
            "form": form,
            "members": [seat for seat in seats if seat.is_member],
            "pending": [seat for seat in seats if seat.is_pending],
            "may_invite": rules.may_invite(request.user, entry),
            "page_title": _("Nhóm thực hiện"),
        },
    )


@login_required
@require_POST
def remove(request, pk):
    membership = get_object_or_404(TeamMember.objects.filter(entry__owner=request.user), pk=pk)
    try:
        ended = services.remove(request.user, membership)
    except services.TeamError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã rút lời mời.") if ended.state == "withdrawn" else _("Đã xóa khỏi nhóm."))
    return redirect("ideas:entry_team", membership.entry_id)


@login_required
def my_teams(request):
    seats = list(
        TeamMember.objects.filter(user=request.user, state__in=CURRENT)
        .select_related("entry", "entry__owner")
        .order_by("-invited_at", "-pk")
    )
    return render(
        request,
        "ideas/teams/mine.html",
        {
            "invitations": [seat for seat in seats if seat.is_pending],
            "teams": [seat for seat in seats if seat.is_member],
            "page_title": _("Nhóm thực hiện của tôi"),
        },
    )


def _answer(request, pk, action, done):
    membership = get_object_or_404(TeamMember.objects.filter(user=request.user), pk=pk)
    try:
        action(request.user, membership)
    except services.TeamError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"title": membership.entry.title})
    return redirect("ideas:my_teams")


@login_required
@require_POST
def accept(request, pk):
    return _answer(request, pk, services.accept, _("Bạn đã tham gia nhóm thực hiện “%(title)s”."))


@login_required
@require_POST
def decline(request, pk):
    return _answer(request, pk, services.decline, _("Đã từ chối lời mời của nhóm “%(title)s”."))


@login_required
@require_POST
def leave(request, pk):
    return _answer(request, pk, services.leave, _("Bạn đã rời nhóm thực hiện “%(title)s”."))
