"""URLs of the trainer register and the clubs' confirmation of practicum (under /tot/), and of a trainee's
cohorts, practicum log and register consent (under /ca-nhan/), included in training.urls (namespace
"training")."""

from django.urls import path

from portal.inputs import converters  # noqa: F401  (registers <id:...>)
from training.cohorts import views

urlpatterns = [
    path("thuc-hanh/xac-nhan/", views.practicum_confirmations, name="practicum_confirmations"),
    path("thuc-hanh/<id:pk>/xac-nhan/", views.practicum_confirm, name="practicum_confirm"),
    path("giang-vien/", views.trainer_register, name="trainer_register"),
    path("giang-vien/goi-y/linh-vuc/", views.trainer_register_sectors, name="trainer_register_sectors"),
]

personal_urlpatterns = [
    path("lop-hoc/", views.my_cohorts, name="my_cohorts"),
    path("thuc-hanh/", views.practicum, name="practicum"),
    path("ho-so-giang-vien/", views.trainer_consent, name="trainer_consent"),
]
