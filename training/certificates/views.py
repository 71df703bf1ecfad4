"""Front-end pages of certificates: a holder's PDF (in the personal area; the list of one's certificates is
training.certificates.personal) and the public verification page under /tot/ (rate-limited per address). Thin:
training.certificates.services decides."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from portal.security import ratelimit
from training.certificates import services
from training.certificates.forms import VerifyForm
from training.certificates.models import Certificate


@login_required
def certificate_pdf(request, pk):
    """The PDF of one's own certificate; anyone else's is a 404 (the Board may open any)."""
    certificate = get_object_or_404(Certificate.objects.for_user(request.user), pk=pk)
    body, filename = services.certificate_pdf(certificate)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def verify(request, code=None):
    """Public verification: valid / revoked / expired / unknown, and nothing else about the person."""
    code = code or request.GET.get("code", "")
    form = VerifyForm({"code": code} if code else None)
    context = {"form": form, "page_title": _("Xác minh giấy chứng nhận")}
    if code:
        if not ratelimit.allow(request, "verify"):
            response = render(request, "training/certificates/verify_limited.html", context, status=429)
            response["Retry-After"] = str(ratelimit.limit_of("verify")[1])
            return response
        if form.is_valid():
            state, certificate = services.verify(form.cleaned_data["code"])
            context.update({"state": state, "certificate": certificate, "code": services.normalise_code(code)})
    response = render(request, "training/certificates/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response
