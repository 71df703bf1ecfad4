"""The Board's screens for the network in the Wagtail admin, wired in ideas/wagtail_hooks.py: the profiles, one
profile with its requests and sessions, admitting and declining (with a reason), and taking a mentor off the
network (their pending requests are declined and the requesters told); the requests, one request with its
sessions, and answering it for the mentor. Anyone but the Board gets a 404."""

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

from . import rules, services
from .models import MentoringRequest, MentorProfile


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


# The requests: the Board answers for a mentor who does not (services.accept / decline: the same rules and the
# same row lock as the mentor's own answer in the personal area, so whichever comes second is refused).


def board_request(user, pk):
    if not is_board(user) or not str(pk).isdigit() or beyond_database_integer(pk):
        raise Http404
    return get_object_or_404(
        MentoringRequest.objects.select_related("mentor", "requester", "entry", "club", "decided_by"), pk=pk
    )


def request_inspect_url(mentoring):
    return redirect(MentoringRequest.admin_viewset.get_url_name("inspect"), mentoring.pk)


class RequestIndexView(ProfileIndexView):
    def get_base_queryset(self):
        return MentoringRequest.objects.select_related("mentor", "requester", "entry", "club")


class RequestInspectView(InspectView):
    template_name = "ideas/mentoring/admin/request_inspect.html"

    def get_object(self, queryset=None):
        return board_request(self.request.user, self.pk)

    def get_context_data(self, **kwargs):
        viewset = MentoringRequest.admin_viewset
        return super().get_context_data(
            mentoring=self.object,
            may_decide=rules.may_decide(self.request.user, self.object),
            sessions=self.object.sessions.select_related("logged_by"),
            accept_url_name=viewset.get_url_name("accept"),
            decline_url_name=viewset.get_url_name("decline"),
            mentor_url_name=MentorProfile.admin_viewset.get_url_name("inspect"),
            **kwargs,
        )


def _answer(request, mentoring, action, done):
    try:
        action()
    except services.MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"subject": mentoring.subject, "name": mentoring.mentor.display_name})
    return request_inspect_url(mentoring)


@require_POST
def accept_request_view(request, pk):
    mentoring = board_request(request.user, pk)
    return _answer(
        request,
        mentoring,
        lambda: services.accept(request.user, mentoring),
        _("Đã nhận đề nghị “%(subject)s” thay cho %(name)s."),
    )


class DeclineRequestView(DeclineView):
    page_title = gettext_lazy("Từ chối đề nghị cố vấn")

    @cached_property
    def profile(self):  # the request, under DeclineView's name for what the screen is about
        return board_request(self.request.user, self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.profile.subject

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["reason"].help_text = _("Người đề nghị thấy lý do này.")
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=_("Từ chối đề nghị"), **kwargs)

    def form_valid(self, form):
        mentoring, reason = self.profile, form.cleaned_data["reason"]
        return _answer(
            self.request,
            mentoring,
            lambda: services.decline(self.request.user, mentoring, reason),
            _("Đã từ chối đề nghị “%(subject)s”."),
        )
