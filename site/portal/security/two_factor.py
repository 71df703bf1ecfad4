"""Optional second factor (TOTP, django-otp) for accounts that use the admin, Board staff first of all.

Once a user has confirmed a device, both log-in screens ask for the 6-digit code (or a one-time backup code) in
the same step as the password, and a session of that user that was not verified with a code is ended
(RequireVerifiedSession: e.g. a session opened before enrolment). A wrong code counts as a failed log-in for the
lockout (portal.security.lockout), on top of django-otp's own growing delay between tries.
Enrolment and backup codes: two_factor_admin.py (Tài khoản → Xác thực hai bước).
"""


import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

BACKUP_CODES = 10


def has_device(user):
    """Whether the user has a confirmed device, from the cache: RequireVerifiedSession asks on every signed-in
    request, and django-otp would ask each device table. Dropped whenever a device is saved or deleted."""
    key = f"otp:has-device:{user.pk}"
    value = cache.get(key)
    if value is None:
        value = user_has_device(user)
        cache.set(key, value, 24 * 3600)
    return value


@receiver([post_save, post_delete], sender=TOTPDevice)
@receiver([post_save, post_delete], sender=StaticDevice)
def _forget_has_device(sender, instance, **kwargs):
    cache.delete(f"otp:has-device:{instance.user_id}")


def normalise(token):
    return "".join((token or "").split()).replace("-", "")


class OTPTokenMixin(forms.Form):
    otp_token = forms.CharField(
        label=_("Mã xác thực hai bước"),
        required=False,
        max_length=16,
        help_text=_("Chỉ khi tài khoản đã bật xác thực hai bước: 6 số trong ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}),
    )

    def clean(self):
        data = super().clean()
        user = self.get_user()
        if user is None or not has_device(user):
            return data
        token = normalise(data.get("otp_token"))
        if not token:
            message = _("Tài khoản này đã bật xác thực hai bước: nhập mã 6 số trong ứng dụng (hoặc mã dự phòng).")
            raise ValidationError(message, code="otp_required")
        was_throttled = throttled(user)
        device = match_token(user, token)
        if device is None:
            # Counted by the lockout like a wrong password, so codes cannot be guessed at leisure.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=self.request
            )
            if was_throttled:
                message = _("Đã nhập sai mã nhiều lần: đợi một lát rồi nhập mã mới nhất trong ứng dụng.")
                raise ValidationError(message, code="otp_throttled")
            raise ValidationError(_("Mã xác thực không đúng hoặc đã hết hạn."), code="otp_invalid")
        user.otp_device = device  # django_otp marks the session verified when auth.login() runs
        return data


def throttled(user):
    """django-otp doubles the wait after each wrong code (1 s, 2 s, 4 s…); say so rather than "wrong code"."""
    return any(not device.verify_is_allowed()[0] for device in devices_for_user(user))


class PortalLoginForm(OTPTokenMixin, AuthenticationForm):
    """The front-end log-in (/tai-khoan/dang-nhap/)."""


class AdminLoginForm(OTPTokenMixin, WagtailLoginForm):
    """Wagtail's log-in (/admin/login/), through WAGTAILADMIN_USER_LOGIN_FORM."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail declares the field without a label, so Django would show its name, "Password", untranslatable.
        self.fields["password"].label = _("Mật khẩu")


class RequireVerifiedSession:
    """Ends the session of a user who has a confirmed device but did not give a code in it. After
    django_otp.middleware.OTPMiddleware; no query per request (has_device is cached)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and has_device(user):
            logout(request)
            admin = request.path.startswith("/admin/")
            login_url = "/admin/login/" if admin else settings.WAGTAIL_FRONTEND_LOGIN_URL
            return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


# Enrolment, used by the admin screen.

def pending_device(user):
    """The user's unconfirmed TOTP device (made on first visit, kept until confirmed or replaced)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=str(_("Ứng dụng xác thực")), confirmed=False)


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def qr_svg(device):
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    svg = image.to_string(encoding="unicode")
    return svg.replace('width="', 'data-w="', 1).replace('height="', 'data-h="', 1).replace(
        "<svg ", '<svg width="220" height="220" role="img" ', 1
    )


def secret_text(device):
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_backup_codes(user):
    """Replace the user's backup codes with BACKUP_CODES fresh ones and return them (shown once)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=str(_("Mã dự phòng")), confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_backup_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def confirm(user, device, token):
    """Confirm enrolment with a code from the app; returns the backup codes, or None if the code is wrong."""
    if not device.verify_token(normalise(token)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return new_backup_codes(user)


def disable(user):
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


