"""A cohort on the calendar for the frozen-clock tests: ten daily sessions 13:30–16:00 from 08/12/2026, the last
on 17/12/2026 (ending 16:00), and one session starting at 16:00 on 10/12 for the start-minute boundary."""

import datetime

from tests.factories.training_cohorts import CohortFactory, CourseFactory, enrol
from training.models import Session

FIRST = datetime.date(2026, 12, 8)


def calendar_cohort(board, trainees=2, sessions=10, **course):
    cohort = CohortFactory(
        course=CourseFactory(**course), start_date=FIRST, end_date=FIRST + datetime.timedelta(days=sessions - 1)
    )
    planned = [
        Session.objects.create(
            cohort=cohort,
            date=FIRST + datetime.timedelta(days=index),
            starts_at=datetime.time(16) if index == 2 else datetime.time(13, 30),
            ends_at=datetime.time(17, 30) if index == 2 else datetime.time(16),
            topic=f"Chuyên đề {index + 1}",
        )
        for index in range(sessions)
    ]
    enrolments = enrol(cohort, trainees, board) if trainees else []
    return cohort, planned, enrolments


def marks_for(enrolments, sessions, status="present"):
    return {(e.pk, s.pk): status for e in enrolments for s in sessions}
