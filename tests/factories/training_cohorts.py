"""Courses, cohorts, sessions, enrolments, trainers and certificates for tests. State changes go through
training.cohorts.services and training.certificates.services, so the rules are the real ones; accepted nominations are
built directly in their final state to keep large fixtures fast."""

import datetime
import itertools

import factory

from tests.factories.portal import board_user
from tests.factories.training import NominationFactory
from training.certificates import services as certificates
from training.certificates.enums import CertificateKind
from training.cohorts import services as cohort_services
from training.cohorts.enums import AttendanceStatus
from training.models import Cohort, Course, Session
from training.nominations.enums import NominationStatus

_counter = itertools.count(1)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = "Giảng viên nguồn khởi nghiệp đổi mới sáng tạo"
    min_attendance_percent = 80
    must_pass_assessment = True
    practicum_sessions_required = 2
    validity_months = 36


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Lớp ToT khóa {n}")
    start_date = datetime.date(2022, 5, 3)
    end_date = datetime.date(2022, 6, 28)
    venue = "Hội trường Sở Khoa học và Công nghệ, Tam Kỳ"
    capacity = 30


def add_sessions(cohort, count, first=datetime.date(2022, 5, 3), every_days=7, **fields):
    sessions = []
    for index in range(count):
        sessions.append(
            Session.objects.create(
                cohort=cohort,
                date=first + datetime.timedelta(days=index * every_days),
                starts_at=datetime.time(8, 0),
                ends_at=datetime.time(11, 30),
                topic=fields.pop("topic", None) or f"Chuyên đề {index + 1}: tư duy khởi nghiệp",
                lecturer="TS. Lê Minh Châu",
                **fields,
            )
        )
    return sessions


def accepted_nomination(**fields):
    fields.setdefault("status", NominationStatus.ACCEPTED)
    return NominationFactory(**fields)


def enrol(cohort, count=1, board=None, **fields):
    board = board or board_user()
    nominations = [accepted_nomination(**fields) for _ in range(count)]
    return cohort_services.enrol(cohort, nominations, board)


def attend_all(cohort, enrolments, sessions, board, status=AttendanceStatus.PRESENT):
    marks = {(e.pk, s.pk): status for e in enrolments for s in sessions}
    cohort_services.record_attendance(cohort, board, marks)


def completed_enrolment(cohort=None, board=None, sessions=2, **fields):
    """An enrolment that attended every session, passed and is marked completed (a trainer on practicum)."""
    board = board or board_user()
    cohort = cohort or CohortFactory()
    planned = list(cohort.sessions.all()) or add_sessions(cohort, sessions)
    (enrolment,) = enrol(cohort, 1, board, **fields)
    attend_all(cohort, [enrolment], planned, board)
    cohort_services.record_results(cohort, board, {enrolment.pk: (8, True)})
    cohort_services.mark_completed(cohort, board, [enrolment.pk])
    enrolment.refresh_from_db()
    return enrolment


def issued_certificate(enrolment=None, board=None, kind=CertificateKind.COMPLETION, **fields):
    board = board or board_user()
    enrolment = enrolment or completed_enrolment(board=board, **fields)
    (certificate,) = [
        c for c in certificates.issue_for_cohort(enrolment.cohort, kind, board) if c.enrolment_id == enrolment.pk
    ]
    return certificate
