"""Every change to cohorts, enrolments, attendance, results and trainers, in one place.

Each service checks the actor (the Board) and the state, changes the data inside transaction.atomic and raises
CohortError with a Vietnamese message when it refuses: nothing is then saved. Capacity holds under concurrent
enrolments because the cohort row is locked (SELECT ... FOR UPDATE) before places are counted.
"""

import calendar
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.ordering import vi
from portal.pages.search import ascii_slug
from training.cohorts import rules
from training.cohorts.enums import (
    ATTENDED,
    HOLDS_PLACE,
    AttendanceStatus,
    CohortState,
    EnrolmentStatus,
    Progress,
    TrainerStatus,
)
from training.cohorts.models import Attendance, Cohort, CohortStateChange, Enrolment, Session, TrainerProfile
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
    """Create or change one session, refusing overlaps with the cohort's other sessions and the move of a
    session whose attendance is recorded (move_problem)."""
    check_board(actor)
    Cohort.objects.select_for_update().get(pk=session.cohort_id)
    others = list(Session.objects.filter(cohort_id=session.cohort_id).exclude(pk=session.pk))
    if problems := session_problems([*others, session]):
        raise CohortError(problems[0])
    if session.pk and (problem := move_problem(Session.objects.get(pk=session.pk), session)):
        raise CohortError(problem)
    session.save()
    return session


MOVED_FIELDS = ("date", "starts_at", "ends_at")


def move_problem(before, after):
    """A session with attendance recorded happened at its time: its date and hours no longer move (the marks
    would then belong to a session that had not started). Postponing it is cancelling it with a reason (it
    leaves the planned count, its marks stay for the record) and adding a new session. None when allowed."""
    if all(getattr(before, name) == getattr(after, name) for name in MOVED_FIELDS):
        return None
    if not Attendance.objects.filter(session_id=before.pk).exists():
        return None
    return _(
        "Buổi “%(topic)s” (%(when)s) đã có điểm danh: không dời ngày giờ được. Nếu buổi bị hoãn, hãy đánh dấu "
        "“đã hủy hoặc hoãn” kèm lý do và thêm một buổi mới. Không có gì được lưu."
    ) % {"topic": before.topic, "when": when(before.start)}


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
    check_open(cohort)  # a trainee enrolled in a closed cohort could never be recorded or decided
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
    """Only a trainee still in progress withdraws: a decided outcome (and the certificate it may carry) is not
    undone by a withdrawal."""
    check_board(actor)
    check_open(Cohort.objects.select_for_update().get(pk=enrolment.cohort_id))
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise CohortError(
            _("%(name)s đã có kết quả “%(status)s”, không rút khỏi lớp được. Không có gì thay đổi.")
            % {"name": enrolment.full_name, "status": enrolment.get_status_display()}
        )
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.WITHDRAWN)


# --- attendance and the completion rule ---------------------------------------------------------------


def when(moment):
    """A moment as the Board writes it: 17/12/2026 16:00, in Asia/Ho_Chi_Minh."""
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}"


def check_open(cohort):
    """Closed cohorts are read-only (Board staff included) until a superuser reopens them."""
    if cohort.closed_at:
        raise CohortError(
            _(
                "Lớp đã đóng lúc %(when)s: điểm danh và kết quả chỉ xem, không sửa được. "
                "Quản trị hệ thống có thể mở lại lớp (ghi rõ lý do). Không có gì được lưu."
            )
            % {"when": when(cohort.closed_at)}
        )


