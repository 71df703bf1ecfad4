"""The network's front-end forms: a mentor's profile, a request for mentoring, a decision's reason, a session,
and the public list's filters. Hostile values are form errors, never a server error."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clubs.models import ClubPage
from ideas.models import Entry, Sector
from ideas.rules import edited_club_ids
from portal.inputs.form_fields import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from portal.inputs.text import clean_line, clean_text
from portal.models import AdministrativeUnit
from portal.ordering import vi

from .enums import MentorKind

PROFILE_LINES = ["display_name", "headline", "availability", "public_email"]
PROFILE_TEXTS = ["expertise"]


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    kind = forms.ChoiceField(label=_("Bạn là"), choices=MentorKind.choices)
    headline = forms.CharField(label=_("Chức danh, nơi công tác"), max_length=200, required=False)
    expertise = forms.CharField(
        label=_("Chuyên môn"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bạn có thể hỗ trợ những gì: thị trường, tài chính, sản xuất, công nghệ..."),
    )
    sectors = BoundedModelMultipleChoiceField(
        Sector.objects.all(), label=_("Lĩnh vực"), widget=forms.CheckboxSelectMultiple
    )
    districts = BoundedModelMultipleChoiceField(
        AdministrativeUnit.objects.filter(is_active=True).order_by(vi("name")),
        label=_("Địa bàn có thể hỗ trợ"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(
        label=_("Thời gian có thể hỗ trợ"), max_length=300, help_text=_("Ví dụ: tối thứ Năm, 2 buổi mỗi tháng.")
    )
    public_email = forms.EmailField(label=_("Thư điện tử liên hệ công khai"), required=False)
    consent = forms.BooleanField(
        label=_("Tôi đồng ý hiện hồ sơ này trên mạng lưới chuyên gia, cố vấn của cổng thông tin."),
        error_messages={"required": _("Cần đồng ý hiện hồ sơ để đăng ký vào mạng lưới.")},
    )

    def clean(self):
        cleaned = super().clean()
        for name in PROFILE_LINES:
            if name in cleaned:
                cleaned[name] = clean_line(cleaned[name])
        for name in PROFILE_TEXTS:
            if name in cleaned:
                cleaned[name] = clean_text(cleaned[name])
        for name, message in (("display_name", _("Hãy nhập họ và tên.")), ("expertise", _("Hãy ghi chuyên môn."))):
            if name in cleaned and not cleaned[name]:
                self.add_error(name, message)
        return cleaned

    def content(self):
        data = self.cleaned_data
        return {name: data[name] for name in [*PROFILE_LINES, *PROFILE_TEXTS, "kind", "consent"]}

    @classmethod
    def initial_from(cls, profile):
        if profile is None:
            return {}
        return {
            **{name: getattr(profile, name) for name in [*PROFILE_LINES, *PROFILE_TEXTS, "kind", "consent"]},
            "sectors": list(profile.sectors.values_list("pk", flat=True)),
            "districts": list(profile.districts.values_list("pk", flat=True)),
        }


class RequestForm(forms.Form):
    """For one of the person's own entries in the bank, or one of the clubs they edit."""

    entry = BoundedModelChoiceField(Entry.objects.none(), label=_("Cho ý tưởng, dự án"), required=False)
    club = BoundedModelChoiceField(ClubPage.objects.none(), label=_("Hoặc cho câu lạc bộ"), required=False)
    message = forms.CharField(label=_("Cần cố vấn về"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = Entry.objects.owned_by(user).exclude(state="withdrawn").order_by("title")
        self.fields["club"].queryset = ClubPage.objects.filter(pk__in=edited_club_ids(user)).order_by(vi("title"))

    def clean(self):
        cleaned = super().clean()
        if "message" in cleaned:
            cleaned["message"] = clean_text(cleaned["message"])
            if not cleaned["message"]:
                self.add_error("message", _("Hãy ghi nội dung cần cố vấn."))
        if not self.errors and bool(cleaned.get("entry")) == bool(cleaned.get("club")):
            raise forms.ValidationError(_("Hãy chọn một ý tưởng của bạn hoặc một câu lạc bộ bạn biên tập."))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reason(self):
        reason = clean_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Hãy ghi lý do."))
        return reason


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Chủ đề"), max_length=200)
    outcome = forms.CharField(label=_("Kết quả"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Ngày của buổi cố vấn không thể ở tương lai."))
        return held_on

    def clean(self):
        cleaned = super().clean()
        for name, clean in (("topic", clean_line), ("outcome", clean_text)):
            if name in cleaned:
                cleaned[name] = clean(cleaned[name])
                if not cleaned[name]:
                    self.add_error(name, _("Trường này không được để trống."))
        return cleaned


class NetworkFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo chuyên môn, tên"), max_length=200, required=False)
    sector = forms.ModelChoiceField(
        Sector.objects.all(), to_field_name="slug", required=False, label=_("Lĩnh vực"), empty_label=_("Tất cả")
    )
    district = forms.ModelChoiceField(
        AdministrativeUnit.objects.filter(is_active=True).order_by(vi("name")),
        to_field_name="slug",
        required=False,
        label=_("Địa bàn"),
        empty_label=_("Tất cả"),
    )

    def clean_q(self):
        return clean_line(self.cleaned_data.get("q") or "")
