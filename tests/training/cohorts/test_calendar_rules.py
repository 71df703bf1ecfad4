"""The cohort keeps to the calendar (issue 11), through the services with a frozen clock: states, attendance
from a session's start, results from the last session, completion and certificates after its end, closing and
reopening, the at-risk e-mail sent once, and the Board's lists. Run on SQLite and PostgreSQL."""

import pytest
from django.core import mail

from tests.factories.portal import UserFactory, board_user
from tests.training.cohorts.calendar import calendar_cohort, marks_for
from training.certificates import services as certificates
from training.certificates.enums import CertificateKind
from training.cohorts import services
from training.cohorts.enums import CohortState, EnrolmentStatus, Progress
from training.cohorts.reports import at_risk_rows, certificates_to_review
from training.cohorts.services import CohortError
from training.models import Attendance, Certificate, Cohort, CohortStateChange, Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return board_user()


def state_of(cohort):
    return Cohort.objects.get(pk=cohort.pk).state()


def test_states_follow_the_first_start_and_the_last_end(clock, board):
    cohort, sessions, _ = calendar_cohort(board, trainees=0)

    clock.at("08/12/2026 13:29")
    assert state_of(cohort) == CohortState.PLANNED
    assert list(Cohort.objects.in_state(CohortState.PLANNED)) == [cohort]
    clock.at("08/12/2026 13:30")
    assert state_of(cohort) == CohortState.RUNNING
    assert list(Cohort.objects.in_state(CohortState.RUNNING)) == [cohort]
    clock.at("17/12/2026 15:59")
    assert state_of(cohort) == CohortState.RUNNING
    clock.at("17/12/2026 16:00")
    assert state_of(cohort) == CohortState.FINISHED
    assert list(Cohort.objects.in_state(CohortState.FINISHED)) == [cohort]
    assert not Cohort.objects.in_state(CohortState.RUNNING).exists()


def test_a_cancelled_last_session_ends_the_cohort_with_the_one_before(clock, board):
    cohort, sessions, _ = calendar_cohort(board, trainees=0)
    sessions[-1].is_cancelled, sessions[-1].cancel_reason = True, "Giảng viên ốm, hoãn sang năm sau"
    sessions[-1].save()

    clock.at("16/12/2026 16:00")

    assert state_of(cohort) == CohortState.FINISHED
    assert list(Cohort.objects.in_state(CohortState.FINISHED)) == [cohort]


def test_attendance_is_refused_the_minute_before_a_session_starts_and_taken_at_its_start(clock, board):
    cohort, sessions, (trainee, _other) = calendar_cohort(board)
    sixteen = sessions[2]  # 10/12/2026 16:00–17:30

    clock.at("10/12/2026 15:59")
    with pytest.raises(CohortError, match=r"bắt đầu lúc 10/12/2026 16:00, chưa diễn ra"):
        services.record_attendance(
            cohort, board, {(trainee.pk, sessions[0].pk): "present", (trainee.pk, sixteen.pk): "present"}
        )
    assert not Attendance.objects.exists()

    clock.at("10/12/2026 16:00")
    assert services.record_attendance(cohort, board, {(trainee.pk, sixteen.pk): "present"}) == 1


def test_a_cancelled_session_takes_no_attendance_and_drops_out_of_the_planned_count(clock, board):
    cohort, sessions, (trainee, _other) = calendar_cohort(board)
    sessions[0].is_cancelled, sessions[0].cancel_reason = True, "Mưa bão"
    sessions[0].save()
    clock.at("09/12/2026 17:00")

    with pytest.raises(CohortError, match="đã hủy hoặc hoãn"):
        services.record_attendance(cohort, board, {(trainee.pk, sessions[0].pk): "present"})
    services.record_attendance(cohort, board, {(trainee.pk, sessions[1].pk): "present"})

    _s, rows = services.cohort_grid(cohort)
    row = next(r for r in rows if r.pk == trainee.pk)
    assert (row.standing.planned, row.standing.needed, row.standing.attended) == (9, 8, 1)


def test_on_track_trainees_are_shown_on_track_while_sessions_are_to_come(clock, board):
    """Issue 11: with 8 planned sessions (7 needed) every trainee was "at risk" from the first day."""
    cohort, sessions, (steady, wobbly) = calendar_cohort(board, sessions=8)
    clock.at("12/12/2026 16:00")  # five sessions held, three to come
    services.record_attendance(cohort, board, marks_for([steady, wobbly], sessions[:5]))
    services.record_attendance(cohort, board, {(wobbly.pk, sessions[4].pk): "absent"})

    _s, rows = services.cohort_grid(cohort)
    by_pk = {r.pk: r.standing for r in rows}

    assert by_pk[steady.pk].progress == Progress.ON_TRACK
    assert by_pk[wobbly.pk].progress == Progress.AT_RISK


