"""Agency and Board forms: field-level Vietnamese errors, text kept as text (no markup accepted)."""

import re
import unicodedata
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from wagtail.admin.forms import WagtailAdminModelForm

from portal.admin.delete import RefuseRemovingUsedLinesMixin
from portal.inputs.form_fields import BoundedModelMultipleChoiceField
from portal.personal_data import notices
from portal.review import forms as review_forms
from portal.security import uploads
from training.nominations.enums import Decision
from training.nominations.models import BoardDecision, DispatchDocument, Nomination

MIN_AGE, MAX_AGE = 18, 75
MAX_SECTORS, MAX_SECTOR_LENGTH = 10, 50
MAX_DISPATCH_SIZE = 10 * 1024 * 1024
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|&#?\w+;")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Vietnamese numbers: mobiles 03/05/07/08/09 + 8 digits, landlines 02xx + 7-8 digits; +84 for the leading 0.
PHONE = re.compile(r"^(?:\+84|0)(?:[35789]\d{8}|2\d{8,9})$")
NAME = re.compile(r"^[^\W\d_]+(?:[ '.\-][^\W\d_]+)*\.?$")

phone_validator = RegexValidator(
    PHONE, _("Số điện thoại không hợp lệ. Ví dụ: 0905 123 456 hoặc 0235 3812 345.")
)


def clean_text(value):
    """NFC, no control characters, no markup: what a nominator types is data, never HTML."""
    value = CONTROL.sub("", unicodedata.normalize("NFC", value or "")).strip()
    if MARKUP.search(value):
        raise ValidationError(_("Không được nhập mã HTML hoặc thẻ đánh dấu (dấu < >); hãy nhập văn bản thường."))
    return value


