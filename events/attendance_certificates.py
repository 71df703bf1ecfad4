"""Certificates of attendance for an event, issued by the Board to the registrants marked present.

The certificate machinery is the training app's (training.certificates.services.issue_certificate: serial numbers,
codes, the frozen snapshot, the PDF and the public verification page). A certificate of attendance has no
enrolment; it points at its registration through `reference` ("events.registration:<pk>"), so no migration
and no foreign key between the apps is needed.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.ordering import vi
from portal.personal_data.service import ERASED_DOMAIN
from training.certificates import designs
from training.certificates import services as certificates
from training.certificates.enums import CertificateKind
from training.certificates.models import Certificate

from . import mails, rules
from .enums import RegistrationStatus
from .errors import EventError
from .models import EventPage, Registration

SERIAL_FORMAT = getattr(settings, "EVENTS_CERTIFICATE_SERIAL_FORMAT", "SK-{year}-{number:04d}")
REFERENCE_PREFIX = "events.registration:"
KIND = CertificateKind.ATTENDANCE


def reference_for(registration):
    return f"{REFERENCE_PREFIX}{registration.pk}"


def _references(registrations):
    """The `reference` each registration's certificate carries, computed in SQL (for subqueries)."""
    return registrations.annotate(
        certificate_reference=Concat(Value(REFERENCE_PREFIX), Cast("pk", CharField()), output_field=CharField())
    ).values("certificate_reference")


def attendance_certificates():
    return Certificate.objects.filter(kind=KIND, reference__startswith=REFERENCE_PREFIX)


def for_event(event):
    """Valid certificates of attendance of the event."""
    return attendance_certificates().valid().filter(reference__in=_references(Registration.objects.filter(event=event)))


def for_user(user):
    """The valid certificates of attendance a person may download: those of registrations made with their account."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return attendance_certificates().valid().filter(reference__in=_references(Registration.objects.filter(user=user)))


def eligible_registrations(event):
    """Confirmed registrations marked present that hold no valid certificate of attendance yet."""
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED, attended=True)
        .exclude(pk__in=_registrations_with_certificate(event))
        .exclude(email__endswith="@" + ERASED_DOMAIN)  # erased on request: no new certificate, no e-mail
        .select_related("user")
        .order_by(vi("full_name"), "pk")
    )


def _registrations_with_certificate(event):
    issued = for_event(event).values_list("reference", flat=True)
    return [int(reference.removeprefix(REFERENCE_PREFIX)) for reference in issued]


def event_lines(event):
    """What the certificate says about when and where the event took place (printed under its title)."""
    start, end = (f"{timezone.localdate(moment):%d/%m/%Y}" for moment in (event.start, event.end))
    when = (
        _("Thời gian: ngày %(date)s") % {"date": start}
        if start == end
        else _("Thời gian: từ ngày %(start)s đến ngày %(end)s") % {"start": start, "end": end}
    )
    lines = [when]
    if event.venue:
        lines.append(_("Địa điểm: %(venue)s") % {"venue": event.venue})
    return lines


def issue_attendance_certificates(event, actor, issued_on=None, now=None):
    """Issue one certificate of attendance to each confirmed registrant marked present who holds no valid one,
    in one transaction, in name order, then e-mail each holder their PDF. Returns the new certificates (none on a
    second run)."""
    if not rules.is_board(actor):
        raise EventError(_("Chỉ Ban Điều hành được cấp giấy chứng nhận tham dự."))
    now = now or timezone.now()
    if event.end > now:
        raise EventError(_("Sự kiện chưa kết thúc: chỉ cấp giấy chứng nhận tham dự sau khi sự kiện đã diễn ra."))
    if event.is_cancelled:
        raise EventError(_("Sự kiện đã bị hủy: không cấp giấy chứng nhận tham dự."))
    issued_on = issued_on or timezone.localdate(now)
    settings_pair = certificates.board_settings()
    layout = designs.layout_for(KIND, cert_settings=settings_pair[1])  # the template version, once per event
    lines = event_lines(event)
    issued = []
    with transaction.atomic():
        # Two Board members pressing the button at once queue here; the second finds nothing left to issue.
        EventPage.objects.select_for_update(of=("self",)).only("pk").get(pk=event.pk)
        for registration in eligible_registrations(event):
            certificate = certificates.issue_certificate(
                serial_format=SERIAL_FORMAT,
                issued_on=issued_on,
                settings_pair=settings_pair,
                layout=layout,
                kind=KIND,
                holder_name=registration.full_name,
                title=event.title,
                actor=actor,
                holder=registration.user,
                reference=reference_for(registration),
            )
            certificate.data["extra_lines"] = lines  # still inside the issuing transaction: part of the snapshot
            certificate.save(update_fields=["data"])
            log(registration, "events.attendance_certificate", user=actor)
            issued.append((registration, certificate))
    for registration, certificate in issued:
        mails.send_attendance_certificate(registration, certificate)
    return [certificate for _registration, certificate in issued]
