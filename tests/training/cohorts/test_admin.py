"""The Board's screens in the Wagtail admin, through HTTP: cohort with inline sessions, bulk enrolment,
the attendance grid, results and completion, and the reach (certificates: tests/training/certificates/test_admin.py)."""

import pytest

from tests.factories.portal import PASSWORD, UserFactory, board_user, nominator
from tests.factories.training_cohorts import (
    CohortFactory,
    CourseFactory,
    accepted_nomination,
    add_sessions,
    completed_enrolment,
    enrol,
)
from training.cohorts.enums import EnrolmentStatus, TrainerStatus
from training.models import Attendance, Cohort, Enrolment, Session
from training.nominations.enums import NominationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client):
    user = board_user()
    assert client.login(username=user.username, password=PASSWORD)
    return user


def cohort_post_data(course, sessions, name="Lớp ToT khóa 1 năm 2022"):
    data = {
        "course": course.pk,
        "name": name,
        "start_date": "2022-05-03",
        "end_date": "2022-06-28",
        "venue": "Tam Kỳ",
        "capacity": "20",
        "decision": "",
        "sessions-TOTAL_FORMS": str(len(sessions)),
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    for index, (day, start, end, topic) in enumerate(sessions):
        data.update(
            {
                f"sessions-{index}-date": day,
                f"sessions-{index}-starts_at": start,
                f"sessions-{index}-ends_at": end,
                f"sessions-{index}-topic": topic,
                f"sessions-{index}-lecturer": "TS. Lê Minh Châu",
                f"sessions-{index}-place": "",
                f"sessions-{index}-id": "",
                f"sessions-{index}-DELETE": "",
            }
        )
    return data


def test_board_creates_a_cohort_with_inline_sessions(client, board):
    course = CourseFactory()
    data = cohort_post_data(
        course, [("2022-05-03", "08:00", "11:30", "Khai giảng"), ("2022-05-10", "08:00", "11:30", "Tư duy")]
    )

    response = client.post("/admin/snippets/training/cohort/add/", data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    cohort = Cohort.objects.get()
    assert list(cohort.sessions.values_list("topic", flat=True)) == ["Khai giảng", "Tư duy"]


def test_overlapping_or_backwards_sessions_are_refused_with_clear_errors(client, board):
    course = CourseFactory()
    data = cohort_post_data(
        course,
        [
            ("2022-05-03", "08:00", "11:30", "Khai giảng"),
            ("2022-05-03", "10:00", "12:00", "Chồng giờ"),
            ("2022-05-10", "14:00", "08:00", "Ngược giờ"),
        ],
    )

    response = client.post("/admin/snippets/training/cohort/add/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "trùng giờ nhau" in html
    assert "Giờ kết thúc phải sau giờ bắt đầu" in html
    assert not Cohort.objects.exists() and not Session.objects.exists()


def test_bulk_enrolment_from_any_round_up_to_capacity(client, board):
    cohort = CohortFactory(capacity=2)
    a, b, c = (accepted_nomination() for _ in range(3))
    waiting = accepted_nomination(status=NominationStatus.WAITLISTED, full_name="Người Chờ Duyệt")
    url = f"/admin/tot/lop/{cohort.pk}/ghi-danh/"

    page = client.get(url).content.decode()
    assert a.full_name in page and "Người Chờ Duyệt" not in page

    refused = client.post(url, {"nominations": [a.pk, b.pk, c.pk]})
    assert refused.status_code == 200
    assert "Lớp chỉ còn 2 chỗ" in refused.content.decode()
    assert not Enrolment.objects.exists()

    assert client.post(url, {"nominations": [a.pk, c.pk]}).status_code == 302
    assert set(Enrolment.objects.values_list("nomination", flat=True)) == {a.pk, c.pk}
    assert waiting.enrolments.count() == 0


def grid_data(enrolments, sessions, status):
    return {f"a-{e.pk}-{s.pk}": status for e in enrolments for s in sessions}


def test_attendance_grid_saves_every_cell_and_shows_who_is_at_risk(client, board):
    cohort = CohortFactory()
    sessions = add_sessions(cohort, 5)
    steady, shaky = enrol(cohort, 2, board)
    url = f"/admin/tot/lop/{cohort.pk}/diem-danh/"
    data = grid_data([steady], sessions, "present") | grid_data([shaky], sessions[:3], "absent")

    assert client.post(url, data).status_code == 302

    assert Attendance.objects.filter(enrolment=steady, status="present").count() == 5
    assert Attendance.objects.filter(enrolment=shaky, status="absent").count() == 3
    html = client.get(url).content.decode()
    assert 'data-progress="cannot"' in html  # 0 of 5 with 2 left cannot reach 4


def test_attendance_grid_refuses_a_session_of_another_cohort(client, board):
    cohort, other = CohortFactory(), CohortFactory()
    add_sessions(cohort, 1)
    (foreign,) = add_sessions(other, 1)
    (enrolment,) = enrol(cohort, 1, board)

    client.post(f"/admin/tot/lop/{cohort.pk}/diem-danh/", {f"a-{enrolment.pk}-{foreign.pk}": "present"})

    assert not Attendance.objects.exists()


def test_attendance_grid_queries_do_not_grow_with_the_cohort(client, board, django_assert_max_num_queries):
    def measure(trainees, session_count):
        cohort = CohortFactory(capacity=100)
        sessions = add_sessions(cohort, session_count)
        enrolments = enrol(cohort, trainees, board)
        client.post(f"/admin/tot/lop/{cohort.pk}/diem-danh/", grid_data(enrolments, sessions, "present"))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/admin/tot/lop/{cohort.pk}/diem-danh/").status_code == 200
        return len(ctx.captured_queries)

    assert measure(2, 2) == measure(25, 12)


def test_results_and_completion_make_practicum_trainers(client, board):
    cohort = CohortFactory()
    sessions = add_sessions(cohort, 2)
    good, poor = enrol(cohort, 2, board)
    client.post(f"/admin/tot/lop/{cohort.pk}/diem-danh/", grid_data([good, poor], sessions, "present"))
    url = f"/admin/tot/lop/{cohort.pk}/ket-qua/"

    refused = client.post(
        url,
        {
            f"score-{good.pk}": "8",
            f"passed-{good.pk}": "1",
            f"score-{poor.pk}": "4",
            f"passed-{poor.pk}": "0",
            f"complete-{good.pk}": "on",
            f"complete-{poor.pk}": "on",
        },
    )
    assert "Chưa đạt điều kiện hoàn thành" in refused.content.decode()
    assert not Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED).exists()

    client.post(
        url,
        {
            f"score-{good.pk}": "8",
            f"passed-{good.pk}": "1",
            f"score-{poor.pk}": "4",
            f"passed-{poor.pk}": "0",
            f"complete-{good.pk}": "on",
        },
    )
    good.refresh_from_db()
    assert good.status == EnrolmentStatus.COMPLETED
    assert good.user.trainer_profile.status == TrainerStatus.PRACTICUM


@pytest.mark.parametrize("who", ["nominator", "trainee"])
def test_admin_screens_are_the_boards_only(client, who):
    cohort = CohortFactory()
    user = nominator() if who == "nominator" else completed_enrolment().user
    user.set_password(PASSWORD)
    user.save()
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.login(username=user.username, password=PASSWORD)

    for path in ["", "ghi-danh/", "diem-danh/", "ket-qua/", "cap-giay/"]:
        response = client.get(f"/admin/tot/lop/{cohort.pk}/{path}")
        assert response.status_code in (302, 403), path


def test_reach_report_counts_by_unit_and_kind(client, board):
    response = client.get("/admin/tot/lan-toa/")
    assert response.status_code == 200
    assert "Theo loại câu lạc bộ" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client):
    UserFactory()
    assert client.get(f"/admin/tot/lop/{CohortFactory().pk}/diem-danh/").status_code == 302


def test_a_session_with_attendance_cannot_be_deleted_only_cancelled(client, board):
    cohort = CohortFactory(course=CourseFactory())
    (session,) = add_sessions(cohort, 1)
    (enrolment,) = enrol(cohort, 1, board)
    client.post(f"/admin/tot/lop/{cohort.pk}/diem-danh/", {f"a-{enrolment.pk}-{session.pk}": "present"})
    data = cohort_post_data(cohort.course, [("2022-05-03", "08:00", "11:30", session.topic)], name=cohort.name)
    data.update({"sessions-INITIAL_FORMS": "1", "sessions-0-id": str(session.pk), "sessions-0-DELETE": "1"})

    response = client.post(f"/admin/snippets/training/cohort/edit/{cohort.pk}/", data)

    assert response.status_code == 200
    assert "đã có điểm danh, không thể xóa" in response.content.decode()
    assert Session.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize(
    ("before", "after", "saved"),
    [
        (EnrolmentStatus.ENROLLED, EnrolmentStatus.WITHDRAWN, True),
        (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, False),
        (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.ENROLLED, False),
        (EnrolmentStatus.NOT_COMPLETED, EnrolmentStatus.COMPLETED, False),
    ],
)
def test_the_enrolment_snippet_only_withdraws(client, board, before, after, saved):
    [enrolment] = enrol(CohortFactory(capacity=1))
    Enrolment.objects.filter(pk=enrolment.pk).update(status=before)

    response = client.post(
        f"/admin/snippets/training/enrolment/edit/{enrolment.pk}/", {"user": "", "status": after}
    )

    enrolment.refresh_from_db()
    assert enrolment.status == (after if saved else before)
    if not saved:
        assert response.status_code == 200
        assert ("không sửa tay" if after == EnrolmentStatus.COMPLETED else "ghi danh lại") in response.content.decode()


def test_a_cancelled_or_postponed_session_needs_a_reason(client, board):
    course = CourseFactory()
    data = cohort_post_data(course, [("2022-05-03", "08:00", "11:30", "Khai giảng")])
    data["sessions-0-is_cancelled"] = "on"

    response = client.post("/admin/snippets/training/cohort/add/", data)

    assert response.status_code == 200
    assert "Hãy ghi lý do hủy hoặc hoãn buổi học." in response.content.decode()
    assert not Cohort.objects.exists()

    data["sessions-0-cancel_reason"] = "Hoãn vì bão số 9"
    assert client.post("/admin/snippets/training/cohort/add/", data).status_code == 302
    assert Session.objects.get().cancel_reason == "Hoãn vì bão số 9"


def test_a_closed_cohorts_sessions_cannot_be_changed(client, board):
    from django.utils import timezone

    course = CourseFactory()
    client.post(
        "/admin/snippets/training/cohort/add/",
        cohort_post_data(course, [("2022-05-03", "08:00", "11:30", "Khai giảng")]),
    )
    cohort = Cohort.objects.get()
    Cohort.objects.filter(pk=cohort.pk).update(closed_at=timezone.now())
    (session,) = cohort.sessions.all()
    data = cohort_post_data(course, [("2022-05-03", "08:00", "11:30", "Khai giảng")])
    data.update(
        {"sessions-INITIAL_FORMS": "1", "sessions-0-id": str(session.pk), "sessions-0-is_cancelled": "on",
         "sessions-0-cancel_reason": "Hủy"}
    )

    response = client.post(f"/admin/snippets/training/cohort/edit/{cohort.pk}/", data)

    assert response.status_code == 200
    assert "Lớp đã đóng: không thể thêm, sửa, hủy hay xóa buổi học." in response.content.decode()
    assert Session.objects.get().is_cancelled is False
