"""Every change to cohorts, enrolments, attendance, results and trainers, in one place.

Each service checks the actor (the Board) and the state, changes the data inside transaction.atomic and raises
CohortError with a Vietnamese message when it refuses: nothing is then saved. Capacity holds under concurrent
enrolments because the cohort row is locked (SELECT ... FOR UPDATE) before places are counted.
"""

import calendar
import math
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.ordering import vi
from portal.pages.search import ascii_slug
from training.cohorts.enums import ATTENDED, HOLDS_PLACE, AttendanceStatus, EnrolmentStatus, Progress, TrainerStatus
from training.cohorts.models import Attendance, Cohort, Enrolment, Session, TrainerProfile
from training.nominations.enums import NominationStatus
from training.nominations.models import Nomination
from training.rules import is_board


class CohortError(Exception):
    """A refused change, with a message for the person who tried it."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def check_board(actor):
    if not is_board(actor):
        raise CohortError(_("Chỉ Ban Điều hành được thực hiện thao tác này."))


# --- sessions -----------------------------------------------------------------------------------------


def session_problems(sessions):
    """Vietnamese messages for sessions that end before they start or overlap another of the same cohort."""
    problems = []
    live = [s for s in sessions if s.date and s.starts_at and s.ends_at]
    for session in live:
        if session.ends_at <= session.starts_at:
            problems.append(
                _("Buổi “%(topic)s” ngày %(date)s: giờ kết thúc phải sau giờ bắt đầu.")
                % {"topic": session.topic, "date": f"{session.date:%d/%m/%Y}"}
            )
    ordered = sorted((s for s in live if s.ends_at > s.starts_at), key=lambda s: (s.date, s.starts_at))
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.overlaps(second):
            problems.append(
                _("Buổi “%(a)s” và buổi “%(b)s” ngày %(date)s trùng giờ nhau.")
                % {"a": first.topic, "b": second.topic, "date": f"{first.date:%d/%m/%Y}"}
            )
    return problems


@transaction.atomic
def save_session(session, actor):
    """Create or change one session, refusing overlaps with the cohort's other sessions."""
    check_board(actor)
    Cohort.objects.select_for_update().get(pk=session.cohort_id)
    others = list(Session.objects.filter(cohort_id=session.cohort_id).exclude(pk=session.pk))
    if problems := session_problems([*others, session]):
        raise CohortError(problems[0])
    session.save()
    return session


# --- enrolment ----------------------------------------------------------------------------------------


def split_name(full_name):
    """Vietnamese order: the family name first ("Hồ Quang Bửu" -> last "Hồ", first "Quang Bửu")."""
    parts = full_name.split()
    return (parts[0], " ".join(parts[1:])) if len(parts) > 1 else ("", full_name)


def ensure_trainee_account(nomination):
    """The log-in of a nominee: the user with the nomination's e-mail, or a new one (no usable password: they
    set it through the password-reset link). Either way in the trainers' role."""
    User = get_user_model()
    email = (nomination.email or "").strip().lower()
    user = User.objects.filter(email__iexact=email).order_by("pk").first() if email else None
    if user is None:
        base = ascii_slug(email.split("@")[0] if email else nomination.full_name)[:120] or "hocvien"
        username, n = base, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}{n}"
        last_name, first_name = split_name(nomination.full_name)
        user = User(username=username, email=email, last_name=last_name[:150], first_name=first_name[:150])
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name=roles.TRAINERS)[0])
    return user


@transaction.atomic
def enrol(cohort, nominations, actor):
    """Enrol accepted nominees (from any round) in `cohort`, up to its capacity. All or nothing."""
    check_board(actor)
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    nominations = list(nominations)
    not_accepted = [n.full_name for n in nominations if n.status != NominationStatus.ACCEPTED]
    if not_accepted:
        raise CohortError(
            _("Chỉ ghi danh được ứng viên đã được chọn. Không hợp lệ: %(names)s.") % {"names": ", ".join(not_accepted)}
        )
    already = set(
        Enrolment.objects.filter(cohort=cohort, nomination__in=nominations).values_list(
            "nomination__full_name", flat=True
        )
    )
    if already:
        raise CohortError(_("Đã có trong lớp: %(names)s.") % {"names": ", ".join(sorted(already))})
    taken = Enrolment.objects.filter(cohort=cohort, status__in=HOLDS_PLACE).count()
    free = cohort.capacity - taken
    if len(nominations) > free:
        raise CohortError(
            _(
                "Lớp chỉ còn %(free)s chỗ (sĩ số tối đa %(capacity)s), không thể ghi danh %(count)s người. "
                "Không ai được ghi danh."
            )
            % {"free": max(free, 0), "capacity": cohort.capacity, "count": len(nominations)},
            field="nominations",
        )
    enrolments = []
    for nomination in nominations:
        enrolments.append(
            Enrolment.objects.create(
                cohort=cohort, nomination=nomination, user=ensure_trainee_account(nomination), enrolled_by=actor
            )
        )
    return enrolments


