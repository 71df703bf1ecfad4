"""The idea bank's front end: the public showcase and entry pages, and the owners' submission and editing.
Thin: rules in ideas.rules, changes in ideas.services. What is not the visitor's is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.inputs.filters import bind_ignoring_invalid

from . import rules, services
from .forms import EntryForm, ShowcaseFilterForm
from .models import Entry

PAGE_SIZE = 20


def showcase(request):
    form, ignored = bind_ignoring_invalid(ShowcaseFilterForm, request.GET)
    entries = Entry.objects.showcase()
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    return render(
        request,
        "ideas/showcase.html",
        {
            "filter_form": form,
            "filter_choices": form.choices(),
            "ignored_filters": ignored,
            "filtered": form.is_bound,
            "entries": Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page")),
            "page_title": _("Ngân hàng ý tưởng"),
        },
    )


def open_competitions_for(user, entry):
    """The open competitions `user` may bring this entry into (its owner, an agency, the club it names)."""
    from django.utils import timezone

    from portal.inputs import deadlines

    from .competitions.models import Competition
    from .competitions.rules import nominating_route

    if not user.is_authenticated or nominating_route(user, entry) is None:
        return []
    now = timezone.now()
    return list(Competition.objects.published().filter(opens_at__lte=now, closes_at__gte=deadlines.cutoff(now))[:5])


def entry_detail(request, pk):
    """A published entry for everyone; an entry not (or no longer) on the showcase only for those who may edit it
    (its owner, its moderators), as a preview that says who else sees it: 404 for anyone else."""
    entry = Entry.objects.showcase().filter(pk=pk).first()
    preview = entry is None
    if preview:
        shown = Entry.objects.select_related("sector", "district", "club", "image", "document")
        entry = get_object_or_404(shown, pk=pk)
        if not rules.may_edit(request.user, entry):
            raise Http404
    pending = services.pending_version(entry) if rules.may_edit(request.user, entry) else None
    return render(
        request,
        "ideas/entry_detail.html",
        {
            "entry": entry,
            "preview": preview,
            "pending": pending,
            "may_edit": rules.may_edit(request.user, entry),
            "open_competitions": open_competitions_for(request.user, entry),
            "page_title": entry.title,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request):
    form = EntryForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.submit(
                request.user, form.content(), form.cleaned_data.get("image"), form.cleaned_data.get("document")
            )
        except services.EntryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _published_or_waiting(entry))
            return redirect("ideas:my_entries")
    return render(request, "ideas/entry_form.html", {"form": form, "page_title": _("Gửi ý tưởng, dự án")})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    entry = get_object_or_404(Entry.objects.editable_by(request.user).select_related("sector", "district"), pk=pk)
    pending = services.pending_version(entry)
    if request.method == "POST":
        form = EntryForm(request.POST, request.FILES, user=request.user, entry=entry)
        if form.is_valid():
            try:
                entry = services.update(
                    request.user,
                    entry,
                    form.content(),
                    form.cleaned_data.get("image"),
                    form.cleaned_data.get("document"),
                )
            except services.EntryError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _published_or_waiting(entry))
                return redirect("ideas:my_entries" if rules.is_owner(request.user, entry) else "ideas:showcase")
    else:
        form = EntryForm(
            initial=EntryForm.initial_from(entry, pending.data if pending else None), user=request.user, entry=entry
        )
    return render(
        request,
        "ideas/entry_form.html",
        {
            "form": form,
            "entry": entry,
            "pending": pending,
            "page_title": _("Sửa ý tưởng, dự án"),
        },
    )


@login_required
@require_POST
def withdraw(request, pk):
    entry = get_object_or_404(Entry.objects.editable_by(request.user), pk=pk)
    try:
        services.withdraw(request.user, entry)
    except services.EntryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã rút “%(title)s” khỏi ngân hàng ý tưởng.") % {"title": entry.title})
    return redirect("ideas:my_entries")


@login_required
def my_entries(request):
    entries = (
        Entry.objects.owned_by(request.user)
        .select_related("sector", "district", "club")
        .order_by("-submitted_at", "-pk")
    )
    pending = set(Entry.objects.owned_by(request.user).filter(versions__status="pending").values_list("pk", flat=True))
    return render(
        request,
        "ideas/my_entries.html",
        {
            "entries": [(entry, entry.pk in pending, rules.may_withdraw(request.user, entry)) for entry in entries],
            "page_title": _("Ý tưởng, dự án của tôi"),
        },
    )


def _published_or_waiting(entry):
    if entry.state == "published" and not services.pending_version(entry):
        return _("Đã công bố “%(title)s” trên ngân hàng ý tưởng.") % {"title": entry.title}
    return _("Đã gửi “%(title)s”: Ban Điều hành hoặc câu lạc bộ sẽ duyệt trước khi công bố.") % {"title": entry.title}
