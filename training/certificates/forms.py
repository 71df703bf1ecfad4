"""Forms of the certificate screens: the public verification, and the Board's issuing and revoking (admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from training.certificates.enums import CertificateKind
from training.nominations.models import BoardDecision


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Mã xác minh"), max_length=60, strip=True)


class CredentialForm(forms.Form):
    """A verifiable credential to check: pasted (the JSON file's text or the JWT) or uploaded (the .json file)."""

    text = forms.CharField(
        label=_("Nội dung giấy chứng nhận số"),
        required=False,
        max_length=64 * 1024,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("Dán nội dung tệp .json tải từ trang cá nhân, hoặc chuỗi JWT."),
    )
    upload = forms.FileField(label=_("hoặc chọn tệp .json"), required=False)

    def clean(self):
        data = super().clean()
        text = data.get("text") or ""
        upload = data.get("upload")
        if upload:
            if upload.size > 64 * 1024:
                raise forms.ValidationError(_("Tệp quá lớn: giấy chứng nhận số không quá 64 KB."))
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                message = _("Tệp không phải giấy chứng nhận số (không đọc được nội dung).")
                raise forms.ValidationError(message) from error
        if not text.strip():
            raise forms.ValidationError(_("Hãy dán nội dung hoặc chọn tệp giấy chứng nhận số."))
        data["credential"] = text
        return data


class IssueForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại giấy chứng nhận"),
        choices=[
            (CertificateKind.COMPLETION.value, CertificateKind.COMPLETION.label),
            (CertificateKind.CERTIFICATION.value, CertificateKind.CERTIFICATION.label),
        ],
    )
    issued_on = forms.DateField(label=_("Ngày cấp"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    decision = forms.ModelChoiceField(
        label=_("Quyết định"),
        queryset=BoardDecision.objects.all(),
        required=False,
        help_text=_("Để trống: dùng quyết định của lớp."),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    reissue = forms.BooleanField(label=_("Cấp lại giấy chứng nhận mới (số hiệu và mã mới)"), required=False)


class DeliveryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        state = _("đã xác nhận") if obj.confirmed_at else _("chờ xác nhận")
        return f"{obj.date:%d/%m/%Y} – {obj.club.title} – {obj.topic} ({obj.participants}; {state})"


class RenewalRequestForm(forms.Form):
    """The trainer's request: which of their deliveries since certification count as evidence, and a note."""

    deliveries = DeliveryChoiceField(
        label=_("Các buổi giảng dạy làm minh chứng"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một buổi giảng dạy làm minh chứng.")},
    )
    note = forms.CharField(
        label=_("Ghi chú gửi Ban Điều hành"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliveries"].queryset = evidence
        self.fields["deliveries"].initial = [d.pk for d in evidence]


class RefuseRenewalForm(forms.Form):
    reason = forms.CharField(label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