def enrollable_nominations(cohort):
    """Accepted nominees, from any round, not yet in this cohort."""
    return (
        Nomination.objects.filter(status=NominationStatus.ACCEPTED)
        .exclude(enrolments__cohort=cohort)
        .select_related("agency", "round")
        .order_by("round__year", vi("full_name"))
    )


@transaction.atomic
def withdraw(enrolment, actor):
    check_board(actor)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.WITHDRAWN)


# --- attendance and the completion rule ---------------------------------------------------------------


@transaction.atomic
def record_attendance(cohort, actor, marks):
    """Save the grid: `marks` maps (enrolment_id, session_id) to a status, or "" to clear the cell.

    Every cell must be an enrolment and a session of this cohort; otherwise nothing is saved.
    """
    check_board(actor)
    Cohort.objects.select_for_update().get(pk=cohort.pk)
    enrolment_ids = set(Enrolment.objects.filter(cohort=cohort).values_list("pk", flat=True))
    session_ids = set(Session.objects.filter(cohort=cohort).values_list("pk", flat=True))
    valid = set(AttendanceStatus.values)
    for (enrolment_id, session_id), status in marks.items():
        if session_id not in session_ids:
            raise CohortError(_("Buổi học này thuộc lớp khác, không thể điểm danh cho lớp này. Không có gì được lưu."))
        if enrolment_id not in enrolment_ids:
            raise CohortError(_("Học viên không thuộc lớp này. Không có gì được lưu."))
        if status and status not in valid:
            raise CohortError(_("Trạng thái điểm danh không hợp lệ."))
    existing = {
        (a.enrolment_id, a.session_id): a
        for a in Attendance.objects.filter(session__cohort=cohort, enrolment_id__in=enrolment_ids)
    }
    to_create, to_update, to_delete = [], [], []
    now = timezone.now()
    for key, status in marks.items():
        current = existing.get(key)
        if not status:
            if current:
                to_delete.append(current.pk)
        elif current is None:
            to_create.append(Attendance(enrolment_id=key[0], session_id=key[1], status=status, recorded_by=actor))
        elif current.status != status:
            current.status, current.recorded_by, current.recorded_at = status, actor, now
            to_update.append(current)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["status", "recorded_by", "recorded_at"])
    Attendance.objects.filter(pk__in=to_delete).delete()
    return len(to_create) + len(to_update) + len(to_delete)


@dataclass
class Standing:
    """A trainee's attendance against the course rule, from the cohort's planned (not cancelled) sessions."""

    planned: int
    attended: int
    remaining: int
    needed: int
    percent: int
    progress: str

    @property
    def progress_label(self):
        return Progress(self.progress).label


def standing(course, planned_sessions, marks, passed, today):
    """`marks`: {session_id: status} of one enrolment. Sessions after today with no mark are still to come."""
    planned = len(planned_sessions)
    attended = sum(1 for s in planned_sessions if marks.get(s.pk) in ATTENDED)
    remaining = sum(1 for s in planned_sessions if s.pk not in marks and s.date >= today)
    needed = math.ceil(course.min_attendance_percent * planned / 100)
    percent = round(100 * attended / planned) if planned else 0
    failed = course.must_pass_assessment and passed is False
    if failed or attended + remaining < needed:
        progress = Progress.CANNOT
    elif attended >= needed and (passed or not course.must_pass_assessment):
        progress = Progress.MEETS
    elif attended + remaining - needed <= 1:
        progress = Progress.AT_RISK
    else:
        progress = Progress.ON_TRACK
    return Standing(planned, attended, remaining, needed, percent, progress)


def cohort_grid(cohort, today=None):
    """Sessions, enrolments (with `.marks` {session_id: status} and `.standing`) in three queries."""
    today = today or timezone.localdate()
    course = cohort.course
    sessions = list(Session.objects.filter(cohort=cohort).order_by("date", "starts_at", "pk"))
    planned = [s for s in sessions if not s.is_cancelled]
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("nomination__agency", "user")
        .order_by(vi("nomination__full_name"), "pk")
    )
    marks = {e.pk: {} for e in enrolments}
    for enrolment_id, session_id, status in Attendance.objects.filter(
        enrolment__in=[e.pk for e in enrolments], session__cohort=cohort
    ).values_list("enrolment_id", "session_id", "status"):
        marks[enrolment_id][session_id] = status
    for enrolment in enrolments:
        enrolment.marks = marks[enrolment.pk]
        enrolment.standing = standing(course, planned, enrolment.marks, enrolment.passed, today)
    return sessions, enrolments


@transaction.atomic
def record_results(cohort, actor, results):
    """`results`: {enrolment_id: (score or None, passed True/False/None)} for enrolments of this cohort."""
    check_board(actor)
    enrolments = {e.pk: e for e in Enrolment.objects.select_for_update().filter(cohort=cohort, pk__in=list(results))}
    if len(enrolments) != len(results):
        raise CohortError(_("Học viên không thuộc lớp này. Không có gì được lưu."))
    for pk, (score, passed) in results.items():
        enrolment = enrolments[pk]
        enrolment.assessment_score, enrolment.passed = score, passed
        enrolment.save(update_fields=["assessment_score", "passed"])


