"""The events app's part of a person's data (portal.personal_data.service): registrations, study-tour delegate
entries and reports, certificates of attendance, the personal calendar and followed clubs."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.personal_data import notices
from portal.personal_data.service import ERASED_NAME, Candidate, erased_email, record
from training.certificates import services as certificate_services

from . import attendance_certificates, services
from .enums import ACTIVE_REGISTRATION, RegistrationStatus
from .models import CalendarToken, ClubFollow, Delegate, Registration, StudyTourReport
from .models.registrations import new_secret

KINDS = {
    "events.registration": _("Đăng ký tham dự sự kiện"),
    "events.delegate": _("Thành viên đoàn công tác"),
    "events.tour_report": _("Báo cáo chuyến đi"),
    "events.certificate": _("Giấy chứng nhận tham dự"),
    "events.calendar_token": _("Lịch cá nhân"),
    "events.club_follow": _("Câu lạc bộ theo dõi"),
}


def identifiers(person):
    """The e-mails this account registered with are the person's too."""
    for email in Registration.objects.filter(user_id__in=person.user_ids).values_list("email", flat=True):
        person.add_email(email)


def search(query):
    registrations = Registration.objects.filter(
        Q(full_name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query)
    ).exclude(full_name=ERASED_NAME).select_related("user").order_by("-created_at")[:50]
    delegates = Delegate.objects.filter(Q(full_name__icontains=query) | Q(email__icontains=query)).exclude(
        full_name=ERASED_NAME
    )[:50]
    return [
        Candidate(name=r.full_name, email=r.email, phone=r.phone, user=r.user,
                  sources={str(KINDS["events.registration"])})
        for r in registrations
    ] + [Candidate(name=d.full_name, email=d.email, sources={str(KINDS["events.delegate"])}) for d in delegates]


def find(person, found):
    registrations = list(
        Registration.objects.filter(
            Q(user_id__in=person.user_ids) | Q(email__in=person.emails) | Q(phone__in=person.phones)
        )
        .select_related("event")
        .order_by("created_at", "pk")
    )
    delegates = list(Delegate.objects.filter(email__in=person.emails).select_related("event", "agency"))
    already = {certificate.pk for certificate in found.get("training.certificate", [])}
    references = [attendance_certificates.reference_for(registration) for registration in registrations]
    return {
        "events.registration": registrations,
        "events.delegate": delegates,
        "events.tour_report": StudyTourReport.objects.filter(
            Q(delegate__in=delegates) | Q(submitted_by_id__in=person.user_ids)
        ).select_related("event", "delegate"),
        "events.certificate": attendance_certificates.attendance_certificates()
        .filter(reference__in=references)
        .exclude(pk__in=already),
        "events.calendar_token": CalendarToken.objects.filter(user_id__in=person.user_ids),
        "events.club_follow": ClubFollow.objects.filter(user_id__in=person.user_ids).select_related("club"),
    }


EXPORT_FIELDS = {
    "events.registration": [
        "event", "full_name", "email", "phone", "organisation", "status", "consent_at", "attended", "created_at",
        "promoted_at", "cancelled_at",
    ],
    "events.delegate": ["event", "agency", "full_name", "email", "position", "is_head", "consent_at", "created_at"],
    "events.tour_report": ["event", "delegate", "for_delegation", "lessons", "proposals", "submitted_at"],
    "events.certificate": ["serial", "code", "holder_name", "title", "issued_on", "revoked_at"],
    "events.calendar_token": ["created_at"],
    "events.club_follow": ["club", "created_at"],
}


def export(kind, obj):
    extra = {}
    if kind in ("events.registration", "events.delegate"):
        extra = {_("Nội dung thông báo đã đồng ý"): notices.text_of(obj.consent_notice)}
    return record(obj, EXPORT_FIELDS[kind], extra)


def erase(kind, objects):
    pks = [obj.pk for obj in objects]
    if kind == "events.registration":
        now, freed = timezone.now(), {}
        for registration in objects:  # a new secret too: the cancellation link in old e-mails stops working
            changes = {
                "full_name": ERASED_NAME, "email": erased_email("dang-ky", registration.pk), "phone": "",
                "organisation": "", "token": new_secret(),
            }
            if registration.status in ACTIVE_REGISTRATION and registration.event.start > now:
                # consent withdrawn before the event: the place goes to the waiting list
                changes.update(status=RegistrationStatus.CANCELLED, cancelled_at=now)
                freed[registration.event_id] = registration.event
            Registration.objects.filter(pk=registration.pk).update(**changes)
        for event in freed.values():
            promoted = services._promote(event)
            transaction.on_commit(lambda promoted=promoted: services._send_promotions(promoted))
    elif kind == "events.delegate":
        for delegate in objects:
            Delegate.objects.filter(pk=delegate.pk).update(
                full_name=ERASED_NAME, email=erased_email("doan", delegate.pk), position=""
            )
    elif kind == "events.certificate":
        certificate_services.withhold_holder(objects, ERASED_NAME)
    elif kind == "events.calendar_token":
        CalendarToken.objects.filter(pk__in=pks).delete()  # the secret feed URL stops answering
    # Study-tour reports keep their text (the delegation's findings, which the Board needs); followed clubs
    # carry nothing but the anonymised account.
