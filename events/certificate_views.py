"""A participant's own certificate of attendance, as PDF (drawn by training's renderer)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from training.certificates import services as certificates
from training.certificates.views import credential_response

from . import attendance_certificates


@login_required
def certificate_pdf(request, pk):
    """Only the registrant whose account made the registration may download it; anyone else gets a 404."""
    certificate = get_object_or_404(attendance_certificates.for_user(request.user), pk=pk)
    body, filename = certificates.certificate_pdf(certificate)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def certificate_credential(request, pk):
    """The verifiable credential of one's own certificate of attendance (training's credentials); else a 404."""
    return credential_response(get_object_or_404(attendance_certificates.for_user(request.user), pk=pk))
