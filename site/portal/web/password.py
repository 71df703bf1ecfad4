"""Change one's own password in the personal area (/ca-nhan/mat-khau/): agency nominators, trainees and
participants, who never see the admin. The old password is asked (a session left open is not enough), the
validators of portal.security.passwords apply (Django's PasswordChangeForm passes the user), the session stays
signed in (update_session_auth_hash ends the account's other sessions), and an e-mail tells the person. Counted
per address like the reset form, so the old password cannot be guessed here at leisure."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal.security import password_notice
from portal.security.ratelimit import rate_limited


class OwnPasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": gettext_lazy("Mật khẩu hiện tại không đúng. Hãy nhập lại."),
        "password_mismatch": gettext_lazy("Hai lần nhập mật khẩu mới không giống nhau."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        self.fields["new_password2"].help_text = ""


@login_required
@rate_limited("password_change", {"POST"})
@require_http_methods(["GET", "POST"])
def change_password(request):
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            password_notice.send_password_changed(user)
        update_session_auth_hash(request, user)
        messages.success(request, _("Đã đổi mật khẩu. Chúng tôi đã gửi thư báo tới địa chỉ thư điện tử của bạn."))
        return redirect("portal:account")
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/personal/password.html", {"form": form, "page_title": _("Đổi mật khẩu")},
                  status=status)
