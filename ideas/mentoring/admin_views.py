"""The Board's screens for the network in the Wagtail admin, wired in ideas/wagtail_hooks.py: the profiles, one
profile with its requests and sessions, admitting and declining (with a reason), and taking a mentor off the
network (their pending requests are declined and the requesters told). Anyone but the Board gets a 404."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ideas.rules import is_board
from portal.inputs.form_fields import beyond_database_integer
from portal.inputs.text import clean_text

from . import services
from .models import MentorProfile


def board_profile(user, pk):
    if not is_board(user) or not str(pk).isdigit() or beyond_database_integer(pk):
        raise Http404
    return get_object_or_404(MentorProfile.objects.select_related("user", "decided_by"), pk=pk)


def inspect_url(profile):
    return redirect(MentorProfile.admin_viewset.get_url_name("inspect"), profile.pk)


class ProfileIndexView(IndexView):
    """A 404 to anyone but the Board (as every other screen of the network), not Wagtail's redirect."""

    def dispatch(self, request, *args, **kwargs):
        if not is_board(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return MentorProfile.objects.all()


class ProfileInspectView(InspectView):
    template_name = "ideas/mentoring/admin/profile_inspect.html"

    def get_object(self, queryset=None):
        return board_profile(self.request.user, self.pk)

    def get_context_data(self, **kwargs):
        viewset = MentorProfile.admin_viewset
        return super().get_context_data(
            profile=self.object,
            requests=self.object.requests.select_related("entry", "club", "requester").prefetch_related("sessions"),
            admit_url_name=viewset.get_url_name("admit"),
            decline_url_name=viewset.get_url_name("decline"),
            remove_url_name=viewset.get_url_name("remove"),
            **kwargs,
        )


def _run(request, profile, action, done):
    try:
        action()
    except services.MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"name": profile.display_name})
    return inspect_url(profile)


@require_POST
def admit_view(request, pk):
    profile = board_profile(request.user, pk)
    return _run(request, profile, lambda: services.admit(request.user, profile), _("Đã nhận %(name)s vào mạng lưới."))


@require_POST
def remove_view(request, pk):
    profile = board_profile(request.user, pk)
    return _run(
        request, profile, lambda: services.leave(request.user, profile), _("Đã đưa %(name)s ra khỏi mạng lưới.")
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Người đăng ký thấy lý do này."),
    )

    def clean_reason(self):
        reason = clean_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Hãy ghi lý do."))
        return reason


class DeclineView(WagtailAdminTemplateMixin, FormView):
    template_name = "ideas/mentoring/admin/decline.html"
    page_title = gettext_lazy("Không nhận vào mạng lưới")
    header_icon = "cross"
    form_class = DeclineForm

    @cached_property
    def profile(self):
        return board_profile(self.request.user, self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        self.profile  # noqa: B018  (404 before anything else)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.profile.display_name

    def form_valid(self, form):
        profile, reason = self.profile, form.cleaned_data["reason"]
        return _run(
            self.request,
            profile,
            lambda: services.decline_profile(self.request.user, profile, reason),
            _("Đã không nhận %(name)s."),
        )
