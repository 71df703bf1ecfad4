"""Enrolment up to capacity, sessions that may not overlap, attendance only for the cohort's own sessions,
and the completion rule computed against the cohort's planned sessions."""

import datetime

import pytest

from tests.factories.portal import board_user, nominator
from tests.factories.training_cohorts import (
    CohortFactory,
    CourseFactory,
    accepted_nomination,
    add_sessions,
    attend_all,
    enrol,
)
from training.cohorts import services as cohort_services
from training.cohorts.enums import AttendanceStatus, EnrolmentStatus, Progress, TrainerStatus
from training.cohorts.services import CohortError, cohort_grid, record_attendance
from training.models import Attendance, Enrolment, Session, TrainerProfile
from training.nominations.enums import NominationStatus

pytestmark = pytest.mark.django_db


def test_enrol_creates_trainee_accounts_in_the_trainers_role():
    board = board_user()
    cohort = CohortFactory(capacity=5)
    nomination = accepted_nomination(full_name="Hồ Quang Bửu", email="Buu.HQ@example.vn")

    (enrolment,) = cohort_services.enrol(cohort, [nomination], board)

    assert enrolment.user.email == "buu.hq@example.vn"
    assert enrolment.user.last_name == "Hồ"
    assert enrolment.user.first_name == "Quang Bửu"
    assert enrolment.user.groups.filter(name="Học viên và giảng viên nguồn").exists()
    assert not enrolment.user.has_usable_password()


def test_enrol_links_the_existing_user_with_the_same_email():
    from tests.factories.portal import UserFactory

    board = board_user()
    user = UserFactory(email="giangvien@example.vn")
    nomination = accepted_nomination(email="GiangVien@example.vn")

    (enrolment,) = cohort_services.enrol(CohortFactory(), [nomination], board)

    assert enrolment.user == user


def test_enrol_beyond_capacity_is_refused_and_nothing_saved():
    board = board_user()
    cohort = CohortFactory(capacity=3)
    enrol(cohort, 2, board)
    nominations = [accepted_nomination() for _ in range(2)]

    with pytest.raises(CohortError, match="Lớp chỉ còn 1 chỗ"):
        cohort_services.enrol(cohort, nominations, board)

    assert Enrolment.objects.filter(cohort=cohort).count() == 2


def test_only_accepted_nominations_can_be_enrolled():
    board = board_user()
    submitted = accepted_nomination(status=NominationStatus.SUBMITTED, full_name="Trần Văn Chờ")

    with pytest.raises(CohortError, match="Trần Văn Chờ"):
        cohort_services.enrol(CohortFactory(), [submitted], board)


def test_a_nominator_cannot_enrol():
    with pytest.raises(CohortError):
        cohort_services.enrol(CohortFactory(), [accepted_nomination()], nominator())


def test_session_ending_before_it_starts_is_refused():
    cohort = CohortFactory()
    session = Session(
        cohort=cohort, date=datetime.date(2022, 5, 3), starts_at=datetime.time(14), ends_at=datetime.time(8), topic="X"
    )

    with pytest.raises(CohortError, match="giờ kết thúc phải sau giờ bắt đầu"):
        cohort_services.save_session(session, board_user())

    assert not Session.objects.exists()


def test_overlapping_sessions_in_one_cohort_are_refused_but_other_cohorts_may_overlap():
    board = board_user()
    cohort, other = CohortFactory(), CohortFactory()
    add_sessions(cohort, 1)  # 03/05/2022 08:00–11:30
    clash = Session(
        cohort=cohort,
        date=datetime.date(2022, 5, 3),
        starts_at=datetime.time(10),
        ends_at=datetime.time(12),
        topic="Trùng giờ",
    )

    with pytest.raises(CohortError, match="trùng giờ"):
        cohort_services.save_session(clash, board)

    clash.cohort = other
    cohort_services.save_session(clash, board)
    assert Session.objects.count() == 2


def test_attendance_for_a_session_of_another_cohort_is_refused_and_nothing_saved():
    board = board_user()
    cohort, other = CohortFactory(), CohortFactory()
    (own,) = add_sessions(cohort, 1)
    (foreign,) = add_sessions(other, 1)
    (enrolment,) = enrol(cohort, 1, board)

    with pytest.raises(CohortError, match="thuộc lớp khác"):
        record_attendance(cohort, board, {(enrolment.pk, own.pk): "present", (enrolment.pk, foreign.pk): "present"})

    assert not Attendance.objects.exists()


