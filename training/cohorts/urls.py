"""URLs of a trainee's cohorts, the practicum and the trainer register, included in training.urls (namespace
"training")."""

from django.urls import path

from portal.inputs import converters  # noqa: F401  (registers <id:...>)
from training.cohorts import views

urlpatterns = [
    path("lop-cua-toi/", views.my_cohorts, name="my_cohorts"),
    path("thuc-hanh/", views.practicum, name="practicum"),
    path("thuc-hanh/xac-nhan/", views.practicum_confirmations, name="practicum_confirmations"),
    path("thuc-hanh/<id:pk>/xac-nhan/", views.practicum_confirm, name="practicum_confirm"),
    path("ho-so-giang-vien/", views.trainer_consent, name="trainer_consent"),
    path("giang-vien/", views.trainer_register, name="trainer_register"),
]