@transaction.atomic
def record_attendance(cohort, actor, marks, now=None):
    """Save the grid: `marks` maps (enrolment_id, session_id) to a status, or "" to clear the cell.

    Every cell must be an enrolment and a session of this cohort, the session must have started (attendance is
    recorded for what happened) and still be planned, and the cohort must not be closed; otherwise nothing is
    saved. Afterwards (on commit) trainees who have just become at risk get their one e-mail.
    """
    check_board(actor)
    now = now or timezone.now()
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    check_open(cohort)
    enrolment_ids = set(Enrolment.objects.filter(cohort=cohort).values_list("pk", flat=True))
    sessions = {s.pk: s for s in Session.objects.filter(cohort=cohort)}
    valid = set(AttendanceStatus.values)
    for (enrolment_id, session_id), status in marks.items():
        session = sessions.get(session_id)
        if session is None:
            raise CohortError(_("Buổi học này thuộc lớp khác, không thể điểm danh cho lớp này. Không có gì được lưu."))
        if enrolment_id not in enrolment_ids:
            raise CohortError(_("Học viên không thuộc lớp này. Không có gì được lưu."))
        if status and status not in valid:
            raise CohortError(_("Trạng thái điểm danh không hợp lệ."))
        if status and session.is_cancelled:
            raise CohortError(
                _("Buổi “%(topic)s” đã hủy hoặc hoãn, không điểm danh được. Không có gì được lưu.")
                % {"topic": session.topic}
            )
        if status and not session.has_started(now):
            raise CohortError(
                _(
                    "Buổi “%(topic)s” bắt đầu lúc %(when)s, chưa diễn ra: chỉ điểm danh được từ giờ bắt đầu buổi "
                    "học. Không có gì được lưu."
                )
                % {"topic": session.topic, "when": when(session.start)}
            )
    existing = {
        (a.enrolment_id, a.session_id): a
        for a in Attendance.objects.filter(session__cohort=cohort, enrolment_id__in=enrolment_ids)
    }
    to_create, to_update, to_delete = [], [], []
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
    changed_ids = {a.enrolment_id for a in [*to_create, *to_update]}
    changed_ids |= {key[0] for key, status in marks.items() if not status and key in existing}
    check_completed_still_meet(cohort, changed_ids)
    if to_create or to_update or to_delete:
        from training.cohorts.notifications import notify_at_risk

        cohort_id = cohort.pk
        transaction.on_commit(lambda: notify_at_risk.enqueue(cohort_id))
    return len(to_create) + len(to_update) + len(to_delete)


@dataclass
class Standing:
    """A trainee's attendance against the course rule, over the cohort's sessions still planned."""

    planned: int
    attended: int
    missed: int
    remaining: int
    needed: int
    percent: int
    attendance: str  # training.cohorts.rules: MET, ON_TRACK, AT_RISK, CANNOT
    progress: str  # Progress: the attendance standing combined with the final result

    @property
    def progress_label(self):
        return Progress(self.progress).label


def trainee_standing(course, planned_sessions, marks, passed):
    """`marks`: {session_id: status} of one enrolment; `planned_sessions`: the cohort's sessions not cancelled.

    A session without a mark is still to be recorded (the grid accepts it only from its start), so it counts as
    remaining, never as missed: see training.cohorts.rules.standing for the rule itself.
    """
    planned = len(planned_sessions)
    attended = sum(1 for s in planned_sessions if marks.get(s.pk) in ATTENDED)
    missed = sum(1 for s in planned_sessions if marks.get(s.pk) and marks.get(s.pk) not in ATTENDED)
    remaining = planned - attended - missed
    needed = rules.sessions_needed(course.min_attendance_percent, planned)
    percent = round(100 * attended / planned) if planned else 0
    attendance = rules.standing(attended, missed, remaining, needed)
    failed = course.must_pass_assessment and passed is False
    result_ok = passed is True or not course.must_pass_assessment
    if failed or attendance == rules.CANNOT:
        progress = Progress.CANNOT
    elif attendance == rules.MET:
        progress = Progress.MEETS if result_ok else Progress.AWAITING_RESULT
    else:
        progress = Progress.AT_RISK if attendance == rules.AT_RISK else Progress.ON_TRACK
    return Standing(planned, attended, missed, remaining, needed, percent, attendance, progress)


def attendance_marks(enrolment_ids, session_filter=None):
    """{enrolment_id: {session_id: status}} in one query."""
    marks = {pk: {} for pk in enrolment_ids}
    rows = Attendance.objects.filter(enrolment__in=list(enrolment_ids))
    if session_filter is not None:
        rows = rows.filter(**session_filter)
    for enrolment_id, session_id, status in rows.values_list("enrolment_id", "session_id", "status"):
        marks[enrolment_id][session_id] = status
    return marks


def cohort_grid(cohort, today=None):
    """Sessions, enrolments (with `.marks` {session_id: status} and `.standing`) in three queries.
    (`today` is accepted for old callers; the standing does not depend on the date.)"""
    course = cohort.course
    sessions = list(Session.objects.filter(cohort=cohort).order_by("date", "starts_at", "pk"))
    planned = [s for s in sessions if not s.is_cancelled]
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("nomination__agency", "user")
        .order_by(vi("nomination__full_name"), "pk")
    )
    marks = attendance_marks([e.pk for e in enrolments], {"session__cohort": cohort})
    for enrolment in enrolments:
        enrolment.marks = marks[enrolment.pk]
        enrolment.standing = trainee_standing(course, planned, enrolment.marks, enrolment.passed)
    return sessions, enrolments


def last_planned_end(sessions):
    planned = [s for s in sessions if not s.is_cancelled]
    return max(s.end for s in planned) if planned else None


