"""Namespace "portal": log-in and log-out under /tai-khoan/, the personal area's own pages under /ca-nhan/
(each app's personal pages join them there, see portal.web.urls)."""
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from portal.addresses import base_url
from portal.security import password_notice
from portal.security.ratelimit import rate_limited
from portal.security.two_factor import PortalLoginForm
from portal.web import password, personal


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The new password from the e-mailed link: the validators see the account (SetPasswordForm passes it), and
    the person is told by e-mail that the password changed."""

    template_name = "portal/password_reset/confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_notice.send_password_changed(form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """"Quên mật khẩu?" on the front end. The e-mailed link starts with the configured public address
    (WAGTAILADMIN_BASE_URL), never with the Host header of the request that asked for it."""

    template_name = "portal/password_reset/form.html"
    email_template_name = "portal/password_reset/email.txt"
    subject_template_name = "portal/password_reset/subject.txt"
    success_url = reverse_lazy("portal:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {
            "base_url": base_url(),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        return super().form_valid(form)


app_name = "portal"
urlpatterns = [
    path(
        "tai-khoan/dang-nhap/",
        auth_views.LoginView.as_view(template_name="portal/login.html", authentication_form=PortalLoginForm),
        name="login",
    ),
    path("tai-khoan/dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # Counted with the admin's reset form (same limit, same address): no mail-bombing through either.
    path(
        "tai-khoan/quen-mat-khau/",
        rate_limited("password_reset", {"POST"})(PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "tai-khoan/quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="portal/password_reset/done.html"),
        name="password_reset_done",
    ),
    path(
        "tai-khoan/quen-mat-khau/dat-lai/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "tai-khoan/quen-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(template_name="portal/password_reset/complete.html"),
        name="password_reset_complete",
    ),
    # The name is the old account page's: log-in lands here (LOGIN_REDIRECT_URL), the header links here.
    path("ca-nhan/", personal.overview, name="account"),
    path("ca-nhan/giay-chung-nhan/", personal.certificates, name="certificates"),
    path("ca-nhan/mat-khau/", password.change_password, name="password_change"),
]
