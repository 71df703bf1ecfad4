"""Vietnamese e-mails to participants, each with the event attached as .ics (so a click adds it to a calendar)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.addresses import base_url
from portal.calendar import ical

from .feeds import event_ics


def _links(registration):
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "event_url": base_url() + (event.get_url() or "/"),
        "manage_url": base_url() + reverse("events:registration", args=[registration.token]),
    }


def _send(registration, subject, template, extra=None):
    context = {**_links(registration), **(extra or {})}
    message = EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    body, name = event_ics(registration.event)
    message.attach(name, body, ical.CONTENT_TYPE)
    message.send()


def send_registration_confirmation(registration):
    if registration.status == "waitlisted":
        subject = _("Đã vào danh sách chờ: %(event)s") % {"event": registration.event.title}
    else:
        subject = _("Xác nhận đăng ký: %(event)s") % {"event": registration.event.title}
    _send(registration, subject, "events/email/registration_confirmed.txt")


def send_promotion(registration):
    subject = _("Bạn đã có chỗ tham dự: %(event)s") % {"event": registration.event.title}
    _send(registration, subject, "events/email/registration_promoted.txt")


def send_cancellation(registration):
    subject = _("Đã hủy đăng ký: %(event)s") % {"event": registration.event.title}
    message = EmailMessage(
        subject=subject,
        body=render_to_string("events/email/registration_cancelled.txt", _links(registration)),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.send()


def send_event_changed(event, registrations):
    for registration in registrations:
        registration.event = event
        if event.is_cancelled:
            subject = _("Sự kiện đã bị hủy: %(event)s") % {"event": event.title}
        else:
            subject = _("Thay đổi lịch: %(event)s") % {"event": event.title}
        _send(registration, subject, "events/email/event_changed.txt")


def send_attendance_certificate(registration, certificate):
    """The holder's certificate of attendance as a PDF attachment, with its public verification link: the
    e-mail reaches people who registered without an account, who cannot download it from the personal area
    (/ca-nhan/giay-chung-nhan/)."""
    from training.certificates import services as certificates

    body, filename = certificates.certificate_pdf(certificate)
    verify_url = certificates.verify_url(certificate.code)
    context = {**_links(registration), "certificate": certificate, "verify_url": verify_url}
    message = EmailMessage(
        subject=_("Giấy chứng nhận tham dự: %(event)s") % {"event": registration.event.title},
        body=render_to_string("events/email/attendance_certificate.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.attach(filename, body, "application/pdf")
    message.send()