def check_results_open(cohort, sessions, now):
    """Final results are recorded from the start of the last planned session (where the assessment is held)."""
    planned = [s for s in sessions if not s.is_cancelled]
    last_start = max(s.start for s in planned) if planned else None
    if last_start is None or last_start > now:
        raise CohortError(
            _("Chỉ nhập kết quả cuối khóa từ buổi học cuối (%(when)s). Không có gì được lưu.")
            % {"when": when(last_start) if last_start else _("lớp chưa có buổi học")}
        )


@transaction.atomic
def record_results(cohort, actor, results, now=None):
    """`results`: {enrolment_id: (score or None, passed True/False/None)} for enrolments of this cohort."""
    check_board(actor)
    now = now or timezone.now()
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    check_open(cohort)
    enrolments = {e.pk: e for e in Enrolment.objects.select_for_update().filter(cohort=cohort, pk__in=list(results))}
    if len(enrolments) != len(results):
        raise CohortError(_("Học viên không thuộc lớp này. Không có gì được lưu."))
    changed = [
        pk for pk, (score, passed) in results.items()
        if (enrolments[pk].assessment_score, enrolments[pk].passed) != (score, passed)
    ]
    if changed:
        check_results_open(cohort, list(cohort.sessions.all()), now)
    for pk in changed:
        enrolment = enrolments[pk]
        enrolment.assessment_score, enrolment.passed = results[pk]
        enrolment.save(update_fields=["assessment_score", "passed"])
    check_completed_still_meet(cohort, set(changed))


def check_completed_still_meet(cohort, enrolment_ids):
    """A trainee marked completed (a trainer on practicum, perhaps holding a certificate) stays completed: a
    correction of their attendance or result that would take them below the course's rule is refused (the
    caller's transaction rolls back); revoking their certificate is the Board's separate, reasoned act."""
    if not enrolment_ids or not Enrolment.objects.filter(
        pk__in=enrolment_ids, status=EnrolmentStatus.COMPLETED
    ).exists():
        return
    _sessions, enrolments = cohort_grid(cohort)
    broken = [
        f"{e.full_name} ({'; '.join(problems)})"
        for e in enrolments
        if e.pk in enrolment_ids and e.status == EnrolmentStatus.COMPLETED
        and (problems := rule_problems(e, cohort.course))
    ]
    if broken:
        raise CohortError(
            _(
                "Học viên đã hoàn thành khóa sẽ không còn đủ điều kiện: %(names)s. Thay đổi này không được "
                "lưu; nếu kết quả hoàn thành sai, hãy thu hồi giấy chứng nhận (nếu có) và báo quản trị hệ thống."
            )
            % {"names": ", ".join(broken)}
        )


def completion_problems(enrolment, course, last_end, now):
    """Why this trainee cannot be marked completed (or receive a completion certificate) yet: Vietnamese
    phrases, empty when eligible. `enrolment.standing` comes from cohort_grid."""
    problems = []
    if last_end is None:
        problems.append(_("lớp chưa có buổi học theo kế hoạch"))
    elif last_end > now:
        problems.append(_("buổi học cuối chưa kết thúc (%(when)s)") % {"when": when(last_end)})
    return problems + rule_problems(enrolment, course)


def rule_problems(enrolment, course):
    """The course's rule alone (attendance threshold and result), whatever the time."""
    problems = []
    standing_ = enrolment.standing
    if standing_.attended < standing_.needed:
        problems.append(
            _("điểm danh %(attended)s/%(planned)s buổi, cần %(needed)s")
            % {"attended": standing_.attended, "planned": standing_.planned, "needed": standing_.needed}
        )
    if course.must_pass_assessment and enrolment.passed is None:
        problems.append(_("chưa có kết quả"))
    elif course.must_pass_assessment and enrolment.passed is False:
        problems.append(_("không đạt đánh giá cuối khóa"))
    return problems


@transaction.atomic
def mark_completed(cohort, actor, enrolment_ids, today=None, now=None):
    """Mark who completed: only once the last planned session is over, and only trainees who meet the course's
    attendance rule and result; each becomes a trainer on practicum."""
    check_board(actor)
    now = now or timezone.now()
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    check_open(cohort)
    sessions, enrolments = cohort_grid(cohort)
    by_id = {e.pk: e for e in enrolments}
    chosen = [by_id.get(pk) for pk in enrolment_ids]
    if None in chosen:
        raise CohortError(_("Học viên không thuộc lớp này. Không có gì được lưu."))
    last_end = last_planned_end(sessions)
    failing = [(e.full_name, completion_problems(e, cohort.course, last_end, now)) for e in chosen]
    failing = [f"{name} ({'; '.join(problems)})" for name, problems in failing if problems]
    if failing:
        raise CohortError(
            _("Chưa đạt điều kiện hoàn thành của khóa: %(names)s. Không có gì được lưu.")
            % {"names": ", ".join(failing)}
        )
    for enrolment in chosen:
        if enrolment.status == EnrolmentStatus.COMPLETED:
            continue
        enrolment.status, enrolment.completed_at = EnrolmentStatus.COMPLETED, now
        enrolment.save(update_fields=["status", "completed_at"])
        start_practicum(enrolment)
    return chosen