def test_results_open_at_the_last_sessions_start_and_completion_at_its_end(clock, board):
    cohort, sessions, (good, _other) = calendar_cohort(board)
    clock.at("17/12/2026 13:29")
    services.record_attendance(cohort, board, marks_for([good], sessions[:9]))
    with pytest.raises(CohortError, match=r"từ buổi học cuối \(17/12/2026 13:30\)"):
        services.record_results(cohort, board, {good.pk: (8, True)})
    assert Enrolment.objects.get(pk=good.pk).passed is None

    clock.at("17/12/2026 13:30")
    services.record_attendance(cohort, board, marks_for([good], sessions[9:]))
    services.record_results(cohort, board, {good.pk: (8, True)})

    clock.at("17/12/2026 15:59")
    with pytest.raises(CohortError, match=r"buổi học cuối chưa kết thúc \(17/12/2026 16:00\)"):
        services.mark_completed(cohort, board, [good.pk])
    with pytest.raises(CohortError, match=r"chưa kết thúc \(17/12/2026 16:00\)"):
        certificates.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)
    assert Enrolment.objects.get(pk=good.pk).status == EnrolmentStatus.ENROLLED

    clock.at("17/12/2026 16:00")
    services.mark_completed(cohort, board, [good.pk])
    (certificate,) = certificates.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)
    assert certificate.enrolment_id == good.pk


def test_the_issue_screen_reasons_name_each_missing_condition(clock, board):
    cohort, sessions, (short, done) = calendar_cohort(board)
    clock.at("17/12/2026 14:00")
    services.record_attendance(cohort, board, marks_for([short], sessions[:6]))
    services.record_attendance(cohort, board, marks_for([done], sessions))
    services.record_results(cohort, board, {done.pk: (9, True)})

    reasons = dict((e.pk, r) for e, r in services.issue_readiness(cohort, set()))

    assert reasons[short.pk] == [
        "buổi học cuối chưa kết thúc (17/12/2026 16:00)", "điểm danh 6/10 buổi, cần 8", "chưa có kết quả"
    ]
    assert reasons[done.pk] == ["buổi học cuối chưa kết thúc (17/12/2026 16:00)"]
    clock.at("17/12/2026 16:00")
    reasons = dict((e.pk, r) for e, r in services.issue_readiness(cohort, set()))
    assert reasons[done.pk] == ["chưa được đánh dấu hoàn thành (màn hình “Kết quả cuối khóa”)"]


def finished_cohort(clock, board):
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("17/12/2026 16:00")
    services.record_attendance(cohort, board, marks_for(trainees, sessions))
    return cohort, sessions, trainees


def test_closing_lists_what_is_missing_and_changes_nothing(clock, board):
    cohort, sessions, (a, b) = calendar_cohort(board)
    clock.at("17/12/2026 15:59")
    services.record_attendance(cohort, board, marks_for([a, b], sessions[:9]))

    with pytest.raises(CohortError) as refused:
        services.close_cohort(cohort, board)
    message = refused.value.message
    assert "buổi học chưa kết thúc: “Chuyên đề 10” (17/12/2026 16:00)" in message
    assert f"chưa điểm danh đủ (số buổi còn trống): {a.full_name} (1)" in message
    assert "chưa có kết quả cuối khóa" in message and a.full_name in message
    assert Cohort.objects.get(pk=cohort.pk).closed_at is None
    assert not CohortStateChange.objects.exists()


def test_closing_makes_attendance_and_results_read_only_and_a_superuser_reopens_with_a_reason(clock, board):
    cohort, sessions, (a, b) = finished_cohort(clock, board)
    services.record_results(cohort, board, {a.pk: (9, True), b.pk: (4, False)})
    services.mark_completed(cohort, board, [a.pk])
    clock.at("20/12/2026 09:00")

    services.close_cohort(cohort, board)

    cohort.refresh_from_db()
    assert cohort.state() == CohortState.CLOSED and cohort.closed_by == board
    for change in (
        lambda: services.record_attendance(cohort, board, {(a.pk, sessions[0].pk): "absent"}),
        lambda: services.record_results(cohort, board, {a.pk: (2, False)}),
        lambda: services.mark_completed(cohort, board, [a.pk]),
    ):
        with pytest.raises(CohortError, match="Lớp đã đóng lúc 20/12/2026 09:00"):
            change()
    assert Attendance.objects.get(enrolment=a, session=sessions[0]).status == "present"
    assert Enrolment.objects.get(pk=a.pk).passed is True

    with pytest.raises(CohortError, match="Chỉ quản trị hệ thống"):
        services.reopen_cohort(cohort, board, "Sửa điểm danh")
    admin = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(CohortError, match="Cần ghi lý do"):
        services.reopen_cohort(cohort, admin, "  ")

    clock.at("21/12/2026 08:00")
    services.reopen_cohort(cohort, admin, "Học viên Bình có giấy phép bổ sung cho buổi 1")
    cohort.refresh_from_db()
    assert cohort.state() == CohortState.FINISHED
    assert list(CohortStateChange.objects.values_list("from_state", "to_state", "actor", "reason")) == [
        ("finished", "closed", board.pk, f"Chuyển “Không hoàn thành”: {b.full_name} (không đạt đánh giá cuối khóa)"),
        ("closed", "finished", admin.pk, "Học viên Bình có giấy phép bổ sung cho buổi 1"),
    ]
    services.record_attendance(cohort, board, {(a.pk, sessions[0].pk): "excused"})