def age_on(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class NominationForm(forms.ModelForm):
    sectors = TagField(
        label=_("Lĩnh vực"), required=False,
        help_text=_("Phân cách bằng dấu phẩy, ví dụ: nông nghiệp hữu cơ, du lịch số, chuyển đổi số."),
    )

    class Meta:
        model = Nomination
        fields = [
            "full_name", "gender", "date_of_birth", "position", "workplace", "phone", "email", "is_entrepreneur",
            "sectors", "experience", "motivation", "criteria_met",
        ]
        field_classes = {"criteria_met": BoundedModelMultipleChoiceField}
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "criteria_met": forms.CheckboxSelectMultiple,
            "experience": forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
            "motivation": forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
        }
        error_messages = {
            "full_name": {"required": _("Nhập họ và tên ứng viên."), "max_length": _("Họ và tên tối đa 120 ký tự.")},
            "date_of_birth": {"required": _("Nhập ngày sinh."), "invalid": _("Ngày sinh không hợp lệ.")},
            "email": {"invalid": _("Địa chỉ thư điện tử không hợp lệ."), "required": _("Nhập thư điện tử.")},
            "phone": {"required": _("Nhập số điện thoại.")},
            "workplace": {"required": _("Nhập nơi công tác.")},
            "gender": {"required": _("Chọn giới tính.")},
        }

    consent = forms.BooleanField(
        label=notices.NOMINATION.text,
        help_text=notices.RETENTION,
        error_messages={"required": _("Cần xác nhận ứng viên đã đồng ý cho xử lý dữ liệu cá nhân.")},
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        # Consent is declared on every save: the box starts ticked only when this notice was already agreed to.
        self.fields["consent"].initial = self.instance.consent_notice == notices.NOMINATION.reference
        self.fields["criteria_met"].queryset = round.criteria.all()
        self.fields["criteria_met"].label = _("Tiêu chí ứng viên đáp ứng")
        self.fields["date_of_birth"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        for name in ("experience", "motivation"):
            self.fields[name].max_length = 3000
            self.fields[name].widget.attrs["maxlength"] = 3000
        if self.instance.pk:
            self.initial["sectors"] = list(self.instance.sectors.all())

    def save(self, commit=True):
        """Record the consent (time and notice) the first time it is given under the current notice."""
        nomination = super().save(commit=False)
        if self.cleaned_data.get("consent") and nomination.consent_notice != notices.NOMINATION.reference:
            nomination.consent_at, nomination.consent_notice = timezone.now(), notices.NOMINATION.reference
        if commit:
            nomination.save()
            self.save_m2m()
        return nomination

    def clean_full_name(self):
        name = " ".join(clean_text(self.cleaned_data["full_name"]).split())
        if not NAME.match(name):
            raise ValidationError(_("Họ và tên chỉ gồm chữ cái (có dấu), khoảng trắng, dấu gạch nối."))
        return name

    def clean_position(self):
        return clean_text(self.cleaned_data["position"])

    def clean_workplace(self):
        return clean_text(self.cleaned_data["workplace"])

    def clean_experience(self):
        return clean_text(self.cleaned_data["experience"])

    def clean_motivation(self):
        return clean_text(self.cleaned_data["motivation"])

    def clean_phone(self):
        phone = re.sub(r"[\s.\-()]", "", self.cleaned_data["phone"])
        phone_validator(phone)
        return phone

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError(_("Ngày sinh không thể ở tương lai."))
        if not MIN_AGE <= age_on(born, today) <= MAX_AGE:
            raise ValidationError(
                _("Tuổi ứng viên phải từ %(min)s đến %(max)s.") % {"min": MIN_AGE, "max": MAX_AGE}
            )
        return born

    def clean_sectors(self):
        sectors = []
        for sector in self.cleaned_data.get("sectors") or []:
            sector = " ".join(clean_text(sector).split())
            if len(sector) > MAX_SECTOR_LENGTH:
                raise ValidationError(_("Mỗi lĩnh vực tối đa %(n)s ký tự.") % {"n": MAX_SECTOR_LENGTH})
            if sector and sector.lower() not in [s.lower() for s in sectors]:
                sectors.append(sector)
        if len(sectors) > MAX_SECTORS:
            raise ValidationError(_("Tối đa %(n)s lĩnh vực.") % {"n": MAX_SECTORS})
        return sectors


def validate_pdf(upload):
    return uploads.validate_pdf(upload, MAX_DISPATCH_SIZE)


class SubmitForm(forms.Form):
    """The dispatch a submission rests on: one the agency already uploaded for this round, or a new one."""

    existing = forms.ModelChoiceField(
        DispatchDocument.objects.none(), required=False, label=_("Dùng công văn đã tải lên"),
        empty_label=_("— Công văn mới —"),
    )
    number = forms.CharField(label=_("Số công văn"), max_length=100, required=False)
    date = forms.DateField(
        label=_("Ngày công văn"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    file = forms.FileField(label=_("Bản ký công văn (PDF, tối đa 10 MB)"), required=False)

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing"].queryset = DispatchDocument.objects.filter(
            agency_id=nomination.agency_id, round_id=nomination.round_id
        )

    def clean_number(self):
        return clean_text(self.cleaned_data["number"])

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value and value > timezone.localdate():
            raise ValidationError(_("Ngày công văn không thể ở tương lai."))
        if value and value < date(2000, 1, 1):
            raise ValidationError(_("Ngày công văn không hợp lệ."))
        return value

    def clean_file(self):
        upload = self.cleaned_data["file"]
        return validate_pdf(upload) if upload else upload

    def clean(self):
        data = super().clean()
        if data.get("existing") or self.errors:
            return data
        for name, message in (
            ("number", _("Nhập số công văn.")),
            ("date", _("Nhập ngày công văn.")),
            ("file", _("Đính kèm bản ký công văn (PDF).")),
        ):
            if not data.get(name):
                self.add_error(name, message)
        return data

    def dispatch_kwargs(self):
        if self.cleaned_data.get("existing"):
            return {"dispatch": self.cleaned_data["existing"]}
        return {"new_dispatch": {k: self.cleaned_data[k] for k in ("number", "date", "file")}}


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút hồ sơ"), max_length=1000, required=False, widget=forms.Textarea(
        attrs={"rows": 3}))

    def clean_reason(self):
        return clean_text(self.cleaned_data["reason"])


class DecisionForm(forms.Form):
    """The Board's decision on one or many nominations (admin)."""

    outcome = forms.ChoiceField(label=_("Quyết định"), choices=Decision.choices)
    decision = forms.ModelChoiceField(
        BoardDecision.objects.all(), label=_("Căn cứ quyết định của Ban Điều hành"),
        help_text=_("Thêm quyết định mới trong mục “Quyết định của Ban Điều hành”."),
    )
    reason = forms.CharField(
        label=_("Lý do (cơ quan đề cử sẽ thấy)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    release_now = forms.BooleanField(
        label=_("Công bố ngay (gửi thư cho cơ quan)"), required=False,
        help_text=_("Bỏ chọn để chuẩn bị trước, rồi công bố cùng lúc các quyết định của đợt."),
    )

    def clean_reason(self):
        return clean_text(self.cleaned_data["reason"])

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Decision.REJECTED and not data.get("reason"):
            self.add_error("reason", _("Cần nêu lý do không chọn; cơ quan đề cử sẽ thấy lý do này."))
        return data


class ScoreForm(review_forms.ScoreForm):
    """The review engine's form (portal.review.forms); a comment with markup is refused, as everywhere here."""

    clean_comment_text = staticmethod(clean_text)


class RecuseForm(review_forms.RecuseForm):
    clean_reason_text = staticmethod(clean_text)


class NominationRoundAdminForm(RefuseRemovingUsedLinesMixin, WagtailAdminModelForm):
    """The Board's round form: a criterion that reviews scored or nominations ticked is not removed
    (portal.admin.delete), nor the invitation of an agency that nominated in the round: no foreign key ties its
    nominations to it, yet without it they would lose their quota and the agency its pages for the round."""

    def clean(self):
        cleaned = super().clean()
        quotas = self.formsets.get("quotas")
        for form in getattr(quotas, "deleted_forms", []) if quotas is not None else []:
            quota = form.instance
            if quota.pk and Nomination.objects.filter(round_id=quota.round_id, agency_id=quota.agency_id).exists():
                message = _("Không thể bỏ lời mời “%(agency)s”: cơ quan này đã đề cử trong đợt.")
                self.add_error(None, message % {"agency": quota.agency})
        return cleaned