def issue_readiness(cohort, kind_has_valid, now=None):
    """[(enrolment, reasons)] for the issue screen: why each trainee without a valid certificate of the kind is
    not (yet) eligible; `kind_has_valid` is the set of enrolment ids that already hold one."""
    now = now or timezone.now()
    sessions, enrolments = cohort_grid(cohort)
    last_end = last_planned_end(sessions)
    rows = []
    for enrolment in enrolments:
        if enrolment.pk in kind_has_valid:
            continue
        reasons = completion_problems(enrolment, cohort.course, last_end, now)
        if not reasons and enrolment.status != EnrolmentStatus.COMPLETED:
            reasons = [_("chưa được đánh dấu hoàn thành (màn hình “Kết quả cuối khóa”)")]
        rows.append((enrolment, reasons))
    return rows


# --- the cohort's explicit states: closing and reopening ----------------------------------------------


def closing_problems(cohort, now=None):
    """What is missing before the cohort can be closed, as Vietnamese phrases (empty: it can be closed)."""
    now = now or timezone.now()
    sessions, enrolments = cohort_grid(cohort)
    planned = [s for s in sessions if not s.is_cancelled]
    problems = []
    if not planned:
        problems.append(_("lớp chưa có buổi học theo kế hoạch"))
    not_over = [s for s in planned if not s.has_ended(now)]
    if not_over:
        problems.append(
            _("buổi học chưa kết thúc: %(list)s")
            % {"list": ", ".join(f"“{s.topic}” ({when(s.end)})" for s in not_over)}
        )
    unrecorded = [
        f"{e.full_name} ({sum(1 for s in planned if s.pk not in e.marks and s.has_started(now))})"
        for e in enrolments
        if any(s.pk not in e.marks and s.has_started(now) for s in planned)
    ]
    if unrecorded:
        problems.append(_("chưa điểm danh đủ (số buổi còn trống): %(names)s") % {"names": ", ".join(unrecorded)})
    if cohort.course.must_pass_assessment:
        no_result = [e.full_name for e in enrolments if e.passed is None]
        if no_result:
            problems.append(_("chưa có kết quả cuối khóa: %(names)s") % {"names": ", ".join(no_result)})
    if planned and not not_over:
        last_end = last_planned_end(sessions)
        unmarked = [
            e.full_name for e in enrolments
            if e.status == EnrolmentStatus.ENROLLED and not completion_problems(e, cohort.course, last_end, now)
        ]
        if unmarked:
            problems.append(
                _("đủ điều kiện nhưng chưa được đánh dấu hoàn thành (màn hình “Kết quả cuối khóa”): %(names)s")
                % {"names": ", ".join(unmarked)}
            )
    return problems


def closing_outcomes(cohort, now=None):
    """[(enrolment, reasons)]: the trainees still in progress whom closing switches to "Không hoàn thành", each
    with why (closing_problems has made sure nobody eligible is among them)."""
    now = now or timezone.now()
    sessions, enrolments = cohort_grid(cohort)
    last_end = last_planned_end(sessions)
    return [
        (e, completion_problems(e, cohort.course, last_end, now))
        for e in enrolments
        if e.status == EnrolmentStatus.ENROLLED
    ]


@transaction.atomic
def close_cohort(cohort, actor, now=None):
    """The Board closes a finished cohort: every planned session past, every attendance and result recorded.
    Attendance and results are read-only from then on."""
    check_board(actor)
    now = now or timezone.now()
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    if cohort.closed_at:
        raise CohortError(_("Lớp đã đóng lúc %(when)s.") % {"when": when(cohort.closed_at)})
    if problems := closing_problems(cohort, now):
        raise CohortError(
            _("Chưa thể đóng lớp: %(problems)s. Không có gì thay đổi.") % {"problems": "; ".join(problems)}
        )
    outcomes = closing_outcomes(cohort, now)
    for enrolment, reasons in outcomes:
        Enrolment.objects.filter(pk=enrolment.pk).update(
            status=EnrolmentStatus.NOT_COMPLETED, outcome_reason="; ".join(reasons)[:500]
        )
    cohort.closed_at, cohort.closed_by = now, actor
    cohort.save(update_fields=["closed_at", "closed_by"])
    reason = ""
    if outcomes:
        reason = _("Chuyển “Không hoàn thành”: %(list)s") % {
            "list": "; ".join(f"{e.full_name} ({', '.join(reasons)})" for e, reasons in outcomes)
        }
    CohortStateChange.objects.create(
        cohort=cohort, actor=actor, at=now, from_state=CohortState.FINISHED, to_state=CohortState.CLOSED,
        reason=reason,
    )
    return cohort


