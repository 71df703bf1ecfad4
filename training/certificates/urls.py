"""URLs of the public verification (under /tot/) and of a holder's certificate PDF (under /ca-nhan/), included
in training.urls (namespace "training"). /tot/xac-minh/<code>/ is printed in the QR code of every certificate:
it never moves."""

from django.urls import path

from portal.inputs import converters  # noqa: F401  (registers <id:...>)
from training.certificates import views

urlpatterns = [
    path("xac-minh/", views.verify, name="verify"),
    path("xac-minh/<str:code>/", views.verify, name="verify_code"),
    path("trang-thai/<str:purpose>/<int:number>/", views.status_list, name="status_list"),
]

# The list of one's certificates is the personal area's page (portal.web.personal), ToT and attendance together.
personal_urlpatterns = [
    path("giay-chung-nhan/tot/<id:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("giay-chung-nhan/tot/<id:pk>.json", views.certificate_credential, name="certificate_credential"),
    path("ho-so-giang-vien/gia-han/", views.renewal_request, name="renewal_request"),
]
