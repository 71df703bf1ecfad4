"""Forms of the certificate screens: the public verification, and the Board's issuing and revoking (admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from training.certificates.enums import CertificateKind
from training.nominations.models import BoardDecision


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Mã xác minh"), max_length=60, strip=True)


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
