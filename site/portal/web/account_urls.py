"""Namespace "portal": log-in and log-out under /tai-khoan/, the personal area's own pages under /ca-nhan/
(each app's personal pages join them there, see portal.urls)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from portal.security.two_factor import PortalLoginForm
from portal.web import personal

app_name = "portal"
urlpatterns = [
    path(
        "tai-khoan/dang-nhap/",
        auth_views.LoginView.as_view(template_name="portal/login.html", authentication_form=PortalLoginForm),
        name="login",
    ),
    path("tai-khoan/dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # The name is the old account page's: log-in lands here (LOGIN_REDIRECT_URL), the header links here.
    path("ca-nhan/", personal.overview, name="account"),
    path("ca-nhan/giay-chung-nhan/", personal.certificates, name="certificates"),
]
