"""Every state change of the events domain: check the state and the actor, change inside a transaction,
leave a trace in Wagtail's log, then send mail once the transaction block has closed (a refused or
rolled-back change sends nothing)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.personal_data import notices

from . import mails, rules
from .enums import ACTIVE_REGISTRATION, EventStatus, RegistrationStatus
from .errors import EventError, RegistrationError
from .models import CalendarToken, ClubFollow, Delegate, EventPage, Registration, StudyTourReport


def _locked_event(event):
    """The event row, locked until the transaction ends: registrations for one event queue up here
    (PostgreSQL row lock; SQLite serialises writers anyway)."""
    return EventPage.objects.select_for_update(of=("self",)).only("pk", "capacity", "status").get(pk=event.pk)


def _confirmed_count(event):
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def register(event, *, full_name, email, phone, organisation="", user=None, now=None):
    """Give the person a place, or a waiting-list place when the event is full. Never over capacity,
    never two places for one e-mail. Raises RegistrationError (nothing saved) when the rules refuse."""
    now = now or timezone.now()
    email = email.strip().lower()
    if reason := event.registration_state(now):
        raise RegistrationError(reason)
    if not rules.may_register_as(event, email):
        raise RegistrationError(
            _("Sự kiện này chỉ dành cho thành viên đoàn do cơ quan cử. Địa chỉ %(email)s không có trong danh sách.")
            % {"email": email},
            field="email",
        )
    duplicate = _("Địa chỉ thư điện tử %(email)s đã đăng ký sự kiện này rồi.") % {"email": email}
    try:
        with transaction.atomic():
            locked = _locked_event(event)
            if Registration.objects.filter(event=event, email=email, status__in=ACTIVE_REGISTRATION).exists():
                raise RegistrationError(duplicate, field="email")
            full = locked.capacity is not None and _confirmed_count(event) >= locked.capacity
            registration = Registration.objects.create(
                event=event, user=user if user and user.is_authenticated else None, full_name=full_name.strip(),
                email=email, phone=phone, organisation=organisation.strip(),
                **notices.consented(notices.REGISTRATION, now),
                status=RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED,
            )
            log(registration, "events.register", user=registration.user)
    except IntegrityError as error:  # the unique constraint caught a parallel double submit
        raise RegistrationError(duplicate, field="email") from error
    mails.send_registration_confirmation(registration)
    return registration


def cancel_registration(registration, *, actor=None):
    """Free the place; the first person on the waiting list takes it and is told by e-mail."""
    if not rules.can_cancel(registration):
        raise RegistrationError(_("Không thể hủy đăng ký này (đã hủy trước đó hoặc sự kiện đã diễn ra)."))
    with transaction.atomic():
        _locked_event(registration.event)
        registration.refresh_from_db()
        if registration.status not in ACTIVE_REGISTRATION:
            raise RegistrationError(_("Đăng ký này đã được hủy trước đó."))
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        log(registration, "events.cancel_registration", user=actor if actor and actor.is_authenticated else None)
        promoted = _promote(registration.event)
    mails.send_cancellation(registration)
    _send_promotions(promoted)
    return registration, promoted


def promote_waitlist(event):
    """Fill free places from the waiting list, oldest first (after a cancellation or a larger capacity)."""
    with transaction.atomic():
        promoted = _promote(event)
    _send_promotions(promoted)
    return promoted


def _send_promotions(promoted):
    for registration in promoted:
        mails.send_promotion(registration)


def _promote(event):
    locked = _locked_event(event)
    if locked.status == EventStatus.CANCELLED:
        return []  # a place freed at a cancelled event is no place: nobody is told "you are in"
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
    waiting = waiting.order_by("created_at", "pk")
    if locked.capacity is not None:
        waiting = waiting[: max(locked.capacity - _confirmed_count(event), 0)]
    promoted = list(waiting)
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        log(registration, "events.promote")
    return promoted


def _publish_change(event, user):
    """Publish the edited event as a new revision, as the page editor would: the live row and the
    revision history agree, `EventPage.save()` raises SEQUENCE, and the page_published handler
    (events.signals) e-mails registrants the updated .ics."""
    with transaction.atomic():
        revision = event.save_revision(user=user, log_action=True)
        revision.publish(user=user)  # events.signals tells the registrants
    event.refresh_from_db()
    return event


def reschedule_event(event, *, start, end, all_day=None, venue=None, address=None, user=None):
    if event.is_cancelled:
        raise EventError(_("Sự kiện đã bị hủy, không thể dời lịch."))
    if end < start:
        raise EventError(_("Thời gian kết thúc phải sau thời gian bắt đầu."), field="end")
    event.start, event.end = start, end
    if all_day is not None:
        event.all_day = all_day
    if venue is not None:
        event.venue = venue
    if address is not None:
        event.address = address
    return _publish_change(event, user)


def cancel_event(event, *, user=None):
    """A cancelled event stays published, marked cancelled (STATUS:CANCELLED in every calendar)."""
    if event.is_cancelled:
        raise EventError(_("Sự kiện đã bị hủy trước đó."))
    event.status = EventStatus.CANCELLED
    return _publish_change(event, user)


@transaction.atomic
def mark_attendance(registrations, *, attended, actor=None, now=None):
    """Record who was present (Registration.attended): the data certificates of attendance are issued from.
    Only from the event's start: before it, nobody can have been present (EventError, nothing saved)."""
    now = now or timezone.now()
    registrations = list(registrations)
    event_ids = {r.event_id for r in registrations}
    if event_ids and EventPage.objects.filter(pk__in=event_ids, start__gt=now).exists():
        raise EventError(_("Sự kiện chưa bắt đầu: chỉ điểm danh được từ giờ bắt đầu sự kiện. Không có gì được lưu."))
    changed = 0
    for registration in registrations:
        if registration.status != RegistrationStatus.CONFIRMED:
            continue
        if registration.attended != attended:
            registration.attended = attended
            registration.attendance_marked_at = now
            registration.save(update_fields=["attended", "attendance_marked_at", "updated_at"])
            log(registration, "events.attendance", user=actor)
            changed += 1
    return changed


