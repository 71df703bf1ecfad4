"""URLs of a holder's certificates, the trainer's renewal request and the public verification, included in
training.urls (namespace "training")."""

from django.urls import path

from portal.inputs import converters  # noqa: F401  (registers <id:...>)
from training.certificates import views

urlpatterns = [
    path("giay-chung-nhan/", views.my_certificates, name="my_certificates"),
    path("giay-chung-nhan/<id:pk>/tai-ve/", views.certificate_pdf, name="certificate_pdf"),
    path("ho-so-giang-vien/gia-han/", views.renewal_request, name="renewal_request"),
    path("xac-minh/", views.verify, name="verify"),
    path("xac-minh/<str:code>/", views.verify, name="verify_code"),
]
