from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from portal.security.ratelimit import rate_limited
from portal.security.two_factor import PortalLoginForm
from portal.web import views


class PasswordResetView(auth_views.PasswordResetView):
    """"Quên mật khẩu?" on the front end. The e-mailed link starts with the configured public address
    (WAGTAILADMIN_BASE_URL), never with the Host header of the request that asked for it."""

    template_name = "portal/password_reset/form.html"
    email_template_name = "portal/password_reset/email.txt"
    subject_template_name = "portal/password_reset/subject.txt"
    success_url = reverse_lazy("portal:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {
            "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        return super().form_valid(form)


app_name = "portal"
urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="portal/login.html", authentication_form=PortalLoginForm),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # Counted with the admin's reset form (same limit, same address): no mail-bombing through either.
    path(
        "quen-mat-khau/",
        rate_limited("password_reset", {"POST"})(PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="portal/password_reset/done.html"),
        name="password_reset_done",
    ),
    path(
        "quen-mat-khau/dat-lai/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="portal/password_reset/confirm.html",
            success_url=reverse_lazy("portal:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "quen-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(template_name="portal/password_reset/complete.html"),
        name="password_reset_complete",
    ),
    path("", views.account, name="account"),
]
