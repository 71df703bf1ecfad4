"""The moderators' screens in the Wagtail admin, wired into the viewset in wagtail_hooks.py: the entries a user
moderates (every one for the Board, their clubs' for a club's editors), one entry with its pending change and its
versions, publishing and returning. Another club's entry is a 404 on every one of them. Changes go through
ideas.services."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.inputs.form_fields import beyond_database_integer

from . import services
from .models import CONTENT_FIELDS, Entry


def moderated_entry(user, pk):
    if not str(pk).isdigit() or beyond_database_integer(pk):
        raise Http404
    return get_object_or_404(
        Entry.objects.moderated_by(user).select_related("sector", "district", "club", "owner", "image", "document"),
        pk=pk,
    )


def inspect_url(entry):
    return redirect(Entry.admin_viewset.get_url_name("inspect"), entry.pk)


class EntryIndexView(IndexView):
    def get_base_queryset(self):
        return Entry.objects.moderated_by(self.request.user).select_related("sector", "club", "district")


class EntryInspectView(InspectView):
    template_name = "ideas/admin/entry_inspect.html"

    def get_object(self, queryset=None):
        return moderated_entry(self.request.user, self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.object
        pending = services.pending_version(entry)
        current = {name: getattr(entry, name) for name in CONTENT_FIELDS}
        context.update(
            entry=entry,
            pending=pending,
            changed=[name for name in CONTENT_FIELDS if pending and pending.data.get(name) != current[name]],
            versions=entry.versions.select_related("author", "moderated_by"),
            publish_url_name=Entry.admin_viewset.get_url_name("publish"),
            return_url_name=Entry.admin_viewset.get_url_name("return"),
        )
        return context


@require_POST
def publish_view(request, pk):
    entry = moderated_entry(request.user, pk)
    try:
        services.publish(request.user, entry)
    except services.EntryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã công bố “%(title)s”.") % {"title": entry.title})
    return inspect_url(entry)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do trả lại"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Người gửi thấy lý do này và sửa lại ý tưởng."),
    )


class ReturnView(WagtailAdminTemplateMixin, FormView):
    template_name = "ideas/admin/return.html"
    page_title = gettext_lazy("Trả lại ý tưởng")
    header_icon = "undo"
    form_class = ReturnForm

    @cached_property
    def entry(self):
        return moderated_entry(self.request.user, self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        self.entry  # noqa: B018  (404 before anything else)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.entry.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, pending=services.pending_version(self.entry), **kwargs)

    def form_valid(self, form):
        try:
            services.return_entry(self.request.user, self.entry, form.cleaned_data["reason"])
        except services.EntryError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, _("Đã trả lại ý tưởng cho người gửi."))
        return inspect_url(self.entry)


class SectorDeleteView(DeleteView):
    """A sector that entries use is never deleted (PROTECT would answer 500), nor one that mentors list (the
    many-to-many would silently drop it from their profiles): the Board renames or reorders it."""

    def form_valid(self, form):
        if self.object.entries.exists():
            messages.error(
                self.request,
                _("Không thể xóa lĩnh vực “%(name)s” vì đã có ý tưởng thuộc lĩnh vực này.")
                % {"name": self.object.name},
            )
            return redirect(self.index_url_name)
        if self.object.mentors.exists():
            messages.error(
                self.request,
                _("Không thể xóa lĩnh vực “%(name)s” vì có chuyên gia, cố vấn ghi lĩnh vực này trong hồ sơ.")
                % {"name": self.object.name},
            )
            return redirect(self.index_url_name)
        return super().form_valid(form)
