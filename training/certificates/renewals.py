"""Renewal of a source trainer's certification: who is near expiry and is reminded (once per period), the
trainer's request with its evidence (deliveries since certification), the Board's approval or refusal.

Approval extends the expiry (training.cohorts.services.renew: by the course's validity_months, or the setting
CERTIFICATION_DEFAULT_VALIDITY_MONTHS) and issues a new certification certificate that supersedes the old one:
the old one stays unrevoked and verifies as "superseded by <new serial>"; the new one is drawn from its own
frozen snapshot. A certification is valid through its expiry date inclusive (TrainerProfile.is_certified).
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.addresses import absolute
from portal.operations.sent_mail import object_ref, send_once
from training.certificates.enums import CertificateKind, RenewalStatus
from training.certificates.models import Certificate, ExpiryReminder, RenewalRequest
from training.certificates.services import enrolment_fields, issue_certificate
from training.cohorts import services as cohort_services
from training.cohorts.enums import TrainerStatus
from training.cohorts.models import Enrolment, PracticumDelivery, TrainerProfile
from training.cohorts.services import CohortError, check_board


def notice_days():
    return int(getattr(settings, "CERTIFICATION_RENEWAL_NOTICE_DAYS", 60))


def upcoming_expiries(today=None, days=None):
    """Certified trainers whose certification expires within the notice window: from today (still valid
    today, the expiry day included) to today + days. The window's first day is the day expiry is `days` away."""
    today = today or timezone.localdate()
    days = notice_days() if days is None else days
    return (
        TrainerProfile.objects.filter(
            status=TrainerStatus.CERTIFIED, expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days)
        )
        .select_related("user")
        .order_by("expires_on", "display_name")
    )


def send_expiry_reminder(profile, board_emails):
    """One Vietnamese e-mail to the trainer (the Board in copy). Returns the number of messages sent."""
    to = [profile.user.email] if profile.user.email else []
    if not to and not board_emails:
        return 0
    subject = _("[ToT] Chứng nhận giảng viên nguồn của bạn sắp hết hiệu lực (%(date)s)") % {
        "date": profile.expires_on.strftime("%d/%m/%Y")
    }
    body = render_to_string(
        "training/emails/expiry_reminder.txt",
        {
            "profile": profile,
            "renewal_url": absolute(reverse("training:renewal_request")),
        },
    )
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, to or board_emails, cc=board_emails if to else []
    )
    return send_once(message, "certification-expiry", object_ref(profile.pk, profile.expires_on))


def board_emails():
    from django.contrib.auth import get_user_model

    from portal import roles

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return sorted(set(users.filter(Q(groups__name=roles.BOARD)).values_list("email", flat=True)))


def remind_expiries(today=None, days=None):
    """Remind every trainer in the window once per certification period (a new expiry date is a new period).
    The ExpiryReminder row is the record; it is created in the same transaction as the send, so a failed send
    is tried again on the next run, and a second run sends nothing. Returns (profiles reminded, already)."""
    today = today or timezone.localdate()
    copy = board_emails()
    reminded, already = [], []
    for profile in upcoming_expiries(today, days):
        try:
            with transaction.atomic():
                ExpiryReminder.objects.create(profile=profile, expires_on=profile.expires_on)
                send_expiry_reminder(profile, copy)
        except IntegrityError:
            already.append(profile)
            continue
        reminded.append(profile)
    return reminded, already


# --- the trainer's request ----------------------------------------------------------------------------


def evidence_since(profile):
    """The day from which deliveries count as evidence: the last renewal, else the certification."""
    return profile.renewed_on or profile.certified_on


def evidence(profile):
    """The trainer's deliveries since certification (or the last renewal), newest first."""
    deliveries = PracticumDelivery.objects.filter(trainer=profile).select_related("club")
    since = evidence_since(profile)
    if since:
        deliveries = deliveries.filter(date__gte=since)
    return deliveries.order_by("-date", "-pk")


def revoked_certification(profile):
    """The trainer's latest certification certificate, if the Board revoked it: renewal is then closed (a
    revocation holds; the Board reissues if it changes its mind)."""
    latest = (
        Certificate.objects.filter(kind=CertificateKind.CERTIFICATION, holder_id=profile.user_id)
        .order_by("-issued_at", "-pk")
        .first()
    )
    return latest if latest is not None and latest.revoked_at else None


def check_not_revoked(profile):
    if revoked := revoked_certification(profile):
        raise CohortError(
            _("Giấy chứng nhận giảng viên nguồn %(serial)s đã bị thu hồi ngày %(date)s: không gia hạn được.")
            % {"serial": revoked.serial, "date": f"{timezone.localtime(revoked.revoked_at):%d/%m/%Y}"}
        )


def pending_request(profile):
    return RenewalRequest.objects.filter(profile=profile, status=RenewalStatus.PENDING).first()


