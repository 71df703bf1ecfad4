"""The admin screen where a user turns on two-step verification (Tài khoản → Xác thực hai bước): scan the QR
code, confirm with a code, keep the backup codes; later, new backup codes or turning it off, each with a code."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from wagtail import hooks

from . import two_factor, two_factor_rule


def _required_context(request):
    user = request.user
    if not (two_factor_rule.is_board_account(user) and settings.TWO_FACTOR_REQUIRED_FOR_BOARD):
        return {}
    return {"required": True, "last_grace_day": two_factor_rule.last_grace_day(user),
            "locked": getattr(request, "two_factor_locked", False)}


def _render(request, context, status=200):
    context.setdefault("page_title", _t("Xác thực hai bước"))
    context.update(_required_context(request))
    return render(request, "portal/admin/two_factor.html", context, status=status)


def _codes_page(request, codes):
    return _render(request, {"backup_codes": codes, "enrolled": True})


@require_http_methods(["GET", "POST"])
def two_factor_settings(request):
    user = request.user
    confirmed = two_factor.confirmed_device(user)
    action = request.POST.get("action") if request.method == "POST" else None
    token = request.POST.get("token", "")

    if confirmed is None:
        device = two_factor.pending_device(user)
        if action == "confirm":
            codes = two_factor.confirm(user, device, token)
            if codes is not None:
                otp_login(request, device)  # this session stays valid: it has just shown a code
                messages.success(request, _t("Đã bật xác thực hai bước."))
                return _codes_page(request, codes)
            messages.error(request, _t("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trong ứng dụng."))
        return _render(request, {
            "enrolled": False, "qr_svg": two_factor.qr_svg(device), "secret": two_factor.secret_text(device),
        }, status=200 if action is None else 400)

    if action in ("backup", "disable"):
        if match_token(user, two_factor.normalise(token)) is None:
            messages.error(request, _t("Mã xác thực không đúng hoặc đã hết hạn."))
            return redirect("portal_two_factor")
        if action == "backup":
            return _codes_page(request, two_factor.new_backup_codes(user))
        two_factor.disable(user)
        messages.success(request, _t("Đã tắt xác thực hai bước."))
        return redirect("portal_two_factor")
    return _render(request, {"enrolled": True, "remaining": two_factor.remaining_backup_codes(user)})


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("xac-thuc-hai-buoc/", two_factor_settings, name="portal_two_factor")]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("portal_two_factor"),
        "label": _t("Xác thực hai bước"),
        "help_text": _t("Bảo vệ tài khoản bằng mã 6 số từ ứng dụng xác thực trên điện thoại."),
    }
