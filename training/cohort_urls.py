"""URLs of cohorts, certificates and the trainer register, included in training.urls (namespace "training")."""

from django.urls import path

from portal.inputs import converters  # noqa: F401  (registers <id:...>)
from training import cohort_views as views

urlpatterns = [
    path("lop-cua-toi/", views.my_cohorts, name="my_cohorts"),
    path("giay-chung-nhan/", views.my_certificates, name="my_certificates"),
    path("giay-chung-nhan/<id:pk>/tai-ve/", views.certificate_pdf, name="certificate_pdf"),
    path("thuc-hanh/", views.practicum, name="practicum"),
    path("thuc-hanh/xac-nhan/", views.practicum_confirmations, name="practicum_confirmations"),
    path("thuc-hanh/<id:pk>/xac-nhan/", views.practicum_confirm, name="practicum_confirm"),
    path("ho-so-giang-vien/", views.trainer_consent, name="trainer_consent"),
    path("xac-minh/", views.verify, name="verify"),
    path("xac-minh/<str:code>/", views.verify, name="verify_code"),
    path("giang-vien/", views.trainer_register, name="trainer_register"),
]