def calendar_token_for(user):
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def reset_calendar_token(user):
    """A new secret: the old personal feed URL answers 404 from now on."""
    from .models.calendar import new_token

    token = calendar_token_for(user)
    token.token = new_token()
    token.save()
    return token


def follow_club(user, club):
    ClubFollow.objects.get_or_create(user=user, club=club)


def unfollow_club(user, club):
    ClubFollow.objects.filter(user=user, club=club).delete()


@transaction.atomic
def nominate_delegate(
    event, *, full_name, email, agency=None, position="", is_head=False, actor=None, consent=False
):
    """Put a person in a study-tour delegation. An agency nominator must declare the person's consent
    (notices.DELEGATE); it is recorded with the time whoever names them."""
    if not event.is_study_tour:
        raise EventError(_("Chỉ cử thành viên đoàn cho các chuyến khảo sát, học tập."))
    if not consent and actor is not None and rules.nominating_agency(actor) is not None:
        raise EventError(_("Cần xác nhận người được cử đã đồng ý cho xử lý dữ liệu cá nhân."), field="consent")
    email = email.strip().lower()
    if event.delegates.filter(email=email).exists():
        raise EventError(_("%(email)s đã có trong danh sách đoàn.") % {"email": email}, field="email")
    delegate = Delegate.objects.create(
        event=event, full_name=full_name.strip(), email=email, agency=agency, position=position,
        is_head=is_head, nominated_by=actor, **(notices.consented(notices.DELEGATE) if consent else {}),
    )
    log(delegate, "wagtail.create", user=actor)
    return delegate


@transaction.atomic
def file_tour_report(event, user, *, lessons, proposals="", for_delegation=False):
    delegate = rules.delegate_for(user, event)
    if delegate is None:
        raise EventError(_("Chỉ thành viên đoàn mới nộp được báo cáo chuyến đi."))
    if not event.is_past:
        raise EventError(_("Chuyến đi chưa kết thúc: hãy nộp báo cáo sau chuyến đi."))
    if StudyTourReport.objects.filter(delegate=delegate).exists():
        raise EventError(_("Bạn đã nộp báo cáo cho chuyến đi này."))
    report = StudyTourReport.objects.create(
        event=event, delegate=delegate, lessons=lessons, proposals=proposals,
        for_delegation=for_delegation and delegate.is_head, submitted_by=user,
    )
    log(report, "wagtail.create", user=user)
    return report


def missing_reports(event):
    """Delegates of this finished tour who still owe a report (see DelegateQuerySet.missing_reports)."""
    return list(Delegate.objects.filter(event=event).missing_reports().select_related("agency"))
