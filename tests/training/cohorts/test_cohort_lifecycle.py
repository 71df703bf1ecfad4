"""Issue 11, the cohort's life with a frozen clock, from outside through the Board's admin screens:
- closing decides every trainee still "Đang học": refused (naming them) while someone eligible is not marked
  completed; otherwise the others become "Không hoàn thành" with the reason, logged; reopening undoes it;
- a session with attendance recorded does not move (only cancel/postpone with a reason), nothing changed;
- the state history shows the clock's transitions (first start, last end) at their minute next to the logged
  closings and reopenings."""

import pytest
from django.contrib.messages import get_messages

from tests.factories.portal import PASSWORD, UserFactory, board_user
from tests.training.cohorts.calendar import calendar_cohort, marks_for
from training.cohorts import services
from training.cohorts.enums import EnrolmentStatus
from training.models import Attendance, Cohort, CohortStateChange, Enrolment, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client):
    user = board_user()
    assert client.login(username=user.username, password=PASSWORD)
    return user


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def manage(client, cohort):
    return client.get(f"/admin/tot/lop/{cohort.pk}/").content.decode()


def finished_with_results(board, clock, first=(9, True), second=(5, False)):
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("17/12/2026 16:00")
    services.record_attendance(cohort, board, marks_for(trainees, sessions))
    services.record_results(cohort, board, {trainees[0].pk: first, trainees[1].pk: second})
    return cohort, sessions, trainees


def test_closing_refuses_while_an_eligible_trainee_is_not_marked_completed_and_names_them(client, board, clock):
    cohort, _sessions, (a, b) = finished_with_results(board, clock)
    client.force_login(board)

    html = manage(client, cohort)
    assert "học viên còn “Đang học” mà không đủ điều kiện chuyển sang “Không hoàn thành”" in html  # the rule, said
    assert "đủ điều kiện nhưng chưa được đánh dấu hoàn thành" in html and a.full_name in html
    response = client.post(f"/admin/tot/lop/{cohort.pk}/dong-lop/")

    (message,) = texts(response)
    assert message.startswith("Chưa thể đóng lớp: đủ điều kiện nhưng chưa được đánh dấu hoàn thành")
    assert a.full_name in message and b.full_name not in message
    assert Cohort.objects.get(pk=cohort.pk).closed_at is None
    assert set(Enrolment.objects.values_list("status", flat=True)) == {EnrolmentStatus.ENROLLED}


def test_closing_switches_the_rest_to_not_completed_with_the_reason_and_reopening_undoes_it(client, board, clock):
    cohort, _sessions, (a, b) = finished_with_results(board, clock)
    services.mark_completed(cohort, board, [a.pk])
    client.force_login(board)
    html = manage(client, cohort)
    assert 'id="closing-outcomes"' in html and "không đạt đánh giá cuối khóa" in html  # told before closing

    client.post(f"/admin/tot/lop/{cohort.pk}/dong-lop/")

    assert Enrolment.objects.get(pk=a.pk).status == EnrolmentStatus.COMPLETED
    b = Enrolment.objects.get(pk=b.pk)
    assert (b.status, b.outcome_reason) == (EnrolmentStatus.NOT_COMPLETED, "không đạt đánh giá cuối khóa")
    change = CohortStateChange.objects.get()
    assert change.actor == board and b.full_name in change.reason and "Không hoàn thành" in change.reason
    assert change.reason in manage(client, cohort)

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    client.post(f"/admin/tot/lop/{cohort.pk}/mo-lai/", {"reason": "Phúc khảo bài đánh giá"})
    assert Enrolment.objects.get(pk=b.pk).status == EnrolmentStatus.ENROLLED  # in progress again, results editable
    assert Enrolment.objects.get(pk=a.pk).status == EnrolmentStatus.COMPLETED
    services.record_results(cohort, board, {b.pk: (7, True)})
    services.mark_completed(cohort, board, [b.pk])
    services.close_cohort(cohort, board)
    assert CohortStateChange.objects.order_by("-pk").first().reason == ""  # nobody switched this time


def test_attendance_gaps_are_a_closing_problem_but_a_trainee_who_cannot_reach_the_rule_is_not_completed(
    client, board, clock
):
    cohort, sessions, (a, b) = calendar_cohort(board, must_pass_assessment=False)
    clock.at("17/12/2026 16:00")
    services.record_attendance(cohort, board, marks_for([a], sessions))
    services.record_attendance(cohort, board, marks_for([b], sessions[:5]))
    with pytest.raises(services.CohortError, match="chưa điểm danh đủ"):
        services.close_cohort(cohort, board)
    services.record_attendance(cohort, board, marks_for([b], sessions[5:], "absent"))
    services.mark_completed(cohort, board, [a.pk])

    services.close_cohort(cohort, board)

    assert Enrolment.objects.get(pk=b.pk).outcome_reason == "điểm danh 5/10 buổi, cần 8"


def edit_data(cohort, sessions, **changes):
    """The cohort's edit form as the admin posts it, every session as it is, with `changes` of session 0."""
    data = {
        "course": cohort.course_id, "name": cohort.name, "start_date": f"{cohort.start_date:%Y-%m-%d}",
        "end_date": f"{cohort.end_date:%Y-%m-%d}", "venue": cohort.venue, "capacity": str(cohort.capacity),
        "decision": "", "sessions-TOTAL_FORMS": str(len(sessions)), "sessions-INITIAL_FORMS": str(len(sessions)),
        "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000",
    }
    for index, session in enumerate(sessions):
        data.update({
            f"sessions-{index}-id": str(session.pk), f"sessions-{index}-date": f"{session.date:%Y-%m-%d}",
            f"sessions-{index}-starts_at": f"{session.starts_at:%H:%M}",
            f"sessions-{index}-ends_at": f"{session.ends_at:%H:%M}", f"sessions-{index}-topic": session.topic,
            f"sessions-{index}-lecturer": "", f"sessions-{index}-place": "", f"sessions-{index}-DELETE": "",
            f"sessions-{index}-cancel_reason": "",
        })
    data.update({f"sessions-0-{name}": value for name, value in changes.items()})
    return data


