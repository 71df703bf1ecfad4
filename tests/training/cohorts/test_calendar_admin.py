"""The cohort's calendar rules from outside, through the Board's admin screens with a frozen clock: the grid
shows future sessions as planned and refuses early writes, closed cohorts refuse every write with a Vietnamese
message, the close and reopen screens, the issue screen's reasons, the state column and filter, the at-risk report
and dashboard panel, and who may open them."""

import pytest
from django.contrib.messages import get_messages

from tests.factories.clubs import club_editor, make_club, make_site_tree
from tests.factories.portal import PASSWORD, UserFactory, board_user, nominator
from tests.training.cohorts.calendar import calendar_cohort, marks_for
from training.cohorts import services
from training.models import Attendance, Cohort, CohortStateChange, Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client):
    user = board_user()
    assert client.login(username=user.username, password=PASSWORD)
    return user


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def grid_url(cohort):
    return f"/admin/tot/lop/{cohort.pk}/diem-danh/"


def test_the_grid_shows_future_sessions_as_planned_and_refuses_a_crafted_post(client, board, clock):
    cohort, sessions, (trainee, _other) = calendar_cohort(board)
    clock.at("10/12/2026 15:59")

    html = client.get(grid_url(cohort)).content.decode()
    assert f'name="a-{trainee.pk}-{sessions[1].pk}"' in html
    assert f'name="a-{trainee.pk}-{sessions[2].pk}"' not in html
    assert f'data-planned="{sessions[2].pk}"' in html

    response = client.post(grid_url(cohort), {f"a-{trainee.pk}-{sessions[2].pk}": "present"})
    assert response.status_code == 200
    assert "chưa diễn ra: chỉ điểm danh được từ giờ bắt đầu buổi học. Không có gì được lưu." in (
        response.content.decode()
    )
    assert not Attendance.objects.exists()

    clock.at("10/12/2026 16:00")
    response = client.post(grid_url(cohort), {f"a-{trainee.pk}-{sessions[2].pk}": "present"})
    assert response.status_code == 302
    assert Attendance.objects.get().session == sessions[2]


def closed(board, clock):
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("17/12/2026 16:00")
    services.record_attendance(cohort, board, marks_for(trainees, sessions))
    services.record_results(cohort, board, {trainees[0].pk: (9, True), trainees[1].pk: (5, True)})
    services.mark_completed(cohort, board, [trainees[0].pk, trainees[1].pk])
    clock.at("18/12/2026 08:00")
    services.close_cohort(cohort, board)
    return cohort, sessions, trainees


def test_a_closed_cohort_refuses_attendance_and_results_from_board_staff(client, board, clock):
    cohort, sessions, (a, b) = closed(board, clock)
    clock.at("19/12/2026 08:00")
    client.force_login(board)  # the log-in of the fixture, on 03/12, is older than the session's two weeks

    html = client.get(grid_url(cohort)).content.decode()
    assert "Lưu điểm danh" not in html and "đóng lúc 18/12/2026 08:00" in html
    response = client.post(grid_url(cohort), {f"a-{a.pk}-{sessions[0].pk}": "absent"})
    assert "Lớp đã đóng lúc 18/12/2026 08:00" in response.content.decode()
    response = client.post(
        f"/admin/tot/lop/{cohort.pk}/ket-qua/", {f"score-{b.pk}": "2", f"passed-{b.pk}": "0"}
    )
    assert "Lớp đã đóng lúc 18/12/2026 08:00" in response.content.decode()
    assert Attendance.objects.get(enrolment=a, session=sessions[0]).status == "present"
    assert Enrolment.objects.get(pk=b.pk).passed is True


def test_the_close_screen_refuses_early_then_closes_and_a_superuser_reopens(client, board, clock):
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("17/12/2026 15:59")
    services.record_attendance(cohort, board, marks_for(trainees, sessions[:9]))
    close = f"/admin/tot/lop/{cohort.pk}/dong-lop/"

    response = client.post(close)
    assert any(t.startswith("Chưa thể đóng lớp: buổi học chưa kết thúc: “Chuyên đề 10”") for t in texts(response))
    assert Cohort.objects.get(pk=cohort.pk).closed_at is None

    clock.at("17/12/2026 16:00")
    services.record_attendance(cohort, board, marks_for(trainees, sessions[9:]))
    services.record_results(cohort, board, {e.pk: (8, True) for e in trainees})
    services.mark_completed(cohort, board, [e.pk for e in trainees])
    html = client.get(f"/admin/tot/lop/{cohort.pk}/").content.decode()
    assert 'data-cohort-state="finished"' in html and "Đóng lớp" in html
    client.post(close)
    assert Cohort.objects.get(pk=cohort.pk).closed_by == board
    assert 'data-cohort-state="closed"' in client.get(f"/admin/tot/lop/{cohort.pk}/").content.decode()

    reopen = f"/admin/tot/lop/{cohort.pk}/mo-lai/"
    response = client.post(reopen, {"reason": "Sửa điểm danh"})
    assert "Chỉ quản trị hệ thống được mở lại lớp đã đóng." in texts(response)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    client.post(reopen, {"reason": ""})
    assert Cohort.objects.get(pk=cohort.pk).closed_at is not None
    client.post(reopen, {"reason": "Bổ sung giấy phép vắng của học viên"})
    assert Cohort.objects.get(pk=cohort.pk).closed_at is None
    html = client.get(f"/admin/tot/lop/{cohort.pk}/").content.decode()
    assert "Bổ sung giấy phép vắng của học viên" in html
    assert CohortStateChange.objects.count() == 2


