"""URLs of the agency nominators' screens (the Board's are in the Wagtail admin, see wagtail_hooks.py), included
in training.urls (namespace "training")."""

from django.urls import path, re_path

from portal.inputs import converters  # noqa: F401  (registers <id:...>)
from training.nominations import views

urlpatterns = [
    path("de-cu/", views.dashboard, name="dashboard"),
    path("de-cu/ho-so/", views.nomination_list, name="nomination_list"),
    re_path(r"^de-cu/ho-so/xuat\.(?P<fmt>csv|xlsx)$", views.nomination_export, name="nomination_export"),
    path("de-cu/dot/<id:round_pk>/them/", views.nomination_add, name="nomination_add"),
    path("de-cu/ho-so/<id:pk>/", views.nomination_detail, name="nomination_detail"),
    path("de-cu/ho-so/<id:pk>/sua/", views.nomination_edit, name="nomination_edit"),
    path("de-cu/ho-so/<id:pk>/nop/", views.nomination_submit, name="nomination_submit"),
    path("de-cu/ho-so/<id:pk>/rut/", views.nomination_withdraw, name="nomination_withdraw"),
    path("de-cu/cong-van/<id:pk>/", views.dispatch_download, name="dispatch_download"),
]