@pytest.mark.parametrize(
    "change", [{"date": "2026-12-20"}, {"starts_at": "14:00"}, {"ends_at": "16:30"}], ids=["date", "start", "end"]
)
def test_a_session_with_attendance_cannot_be_moved_through_the_edit_screen(client, board, clock, change):
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("08/12/2026 13:30")
    client.post(f"/admin/tot/lop/{cohort.pk}/diem-danh/", {f"a-{trainees[0].pk}-{sessions[0].pk}": "present"})
    assert Attendance.objects.count() == 1
    before = list(Session.objects.filter(cohort=cohort).values_list("date", "starts_at", "ends_at", "sequence"))

    response = client.post(f"/admin/snippets/training/cohort/edit/{cohort.pk}/", edit_data(cohort, sessions, **change))

    assert response.status_code == 200
    assert "“Chuyên đề 1” (08/12/2026 13:30) đã có điểm danh: không dời ngày giờ được." in response.content.decode()
    after = list(Session.objects.filter(cohort=cohort).values_list("date", "starts_at", "ends_at", "sequence"))
    assert after == before


def test_a_session_with_attendance_may_still_be_postponed_with_a_reason_and_one_without_be_moved(
    client, board, clock
):
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("08/12/2026 13:30")
    services.record_attendance(cohort, board, marks_for(trainees, sessions[:1]))
    data = edit_data(cohort, sessions, is_cancelled="on", cancel_reason="Giảng viên ốm")
    data["sessions-1-date"] = "2026-12-30"  # no attendance yet: it may move

    response = client.post(f"/admin/snippets/training/cohort/edit/{cohort.pk}/", data)

    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Session.objects.get(pk=sessions[0].pk).cancel_reason == "Giảng viên ốm"
    assert f"{Session.objects.get(pk=sessions[1].pk).date:%d/%m}" == "30/12"


def test_the_service_refuses_the_move_too(board, clock):
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("08/12/2026 13:30")
    services.record_attendance(cohort, board, marks_for(trainees, sessions[:1]))
    session = Session.objects.get(pk=sessions[0].pk)
    session.starts_at = session.starts_at.replace(hour=14)
    with pytest.raises(services.CohortError, match="đã có điểm danh: không dời ngày giờ được"):
        services.save_session(session, board)
    assert Session.objects.get(pk=session.pk).starts_at.hour == 13


def history(client, cohort):
    html = manage(client, cohort)
    start = html.find('id="state-history"')
    return html[start:html.find("</ul>", start)] if start >= 0 else ""


def test_the_state_history_shows_the_clock_transitions_at_their_minute_and_the_logged_actions(client, board, clock):
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("08/12/2026 13:29")
    client.force_login(board)
    assert "Bắt đầu học" not in history(client, cohort)

    clock.at("08/12/2026 13:30")
    assert "Bắt đầu học: 08/12/2026 13:30 – Sắp mở → Đang học (theo lịch buổi học)" in history(client, cohort)
    assert "Kết thúc" not in history(client, cohort)

    clock.at("17/12/2026 15:59")
    assert "Kết thúc" not in history(client, cohort)
    clock.at("17/12/2026 16:00")
    assert "Kết thúc: 17/12/2026 16:00 – Đang học → Đã kết thúc (theo lịch buổi học)" in history(client, cohort)

    services.record_attendance(cohort, board, marks_for(trainees, sessions))
    services.record_results(cohort, board, {e.pk: (8, True) for e in trainees})
    services.mark_completed(cohort, board, [e.pk for e in trainees])
    clock.at("18/12/2026 08:00")
    services.close_cohort(cohort, board)
    clock.at("19/12/2026 09:15")
    services.reopen_cohort(cohort, UserFactory(is_superuser=True), "Bổ sung giấy phép vắng")
    client.force_login(board)

    lines = [line for line in history(client, cohort).split("<li") if "data-history" in line]
    assert [line.split(">", 1)[1].split(" – ")[0] for line in lines] == [
        "Bắt đầu học: 08/12/2026 13:30",
        "Kết thúc: 17/12/2026 16:00",
        "Đóng lớp: 18/12/2026 08:00",
        "Mở lại lớp: 19/12/2026 09:15",
    ]
    assert str(board) in lines[2] and "Bổ sung giấy phép vắng" in lines[3]


def test_the_trainee_and_the_results_screen_show_not_completed_with_its_reason(client, board, clock):
    cohort, _sessions, (a, b) = finished_with_results(board, clock)
    services.mark_completed(cohort, board, [a.pk])
    services.close_cohort(cohort, board)

    results = client.get(f"/admin/tot/lop/{cohort.pk}/ket-qua/").content.decode()
    assert "Không hoàn thành: không đạt đánh giá cuối khóa" in results
    client.force_login(b.user)
    page = client.get("/ca-nhan/lop-hoc/").content.decode()
    assert 'data-enrolment-status="not_completed"' in page and "(không đạt đánh giá cuối khóa)" in page
