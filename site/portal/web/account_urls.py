from django.contrib.auth import views as auth_views
from django.urls import path

from portal.security.two_factor import PortalLoginForm
from portal.web import views

app_name = "portal"
urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="portal/login.html", authentication_form=PortalLoginForm),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
]
