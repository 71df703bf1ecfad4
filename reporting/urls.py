"""The reporters' front-end screens (namespace "reporting"), mounted under /bao-cao/ by the site's top. The Board's
screens are in the Wagtail admin (wagtail_hooks.py)."""

from django.urls import path

from portal.inputs import converters  # noqa: F401  (registers <id:...>)
from reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("ky/<id:period_pk>/co-quan/", views.agency_report, name="agency_report"),
    path("ky/<id:period_pk>/clb/<id:club_pk>/", views.club_report, name="club_report"),
    path("cong-van/<id:pk>/", views.dispatch_download, name="dispatch_download"),
]
personal_urlpatterns = []