def test_the_issue_screen_says_why_each_person_is_not_eligible_and_refuses_early(client, board, clock):
    cohort, sessions, (short, done) = calendar_cohort(board)
    clock.at("17/12/2026 14:00")
    services.record_attendance(cohort, board, marks_for([short], sessions[:6]))
    services.record_attendance(cohort, board, marks_for([done], sessions))
    url = f"/admin/tot/lop/{cohort.pk}/cap-giay/"

    html = client.get(url).content.decode()
    assert "buổi học cuối chưa kết thúc (17/12/2026 16:00); điểm danh 6/10 buổi, cần 8; chưa có kết quả" in html
    response = client.post(url, {"kind": "completion", "issued_on": "2026-12-17"})
    assert "Chưa cấp được: buổi học cuối của lớp chưa kết thúc (17/12/2026 16:00)" in response.content.decode()
    assert not done.certificates.exists()


def test_the_listing_shows_each_state_and_filters_by_it(client, board, clock):
    running, _s, _e = calendar_cohort(board, trainees=0)
    clock.at("10/12/2026 09:00")
    listing = "/admin/snippets/training/cohort/"

    html = client.get(listing).content.decode()
    assert "Đang học" in html and running.name in html
    assert running.name not in client.get(listing, {"state": "planned"}).content.decode()
    assert running.name in client.get(listing, {"state": "running"}).content.decode()


def test_the_at_risk_report_and_panel_list_running_cohorts_trainees(client, board, clock, django_assert_num_queries):
    from reports.dashboard import AtRiskPanel

    cohort, sessions, (steady, wobbly) = calendar_cohort(board)
    clock.at("11/12/2026 16:00")
    services.record_attendance(cohort, board, marks_for([steady, wobbly], sessions[:4]))
    services.record_attendance(cohort, board, {(wobbly.pk, sessions[3].pk): "absent"})

    html = client.get("/admin/tot/nguy-co/").content.decode()
    assert f'data-enrolment="{wobbly.pk}" data-progress="at_risk"' in html
    assert f'data-enrolment="{steady.pk}"' not in html
    dashboard = client.get("/admin/").content.decode()
    assert "board-at-risk" in dashboard and wobbly.full_name in dashboard
    with django_assert_num_queries(4):
        AtRiskPanel().data(None)


@pytest.mark.parametrize("who", ["club_editor", "nominator", "trainee"])
def test_outsiders_cannot_open_or_write_the_cohort_screens(client, clock, who, home):
    board = board_user()
    cohort, sessions, (trainee, _other) = calendar_cohort(board)
    clock.at("17/12/2026 16:00")
    if who == "club_editor":
        user = club_editor(make_club(make_site_tree(home)[0]))
    elif who == "nominator":
        user = nominator()
    else:
        user = trainee.user
    client.force_login(user)

    for url, data in [
        (grid_url(cohort), {f"a-{trainee.pk}-{sessions[0].pk}": "present"}),
        (f"/admin/tot/lop/{cohort.pk}/ket-qua/", {f"passed-{trainee.pk}": "1"}),
        (f"/admin/tot/lop/{cohort.pk}/dong-lop/", {}),
        (f"/admin/tot/lop/{cohort.pk}/cap-giay/", {"kind": "completion", "issued_on": "2026-12-17"}),
        ("/admin/tot/nguy-co/", {}),
        ("/admin/tot/giay-chung-nhan-can-ra-soat/", {}),
    ]:
        assert client.post(url, data).status_code in (302, 403), url
    assert not Attendance.objects.exists()
    assert Enrolment.objects.get(pk=trainee.pk).passed is None
    assert Cohort.objects.get(pk=cohort.pk).closed_at is None


def test_the_trainee_sees_the_cohort_state_and_planned_sessions(client, clock):
    board = board_user()
    cohort, sessions, (trainee, _other) = calendar_cohort(board)
    clock.at("10/12/2026 16:00")
    services.record_attendance(cohort, board, marks_for([trainee], sessions[:3]))
    client.force_login(trainee.user)

    html = client.get("/ca-nhan/lop-hoc/").content.decode()

    assert 'data-cohort-state="running"' in html and "Đang học" in html
    assert 'data-progress="on_track"' in html
    assert "Dự kiến" in html