@transaction.atomic
def mark_completed(cohort, actor, enrolment_ids, today=None):
    """Mark who completed. Only trainees who meet the course's rule; each becomes a trainer on practicum."""
    check_board(actor)
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    _sessions, enrolments = cohort_grid(cohort, today)
    by_id = {e.pk: e for e in enrolments}
    chosen = [by_id.get(pk) for pk in enrolment_ids]
    if None in chosen:
        raise CohortError(_("Học viên không thuộc lớp này. Không có gì được lưu."))
    failing = [e.full_name for e in chosen if e.standing.progress != Progress.MEETS]
    if failing:
        raise CohortError(
            _("Chưa đạt điều kiện hoàn thành của khóa: %(names)s. Không có gì được lưu.")
            % {"names": ", ".join(failing)}
        )
    now = timezone.now()
    for enrolment in chosen:
        if enrolment.status == EnrolmentStatus.COMPLETED:
            continue
        enrolment.status, enrolment.completed_at = EnrolmentStatus.COMPLETED, now
        enrolment.save(update_fields=["status", "completed_at"])
        start_practicum(enrolment)
    return chosen


def start_practicum(enrolment):
    """The completed trainee becomes a trainer on practicum (their profile is created once)."""
    if enrolment.user_id is None:
        enrolment.user = ensure_trainee_account(enrolment.nomination)
        enrolment.save(update_fields=["user"])
    profile, created = TrainerProfile.objects.get_or_create(
        user=enrolment.user,
        defaults={
            "enrolment": enrolment,
            "display_name": enrolment.nomination.full_name,
            "unit_id": enrolment.nomination.agency.unit_id,
            "workplace": enrolment.nomination.workplace,
            "status": TrainerStatus.PRACTICUM,
        },
    )
    if created:
        profile.sectors.set([tag.name for tag in enrolment.nomination.sectors.all()])
    return profile


# --- practicum and certification ----------------------------------------------------------------------


@transaction.atomic
def log_delivery(delivery, actor):
    """A trainer logs a training they delivered at a club. Unconfirmed until the club or the Board confirms."""
    profile = TrainerProfile.objects.filter(user=actor).first()
    if profile is None or delivery.trainer_id != profile.pk:
        raise CohortError(_("Chỉ giảng viên được ghi buổi thực hành của chính mình."))
    if delivery.date > timezone.localdate():
        raise CohortError(_("Ngày thực hành không thể ở tương lai."), field="date")
    delivery.confirmed_by = delivery.confirmed_at = None
    delivery.save()
    return delivery


def may_confirm(actor, delivery):
    """The Board, or an editor of the club where the training took place."""
    if is_board(actor):
        return True
    group_id = delivery.club.editor_group_id
    return bool(group_id) and actor.groups.filter(pk=group_id).exists()


def confirmed_count(profile):
    return profile.deliveries.filter(confirmed_at__isnull=False).count()


@transaction.atomic
def confirm_delivery(delivery, actor, today=None):
    """Confirm a delivery; when the trainer reaches the course's practicum count they become certified."""
    if not may_confirm(actor, delivery):
        raise CohortError(_("Chỉ Ban Điều hành hoặc câu lạc bộ nơi giảng dạy được xác nhận."))
    profile = TrainerProfile.objects.select_for_update().get(pk=delivery.trainer_id)
    if delivery.confirmed_at is None:
        delivery.confirmed_by, delivery.confirmed_at = actor, timezone.now()
        delivery.save(update_fields=["confirmed_by", "confirmed_at"])
    course = profile.enrolment.cohort.course if profile.enrolment_id else None
    required = course.practicum_sessions_required if course else 0
    if profile.status == TrainerStatus.PRACTICUM and course and confirmed_count(profile) >= required:
        certify(profile, actor, today=today, check=False)
    return delivery


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def certify(profile, actor, *, sectors=None, today=None, check=True):
    """Make a trainer a certified source trainer, with the course's validity (if any) from today."""
    if check:
        check_board(actor)
    today = today or timezone.localdate()
    course = profile.enrolment.cohort.course if profile.enrolment_id else None
    profile.status = TrainerStatus.CERTIFIED
    profile.certified_on = today
    profile.expires_on = add_months(today, course.validity_months) if course and course.validity_months else None
    profile.save(update_fields=["status", "certified_on", "expires_on"])
    if sectors is not None:
        profile.sectors.set(list(sectors))
    return profile


@transaction.atomic
def renew(profile, actor, months=None, today=None):
    """Extend a certification by `months` (default: the course's validity) from the later of today and expiry."""
    check_board(actor)
    if profile.status != TrainerStatus.CERTIFIED:
        raise CohortError(_("Chỉ gia hạn được cho giảng viên nguồn đã được công nhận."))
    today = today or timezone.localdate()
    course = profile.enrolment.cohort.course if profile.enrolment_id else None
    months = months or (course.validity_months if course else None)
    if not months:
        raise CohortError(_("Khóa đào tạo không quy định thời hạn công nhận; không cần gia hạn."))
    start = max(today, profile.expires_on or today)
    profile.expires_on = add_months(start, months)
    profile.renewed_on = today
    profile.save(update_fields=["expires_on", "renewed_on"])
    return profile
