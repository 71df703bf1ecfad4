import datetime

import pytest

from tests.factories.portal import UserFactory, board_user
from tests.factories.training_cohorts import CohortFactory, add_sessions, enrol
from training.cohorts.calendar import cohort_sessions

pytestmark = pytest.mark.django_db


def test_trainee_calendar_has_their_sessions_with_stable_uid_and_rising_sequence():
    board = board_user()
    cohort = CohortFactory(name="Lớp ToT khóa 1")
    first, second = add_sessions(cohort, 2)
    add_sessions(CohortFactory(), 1)  # someone else's cohort
    (enrolment,) = enrol(cohort, 1, board)

    entries = cohort_sessions(enrolment.user)
    assert [e.summary for e in entries] == [f"Lớp ToT khóa 1: {first.topic}", f"Lớp ToT khóa 1: {second.topic}"]
    uid = entries[0].uid
    assert entries[0].start.hour == 8 and entries[0].sequence == 0

    first.starts_at, first.ends_at = datetime.time(13, 30), datetime.time(16, 30)
    first.save()
    second.is_cancelled = True
    second.save()

    moved, cancelled = cohort_sessions(enrolment.user)
    assert moved.uid == uid and moved.sequence == 1 and moved.start.hour == 13
    assert cancelled.status == "CANCELLED" and cancelled.sequence == 1
    assert cancelled.summary.startswith("[ĐÃ HỦY]")
    assert cohort_sessions(UserFactory()) == []


def test_sessions_appear_in_the_ics_document():
    from portal.calendar import ical

    board = board_user()
    cohort = CohortFactory()
    add_sessions(cohort, 1, topic="Mô hình Canvas")
    (enrolment,) = enrol(cohort, 1, board)

    body = ical.build_calendar(cohort_sessions(enrolment.user), name="Lịch của tôi").decode()

    assert "Mô hình Canvas" in body
    assert "tot-buoi-hoc-" in body