def test_completion_rule_counts_planned_sessions_not_only_those_held():
    board = board_user()
    course = CourseFactory(min_attendance_percent=80)
    cohort = CohortFactory(course=course)
    today = datetime.date(2022, 5, 20)
    sessions = add_sessions(cohort, 10, first=datetime.date(2022, 5, 1), every_days=3)  # 1/5 … 28/5
    held = [s for s in sessions if s.date < today]  # 7 held, 3 to come
    assert len(held) == 7
    steady, wobbly, lost = enrol(cohort, 3, board)
    attend_all(cohort, [steady], held, board)
    attend_all(cohort, [wobbly], held[:6], board)
    record_attendance(cohort, board, {(wobbly.pk, held[6].pk): AttendanceStatus.ABSENT})
    attend_all(cohort, [lost], held[:4], board, status=AttendanceStatus.LATE)
    attend_all(cohort, [lost], held[4:], board, status=AttendanceStatus.EXCUSED)

    _sessions, rows = cohort_grid(cohort, today=today)
    by_pk = {row.pk: row.standing for row in rows}

    # needs 8 of 10 planned sessions: steady has 7 with 3 to come, wobbly 6 + 3, lost 4 + 3
    assert (by_pk[steady.pk].attended, by_pk[steady.pk].needed, by_pk[steady.pk].progress) == (7, 8, Progress.ON_TRACK)
    assert (by_pk[wobbly.pk].attended, by_pk[wobbly.pk].progress) == (6, Progress.AT_RISK)
    assert (by_pk[lost.pk].attended, by_pk[lost.pk].progress) == (4, Progress.CANNOT)


def test_cancelled_sessions_do_not_count_as_planned():
    board = board_user()
    cohort = CohortFactory()
    sessions = add_sessions(cohort, 5)
    sessions[4].is_cancelled = True
    sessions[4].save()
    (enrolment,) = enrol(cohort, 1, board)
    attend_all(cohort, [enrolment], sessions[:4], board)
    cohort_services.record_results(cohort, board, {enrolment.pk: (7.5, True)})

    _s, (row,) = cohort_grid(cohort, today=datetime.date(2022, 7, 1))

    assert (row.standing.planned, row.standing.attended, row.standing.progress) == (4, 4, Progress.MEETS)


def test_marking_completed_refuses_who_does_not_meet_the_rule():
    board = board_user()
    cohort = CohortFactory()
    sessions = add_sessions(cohort, 5)
    good, poor = enrol(cohort, 2, board)
    attend_all(cohort, [good], sessions, board)
    attend_all(cohort, [poor], sessions[:2], board)
    cohort_services.record_results(cohort, board, {good.pk: (8, True), poor.pk: (9, True)})

    with pytest.raises(CohortError, match=poor.nomination.full_name):
        cohort_services.mark_completed(cohort, board, [good.pk, poor.pk])
    assert not Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED).exists()

    cohort_services.mark_completed(cohort, board, [good.pk])
    good.refresh_from_db()
    assert good.status == EnrolmentStatus.COMPLETED
    assert TrainerProfile.objects.get(user=good.user).status == TrainerStatus.PRACTICUM


def test_failing_the_assessment_means_cannot_complete():
    board = board_user()
    cohort = CohortFactory()
    sessions = add_sessions(cohort, 3)
    (enrolment,) = enrol(cohort, 1, board)
    attend_all(cohort, [enrolment], sessions, board)
    cohort_services.record_results(cohort, board, {enrolment.pk: (3, False)})

    _s, (row,) = cohort_grid(cohort, today=datetime.date(2022, 7, 1))

    assert row.standing.progress == Progress.CANNOT


def test_moving_a_session_bumps_its_calendar_sequence():
    (session,) = add_sessions(CohortFactory(), 1)
    session.topic = "Đổi chủ đề"
    session.save()
    assert session.sequence == 0
    session.starts_at = datetime.time(9)
    session.save()
    assert session.sequence == 1
