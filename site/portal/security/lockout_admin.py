"""The Board's screen for log-in lockouts (Tùy chỉnh → Khóa đăng nhập): who is locked now, and a button that
lifts a lockout before its cool-off ends. Whoever may edit users may unlock them."""

from axes.utils import reset
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import lockout

PERMISSION = "portal.change_user"


@require_http_methods(["GET", "POST"])
def lockouts(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        address = request.POST.get("ip_address", "").strip()
        if username:
            reset(username=username)
            messages.success(request, _t("Đã mở khóa đăng nhập cho tài khoản %(name)s.") % {"name": username})
        elif address:
            reset(ip=address)
            messages.success(request, _t("Đã mở khóa đăng nhập cho địa chỉ %(ip)s.") % {"ip": address})
        return redirect("portal_lockouts")
    accounts, addresses = lockout.locked_attempts()
    return render(request, "portal/admin/lockouts.html", {
        "accounts": accounts,
        "addresses": addresses,
        "account_limit": lockout.account_limit(),
        "address_limit": lockout.address_limit(),
        "page_title": _t("Khóa đăng nhập"),
    })


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [path("khoa-dang-nhap/", lockouts, name="portal_lockouts")]


class UserAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_settings_menu_item")
def register_lockout_menu_item():
    return UserAdminMenuItem(_("Khóa đăng nhập"), reverse("portal_lockouts"), icon_name="lock", order=610)
