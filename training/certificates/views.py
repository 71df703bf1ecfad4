"""Front-end pages of certificates: a holder's PDF (in the personal area; the list of one's certificates is
training.certificates.personal) and the public verification page under /tot/ (rate-limited per address). Thin:
training.certificates.services decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.security import ratelimit
from training.certificates import credentials, renewals, services
from training.certificates.forms import CredentialForm, RenewalRequestForm, VerifyForm
from training.certificates.models import Certificate
from training.cohorts.rules import trainer_profile
from training.cohorts.services import CohortError


@login_required
def certificate_pdf(request, pk):
    """The PDF of one's own certificate; anyone else's, and one's own once revoked, is a 404. The Board may open
    any: a revoked one comes stamped (services.certificate_pdf)."""
    certificate = get_object_or_404(Certificate.objects.downloadable_by(request.user), pk=pk)
    body, filename = services.certificate_pdf(certificate)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def certificate_credential(request, pk):
    """The verifiable credential of one's own valid certificate (training.certificates.credentials), as the JSON
    envelope of its signed JWT; anyone else's, and a revoked one, is a 404."""
    certificate = get_object_or_404(Certificate.objects.filter(holder=request.user, revoked_at__isnull=True), pk=pk)
    return credential_response(certificate)


def credential_response(certificate):
    body, filename = credentials.credential_file(certificate)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def did_document(request):
    """/.well-known/did.json: the Board's did:web document with the credentials' public key."""
    response = JsonResponse(credentials.did_document(), content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"  # verifiers in a browser fetch it from another origin
    response["Cache-Control"] = "public, max-age=3600"
    return response


def status_list(request, purpose, number):
    """A Bitstring Status List credential (signed JWT): revocation ("thu-hoi") or supersession ("thay-the")."""
    if purpose not in credentials.PURPOSES or number > 10_000:
        raise Http404
    response = HttpResponse(credentials.status_list_jwt(purpose, number), content_type="application/vc+jwt")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


def verify(request, code=None):
    """Public verification: valid / revoked / superseded / expired / unknown, and nothing else about the person.
    An unknown (or malformed) code is the same page with status 404, after the same work (services.verify).
    A pasted or uploaded credential (POST) answers valid / revoked / superseded / expired / tampered."""
    code = code or request.GET.get("code", "")
    form = VerifyForm({"code": code} if code else None)
    credential_form = CredentialForm(request.POST or None, request.FILES or None)
    context = {"form": form, "credential_form": credential_form, "page_title": _("Xác minh giấy chứng nhận")}
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(request, "verify"):
            response = render(request, "training/certificates/verify_limited.html", context, status=429)
            response["Retry-After"] = str(ratelimit.limit_of("verify")[1])
            return response
        if credential_form.is_valid():
            state, certificate = credentials.check(credential_form.cleaned_data["credential"])
            context.update({"state": state, "certificate": certificate, "checked_credential": True})
            if certificate is not None and state == services.SUPERSEDED:
                context["superseded_by"] = certificate.superseded_by
    elif code:
        if not ratelimit.allow(request, "verify"):
            response = render(request, "training/certificates/verify_limited.html", context, status=429)
            response["Retry-After"] = str(ratelimit.limit_of("verify")[1])
            return response
        state, certificate = services.verify(form.cleaned_data["code"] if form.is_valid() else code)
        context.update({"state": state, "certificate": certificate, "code": services.normalise_code(code)})
        if certificate is not None and state == services.SUPERSEDED:
            context["superseded_by"] = certificate.superseded_by
        if state == services.UNKNOWN:
            status = 404
    response = render(request, "training/certificates/verify.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def renewal_request(request):
    """A certified trainer asks for renewal, with their deliveries since certification as evidence; their past
    requests show how the Board decided (and why it refused). Not a trainer: 404."""
    profile = trainer_profile(request.user)
    if profile is None:
        raise Http404
    evidence = renewals.evidence(profile)
    pending = renewals.pending_request(profile)
    form = RenewalRequestForm(request.POST or None, evidence=evidence)
    if request.method == "POST" and form.is_valid():
        try:
            renewals.request_renewal(request.user, form.cleaned_data["deliveries"], form.cleaned_data["note"])
        except CohortError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Đã gửi đề nghị gia hạn; Ban Điều hành sẽ xét và báo kết quả."))
            return redirect("training:renewal_request")
    return render(
        request,
        "training/certificates/renewal.html",
        {
            "form": form,
            "profile": profile,
            "pending": pending,
            "requests": profile.renewal_requests.select_related("new_certificate").prefetch_related("deliveries"),
            "since": renewals.evidence_since(profile),
            "may_request": profile.is_certified() or profile.is_expired(),
            "notice_days": renewals.notice_days(),
            "page_title": _("Gia hạn công nhận giảng viên nguồn"),
        },
    )