@transaction.atomic
def reopen_cohort(cohort, actor, reason, now=None):
    """A superuser reopens a closed cohort, with a reason that is logged and shown on the cohort's screens."""
    if not (actor and actor.is_active and actor.is_superuser):
        raise CohortError(_("Chỉ quản trị hệ thống được mở lại lớp đã đóng."))
    reason = (reason or "").strip()
    if not reason:
        raise CohortError(_("Cần ghi lý do mở lại lớp."), field="reason")
    now = now or timezone.now()
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if not cohort.closed_at:
        raise CohortError(_("Lớp chưa đóng, không cần mở lại."))
    cohort.closed_at = cohort.closed_by = None
    cohort.save(update_fields=["closed_at", "closed_by"])
    # Only closing sets "Không hoàn thành" (the snippet form refuses it by hand): those trainees are in
    # progress again, so their attendance and results can be corrected and the next closing decides anew.
    Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.NOT_COMPLETED).update(
        status=EnrolmentStatus.ENROLLED, outcome_reason=""
    )
    CohortStateChange.objects.create(
        cohort=cohort, actor=actor, at=now, from_state=CohortState.CLOSED, to_state=cohort.clock_state(now),
        reason=reason,
    )
    return cohort


@dataclass(frozen=True)
class StateEntry:
    """One line of a cohort's state history: `derived` ones come from the sessions' times (the clock moves the
    state, nobody acts), the others are the logged CohortStateChange rows (actor, reason)."""

    at: object
    from_state: str
    to_state: str
    label: str
    derived: bool = False
    actor: object = None
    reason: str = ""

    @property
    def from_label(self):
        return CohortState(self.from_state).label

    @property
    def to_label(self):
        return CohortState(self.to_state).label


def state_history(cohort, now=None):
    """Every change of the cohort's state up to `now`, oldest first: the start of the first planned session
    (Sắp mở → Đang học) and the end of the last (Đang học → Đã kết thúc), which the clock makes and are never
    stored, next to the Board's logged closings and reopenings. A session with attendance cannot move
    (move_problem), so the derived times of what has happened stay put."""
    now = now or timezone.now()
    entries = []
    first, last = cohort.first_start(), cohort.last_end()
    if first is not None and first <= now:
        label = _("Bắt đầu học: %(when)s") % {"when": when(first)}
        entries.append(StateEntry(first, CohortState.PLANNED, CohortState.RUNNING, label, derived=True))
    if last is not None and last <= now:
        label = _("Kết thúc: %(when)s") % {"when": when(last)}
        entries.append(StateEntry(last, CohortState.RUNNING, CohortState.FINISHED, label, derived=True))
    for change in cohort.state_changes.select_related("actor"):
        label = _("Đóng lớp: %(when)s") if change.to_state == CohortState.CLOSED else _("Mở lại lớp: %(when)s")
        label = label % {"when": when(change.at)}
        entries.append(
            StateEntry(change.at, change.from_state, change.to_state, label, actor=change.actor, reason=change.reason)
        )
    return sorted(entries, key=lambda e: (e.at, not e.derived))


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


# The public register ------------------------------------------------------------------------------------------------

REGISTER_CONSENTS = ("show_on_register", "show_workplace", "show_email", "show_phone")


def record_register_consent(profile, *, now=None, **choices):
    """The only door to the public register (Decree 13/2023): what the trainer agrees to show (or withdraws), with
    the time it was recorded. The register lists only profiles with a recorded consent; the admin panel shows these
    choices read-only, so no flag ticked by someone else can put a trainer's data on it."""
    unknown = set(choices) - set(REGISTER_CONSENTS)
    if unknown:
        raise ValueError(f"not a register consent: {sorted(unknown)}")
    for name, value in choices.items():
        setattr(profile, name, bool(value))
    profile.register_consent_at = now or timezone.now()
    profile.save(update_fields=[*choices, "register_consent_at"])
    return profile
