"""The owner's invitation form: one account, by user name or e-mail address, typed as one line of text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.inputs.text import clean_line


class InviteForm(forms.Form):
    who = forms.CharField(
        label=_("Tên đăng nhập hoặc thư điện tử"), max_length=254,
        help_text=_("Người được mời cần có tài khoản trên cổng; họ nhận hoặc từ chối tại trang cá nhân."),
    )

    def clean_who(self):
        value = clean_line(self.cleaned_data["who"])
        if not value:
            raise forms.ValidationError(_("Hãy nhập tên đăng nhập hoặc thư điện tử của người được mời."))
        return value
