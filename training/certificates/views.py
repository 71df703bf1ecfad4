"""Front-end pages of certificates: a holder's PDF (in the personal area; the list of one's certificates is
training.certificates.personal) and the public verification page under /tot/ (rate-limited per address). Thin:
training.certificates.services decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.security import ratelimit
from training.certificates import renewals, services
from training.certificates.forms import RenewalRequestForm, VerifyForm
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


def verify(request, code=None):
    """Public verification: valid / revoked / superseded / expired / unknown, and nothing else about the person.
    An unknown (or malformed) code is the same page with status 404, after the same work (services.verify)."""
    code = code or request.GET.get("code", "")
    form = VerifyForm({"code": code} if code else None)
    context = {"form": form, "page_title": _("Xác minh giấy chứng nhận")}
    status = 200
    if code:
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