def test_a_trainee_at_risk_gets_one_email_the_first_time(clock, board, django_capture_on_commit_callbacks):
    cohort, sessions, (steady, wobbly) = calendar_cohort(board)
    wobbly.user.email = "wobbly@example.vn"
    wobbly.user.save()
    clock.at("10/12/2026 17:30")
    with django_capture_on_commit_callbacks(execute=True):
        services.record_attendance(cohort, board, marks_for([steady, wobbly], sessions[:3]))
    assert mail.outbox == []

    clock.at("11/12/2026 16:00")
    with django_capture_on_commit_callbacks(execute=True):  # 10 planned, 8 needed: one absence leaves one more
        services.record_attendance(cohort, board, {(wobbly.pk, sessions[3].pk): "absent"})

    assert [m.to for m in mail.outbox] == [["wobbly@example.vn"]]
    assert "nguy cơ không đạt chuyên cần" in mail.outbox[0].subject
    assert "chỉ có thể vắng thêm tối đa 1 buổi" in mail.outbox[0].body
    assert Enrolment.objects.get(pk=wobbly.pk).at_risk_notified_at is not None

    with django_capture_on_commit_callbacks(execute=True):  # still at risk, now with no absence left: no new mail
        services.record_attendance(cohort, board, {(wobbly.pk, sessions[0].pk): "absent"})
    assert len(mail.outbox) == 1

    clock.at("12/12/2026 16:00")
    with django_capture_on_commit_callbacks(execute=True):
        services.record_attendance(cohort, board, {(steady.pk, sessions[4].pk): "present"})
    assert len(mail.outbox) == 1


def test_the_at_risk_list_covers_running_cohorts_only_in_constant_queries(
    clock, board, django_assert_num_queries
):
    clock.at("12/12/2026 16:00")
    cohort, sessions, (steady, wobbly) = calendar_cohort(board)
    services.record_attendance(cohort, board, marks_for([steady], sessions[:5]))
    services.record_attendance(cohort, board, marks_for([wobbly], sessions[:5], "absent"))
    clock.at("08/12/2026 12:00")
    assert at_risk_rows() == []  # not running yet
    clock.at("12/12/2026 16:00")
    (row,) = at_risk_rows()
    assert (row.enrolment.pk, row.standing.progress) == (wobbly.pk, Progress.CANNOT)

    for _ in range(2):
        other, other_sessions, (late,) = calendar_cohort(board, trainees=1)
        services.record_attendance(
            other, board, {(late.pk, other_sessions[0].pk): "absent", (late.pk, other_sessions[1].pk): "absent"}
        )
    with django_assert_num_queries(4):
        rows = at_risk_rows()
    assert len(rows) == 3


def test_certificates_issued_before_the_rule_are_listed_for_review_not_changed(clock, board):
    cohort, sessions, (early, honest) = calendar_cohort(board)
    clock.at("03/12/2026 10:00")
    # What the old rules let through: "present" for sessions to come and a certificate on 03/12.
    Attendance.objects.bulk_create(
        Attendance(enrolment=early, session=s, status="present", recorded_by=board) for s in sessions
    )
    Enrolment.objects.filter(pk=early.pk).update(status=EnrolmentStatus.COMPLETED, passed=True)
    early_certificate = certificates.issue_certificate(
        serial_format="ToT-{year}-{number:04d}", kind=CertificateKind.COMPLETION, holder_name=early.full_name,
        title="ToT", actor=board, enrolment=early,
    )
    clock.at("18/12/2026 09:00")
    services.record_attendance(cohort, board, marks_for([honest], sessions))
    services.record_results(cohort, board, {honest.pk: (8, True)})
    services.mark_completed(cohort, board, [honest.pk])
    certificates.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)

    (row,) = certificates_to_review()

    assert row.certificate == early_certificate
    assert row.reasons == ["cấp lúc 03/12/2026 10:00, trước khi buổi học cuối kết thúc (17/12/2026 16:00)"]
    assert Certificate.objects.get(pk=early_certificate.pk).revoked_at is None
