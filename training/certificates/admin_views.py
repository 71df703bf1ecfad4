"""The Board's custom admin screens of certificates: issuing to a cohort's trainees, revoking and re-issuing,
the cohort's ZIP built in the background, and the renewal requests of certifications; wired in
training.certificates.wagtail_hooks. Every change goes through training.certificates.services (and .renewals)."""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from training.certificates import renewals, services
from training.certificates.enums import BundleStatus, CertificateKind, RenewalStatus
from training.certificates.forms import IssueForm, RefuseRenewalForm, RevokeForm
from training.certificates.models import Certificate, CertificateBundle, RenewalRequest
from training.cohorts.admin_views import board_only, get_cohort
from training.cohorts.services import CohortError
from training.cohorts.services import issue_readiness as cohort_issue_readiness


@board_only
def cohort_issue(request, pk):
    cohort = get_cohort(pk)
    form = IssueForm(request.POST or None, initial={"issued_on": timezone.localdate(), "decision": cohort.decision})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = services.issue_for_cohort(
                cohort, data["kind"], request.user, issued_on=data["issued_on"], decision=data["decision"]
            )
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            if issued:
                messages.success(
                    request,
                    _("Đã cấp %(count)s giấy chứng nhận (%(first)s – %(last)s).")
                    % {"count": len(issued), "first": issued[0].serial, "last": issued[-1].serial},
                )
            else:
                messages.warning(request, _("Không có học viên nào đủ điều kiện mà chưa được cấp."))
            return redirect("tot_cohort_manage", cohort.pk)
    issued = Certificate.objects.filter(enrolment__cohort=cohort).select_related("enrolment").order_by("serial")
    holding = set(
        issued.filter(kind=CertificateKind.COMPLETION, revoked_at__isnull=True).values_list("enrolment_id", flat=True)
    )
    return render(
        request,
        "training/cohorts/admin/issue.html",
        {"cohort": cohort, "form": form, "issued": issued, "not_eligible": cohort_issue_readiness(cohort, holding)},
    )


@board_only
def certificate_revoke(request, pk):
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["reissue"]:
                new = services.reissue(certificate, request.user, form.cleaned_data["reason"])
                messages.success(request, _("Đã thu hồi và cấp lại: %(serial)s.") % {"serial": new.serial})
            else:
                services.revoke(certificate, request.user, form.cleaned_data["reason"])
                messages.success(request, _("Đã thu hồi giấy chứng nhận %(serial)s.") % {"serial": certificate.serial})
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            if certificate.enrolment_id:
                return redirect("tot_cohort_issue", certificate.enrolment.cohort_id)
            return redirect("wagtailsnippets_training_certificate:list")
    return render(request, "training/cohorts/admin/revoke.html", {"certificate": certificate, "form": form})


@board_only
def cohort_bundle(request, pk):
    cohort = get_cohort(pk)
    if request.method != "POST":
        raise Http404
    try:
        bundle = services.request_bundle(cohort, request.user)
    except CohortError as error:
        messages.error(request, error.message)
        return redirect("tot_cohort_manage", cohort.pk)
    return redirect("tot_bundle_status", bundle.pk)


@board_only
def bundle_status(request, pk):
    bundle = get_object_or_404(CertificateBundle.objects.select_related("cohort"), pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"status": bundle.status, "done": bundle.done, "total": bundle.total, "percent": bundle.percent}
        )
    return render(
        request,
        "training/cohorts/admin/bundle.html",
        {"bundle": bundle, "finished": bundle.status in (BundleStatus.DONE, BundleStatus.FAILED)},
    )


@board_only
def bundle_download(request, pk):
    bundle = get_object_or_404(CertificateBundle, pk=pk, status=BundleStatus.DONE)
    if not bundle.file:
        raise Http404
    return FileResponse(bundle.file.open("rb"), as_attachment=True, filename=services.bundle_filename(bundle))


# --- renewal of certifications ------------------------------------------------------------------------


@board_only
def renewal_list(request):
    """The Board's view of renewals: requests awaiting a decision, upcoming expiries (the notice window),
    and recent decisions."""
    pending = (
        RenewalRequest.objects.filter(status=RenewalStatus.PENDING)
        .select_related("profile")
        .prefetch_related("deliveries")
        .order_by("requested_at")
    )
    decided = (
        RenewalRequest.objects.exclude(status=RenewalStatus.PENDING)
        .select_related("profile", "new_certificate", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return render(
        request,
        "training/certificates/admin/renewals.html",
        {
            "pending": pending,
            "decided": decided,
            "upcoming": renewals.upcoming_expiries(),
            "notice_days": renewals.notice_days(),
            "today": timezone.localdate(),
        },
    )


@board_only
def renewal_review(request, pk):
    renewal = get_object_or_404(
        RenewalRequest.objects.select_related("profile__user", "new_certificate", "decided_by"), pk=pk
    )
    form = RefuseRenewalForm(request.POST or None) if request.POST.get("action") == "refuse" else RefuseRenewalForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                renewal = renewals.approve(renewal, request.user)
                messages.success(
                    request,
                    _("Đã gia hạn công nhận cho %(name)s đến %(date)s.")
                    % {"name": renewal.profile, "date": renewal.profile.expires_on.strftime("%d/%m/%Y")},
                )
                return redirect("gia-han-cong-nhan:index")
            if form.is_valid():
                renewals.refuse(renewal, request.user, form.cleaned_data["reason"])
                messages.success(request, _("Đã từ chối đề nghị gia hạn của %(name)s.") % {"name": renewal.profile})
                return redirect("gia-han-cong-nhan:index")
        except CohortError as error:  # decided meanwhile, or not the Board: said on the page, nothing changed
            messages.error(request, error.message)
            renewal.refresh_from_db()
    return render(
        request,
        "training/certificates/admin/renewal_review.html",
        {
            "renewal": renewal,
            "form": form,
            "deliveries": renewal.deliveries.select_related("club").order_by("-date"),
            "current": renewals.current_certification(renewal.profile),
        },
    )