def request_renewal(actor, deliveries, note=""):
    """The trainer asks for renewal, offering some of their deliveries since certification as evidence."""
    profile = TrainerProfile.objects.filter(user=actor).first() if actor and actor.is_authenticated else None
    if profile is None:
        raise CohortError(_("Chỉ giảng viên nguồn được đề nghị gia hạn công nhận của chính mình."))
    try:
        with transaction.atomic():
            profile = TrainerProfile.objects.select_for_update().get(pk=profile.pk)
            if profile.status != TrainerStatus.CERTIFIED or profile.expires_on is None:
                raise CohortError(_("Chỉ giảng viên nguồn đã được công nhận, có thời hạn, mới cần gia hạn."))
            check_not_revoked(profile)
            if pending_request(profile):
                raise CohortError(_("Bạn đã có một đề nghị gia hạn đang chờ xét duyệt."))
            allowed = {d.pk for d in evidence(profile)}
            chosen = list(deliveries)
            if any(d.pk not in allowed for d in chosen):
                raise CohortError(
                    _("Chỉ chọn được các buổi giảng dạy của bạn kể từ ngày được công nhận."), field="deliveries"
                )
            if not chosen:
                raise CohortError(_("Hãy chọn ít nhất một buổi giảng dạy làm minh chứng."), field="deliveries")
            request = RenewalRequest.objects.create(
                profile=profile, note=(note or "").strip()[:2000], expires_on_at_request=profile.expires_on
            )
            request.deliveries.set(chosen)
    except IntegrityError as error:  # a parallel request won the partial unique constraint
        raise CohortError(_("Bạn đã có một đề nghị gia hạn đang chờ xét duyệt.")) from error
    return request


def _locked_pending(request):
    request = RenewalRequest.objects.select_for_update().select_related("profile").get(pk=request.pk)
    if request.status != RenewalStatus.PENDING:
        raise CohortError(_("Đề nghị này đã được xét."))
    return request


def current_certification(profile):
    return (
        Certificate.objects.valid()
        .filter(kind=CertificateKind.CERTIFICATION, holder_id=profile.user_id)
        .order_by("-issued_at", "-pk")
        .first()
    )


@transaction.atomic
def approve(request, actor, today=None):
    """Extend the certification and issue the new certificate, superseding the old one (not revoking it)."""
    check_board(actor)
    today = today or timezone.localdate()
    request = _locked_pending(request)
    profile = TrainerProfile.objects.select_for_update().get(pk=request.profile_id)
    check_not_revoked(profile)
    course = profile.enrolment.cohort.course if profile.enrolment_id else None
    months = (course.validity_months if course else None) or settings.CERTIFICATION_DEFAULT_VALIDITY_MONTHS
    cohort_services.renew(profile, actor, months=months, today=today)
    old = current_certification(profile)
    new = None
    if old is not None or profile.enrolment_id:
        if old is not None:  # first step aside, so the one-valid-certificate constraint holds for the new one
            Certificate.objects.filter(pk=old.pk).update(superseded_at=timezone.now())
        new = _issue_renewed(profile, old, actor, today)
    request.status, request.decided_at, request.decided_by = RenewalStatus.APPROVED, timezone.now(), actor
    request.new_certificate = new
    request.save(update_fields=["status", "decided_at", "decided_by", "new_certificate"])
    request.profile = profile  # the renewed one: the screen's message shows the new expiry, not the one locked first
    return request


def _issue_renewed(profile, old, actor, today):
    if profile.enrolment_id:
        enrolment = Enrolment.objects.select_related("nomination", "cohort__course", "cohort__decision", "user").get(
            pk=profile.enrolment_id
        )
        fields, serial_format = enrolment_fields(
            enrolment, CertificateKind.CERTIFICATION, actor, today, enrolment.cohort.decision
        )
        fields["expires_on"] = profile.expires_on
        return issue_certificate(serial_format=serial_format, replaces=old, **fields)
    snapshot = old.snapshot()
    return issue_certificate(
        kind=old.kind,
        holder_name=old.holder_name,
        title=old.title,
        serial_format=old.data.get("serial_format") or "GVN-{year}-{number:04d}",
        actor=actor,
        holder=old.holder,
        reference=old.reference,
        issued_on=today,
        decision_number=snapshot.decision_number,
        start_date=snapshot.start_date,
        end_date=snapshot.end_date,
        expires_on=profile.expires_on,
        sectors=snapshot.sectors,
        hours=snapshot.hours,
        replaces=old,
    )


@transaction.atomic
def refuse(request, actor, reason):
    check_board(actor)
    reason = (reason or "").strip()
    if not reason:
        raise CohortError(_("Cần ghi lý do từ chối."), field="reason")
    request = _locked_pending(request)
    request.status, request.decided_at, request.decided_by = RenewalStatus.REFUSED, timezone.now(), actor
    request.reason = reason[:2000]
    request.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    return request
