"""Vietnamese e-mails to participants, each with the event attached as .ics (so a click adds it to a calendar).

Every e-mail is a task (`deliver`) enqueued once the action's transaction has committed (portal.operations.deferred):
a registration, cancellation or promotion is saved whatever happens to its e-mail, the page never fails because of
it, and a failed e-mail is retried by the task worker. The `send_*` functions only queue; `compose` builds the
message. Each queued e-mail carries a token (the send ledger's key, portal.operations.sent_mail): a retried or
recovered task never writes twice, while a second change of the event is a second e-mail. Subjects are one line
(portal.inputs.text.folded): a title saved before text was cleaned on save could carry a line break, which Django
refuses in a header; bodies lose control characters (clean_text)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from portal.addresses import base_url
from portal.calendar import ical
from portal.inputs.text import clean_text, folded
from portal.operations import deferred
from portal.operations.sent_mail import new_token, object_ref, send_once

from .feeds import event_ics

logger = logging.getLogger(__name__)


def _links(registration):
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "event_url": event.get_full_url() or base_url() + "/",
        "manage_url": base_url() + reverse("events:registration", args=[registration.token]),
    }


def _message(registration, subject, template, extra=None, *, ics=True):
    context = {**_links(registration), **(extra or {})}
    message = EmailMessage(
        subject=folded(subject),
        body=clean_text(render_to_string(template, context)),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    if ics:
        body, name = event_ics(registration.event)
        message.attach(name, body, ical.CONTENT_TYPE)
    return message


def _subject(template, registration):
    return template % {"event": registration.event.title}


def _confirmation(registration):
    if registration.status == "waitlisted":
        subject = _subject(_("Đã vào danh sách chờ: %(event)s"), registration)
    else:
        subject = _subject(_("Xác nhận đăng ký: %(event)s"), registration)
    return _message(registration, subject, "events/email/registration_confirmed.txt")


def _promotion(registration):
    subject = _subject(_("Bạn đã có chỗ tham dự: %(event)s"), registration)
    return _message(registration, subject, "events/email/registration_promoted.txt")


def _cancellation(registration):
    subject = _subject(_("Đã hủy đăng ký: %(event)s"), registration)
    return _message(registration, subject, "events/email/registration_cancelled.txt", ics=False)


def _event_changed(registration):
    if registration.event.is_cancelled:
        subject = _subject(_("Sự kiện đã bị hủy: %(event)s"), registration)
    else:
        subject = _subject(_("Thay đổi lịch: %(event)s"), registration)
    return _message(registration, subject, "events/email/event_changed.txt")


def _attendance_certificate(registration, certificate_id):
    """The holder's certificate of attendance as a PDF attachment, with its public verification link: the
    e-mail reaches people who registered without an account, who cannot download it from the personal area
    (/ca-nhan/giay-chung-nhan/)."""
    from training.certificates import services as certificates

    from .attendance_certificates import attendance_certificates, reference_for

    mine = attendance_certificates().valid().filter(reference=reference_for(registration))
    certificate = mine.filter(pk=certificate_id).first()
    if certificate is None:  # revoked or erased meanwhile
        return None
    body, filename = certificates.certificate_pdf(certificate)
    verify_url = certificates.verify_url(certificate.code)
    subject = _subject(_("Giấy chứng nhận tham dự: %(event)s"), registration)
    message = _message(
        registration, subject, "events/email/attendance_certificate.txt",
        {"certificate": certificate, "verify_url": verify_url}, ics=False,
    )
    message.attach(filename, body, "application/pdf")
    return message


KINDS = {
    "confirmation": _confirmation,
    "promotion": _promotion,
    "cancellation": _cancellation,
    "event_changed": _event_changed,
    "attendance_certificate": _attendance_certificate,
}


def compose(kind, registration, *extra):
    """The EmailMessage of `kind` for `registration` (None when there is nothing to send)."""
    return KINDS[kind](registration, *extra)


@task()
def deliver(kind, registration_id, *extra, attempt=1, token=None):
    """Send one e-mail, once (token: the ledger's key, drawn when it was queued); on failure, enqueue itself again
    later (deferred.retry)."""
    from .models import Registration

    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:  # erased or deleted meanwhile: nothing to tell
        return 0
    try:
        message = compose(kind, registration, *extra)
        if message is None:
            return 0
        return send_once(message, f"event-{kind}", None if token is None else object_ref(registration_id, token))
    except Exception as error:
        logger.exception("e-mail %s to registration %s failed", kind, registration_id)
        if not deferred.retry(deliver, kind, registration_id, *extra, attempt=attempt, error=error, token=token):
            raise
        return 0


def queue(kind, registration, *extra):
    deferred.after_commit(deliver, kind, registration.pk, *extra, token=new_token())


def send_registration_confirmation(registration):
    queue("confirmation", registration)


def send_promotion(registration):
    queue("promotion", registration)


def send_cancellation(registration):
    queue("cancellation", registration)


def send_event_changed(event, registrations):
    for registration in registrations:
        queue("event_changed", registration)


def send_attendance_certificate(registration, certificate):
    queue("attendance_certificate", registration, certificate.pk)
