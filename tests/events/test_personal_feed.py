from datetime import timedelta

import pytest
from icalendar import Calendar

from events import feeds, services
from events.models import CalendarToken, EventPage
from portal.calendar import ical
from tests.factories.clubs import make_club, make_site_tree
from tests.factories.events import make_event, registration_data, study_tour_kind
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


def feed_url(user):
    return f"/lich/ca-nhan/{services.calendar_token_for(user).token}.ics"


def summaries(response):
    return sorted(str(v["SUMMARY"]) for v in Calendar.from_ical(response.content).walk("VEVENT"))


@pytest.fixture
def club(home):
    directory, _ = make_site_tree(home)
    return make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")


def club_event(events_index, club, **fields):
    event = make_event(events_index, **fields)
    EventPage.objects.filter(pk=event.pk).update(club=club, organiser="club")
    return event


def test_token_is_long_random_and_unique_per_user():
    a, b = services.calendar_token_for(UserFactory()), services.calendar_token_for(UserFactory())

    assert len(a.token) >= 43 and a.token != b.token


def test_personal_feed_carries_registered_and_followed_club_events_only(client, events_index, club):
    me = UserFactory(email="toi@example.vn")
    registered = make_event(events_index, title="Hội nghị tôi đã đăng ký")
    services.register(registered, **registration_data(email="toi@example.vn"))
    club_event(events_index, club, title="Cà phê khởi nghiệp của CLB tôi theo dõi")
    make_event(events_index, title="Sự kiện không liên quan")
    other = make_event(events_index, title="Sự kiện người khác đăng ký")
    services.register(other, **registration_data(email="khac@example.vn", full_name="Người Khác"))
    services.follow_club(me, club)

    response = client.get(feed_url(me))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert summaries(response) == ["Cà phê khởi nghiệp của CLB tôi theo dõi", "Hội nghị tôi đã đăng ký"]
    assert "Người Khác" not in response.content.decode() and "khac@example.vn" not in response.content.decode()


def test_registered_event_of_a_followed_club_appears_once(client, events_index, club):
    me = UserFactory(email="toi@example.vn")
    event = club_event(events_index, club, title="Hội thảo của CLB")
    services.register(event, **registration_data(email="toi@example.vn"))
    services.follow_club(me, club)

    assert summaries(client.get(feed_url(me))) == ["Hội thảo của CLB"]


def test_waitlisted_event_shows_as_tentative(client, events_index):
    me = UserFactory(email="toi@example.vn")
    event = make_event(events_index, title="Hội thảo đông người", capacity=1)
    services.register(event, **registration_data(email="truoc@example.vn"))
    services.register(event, **registration_data(email="toi@example.vn"))

    [vevent] = Calendar.from_ical(client.get(feed_url(me)).content).walk("VEVENT")

    assert str(vevent["STATUS"]) == "TENTATIVE"
    assert str(vevent["SUMMARY"]) == "[Danh sách chờ] Hội thảo đông người"


def test_reschedule_updates_the_same_entry_and_cancel_marks_it(client, events_index):
    me = UserFactory(email="toi@example.vn")
    event = make_event(events_index, title="Hội nghị")
    services.register(event, **registration_data(email="toi@example.vn"))
    [before] = Calendar.from_ical(client.get(feed_url(me)).content).walk("VEVENT")

    services.reschedule_event(event, start=event.start + timedelta(days=2), end=event.end + timedelta(days=2))
    [moved] = Calendar.from_ical(client.get(feed_url(me)).content).walk("VEVENT")
    services.cancel_event(event)
    [cancelled] = Calendar.from_ical(client.get(feed_url(me)).content).walk("VEVENT")

    assert str(moved["UID"]) == str(before["UID"]) == str(cancelled["UID"])
    assert (before["SEQUENCE"], moved["SEQUENCE"], cancelled["SEQUENCE"]) == (0, 1, 2)
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_own_cancellation_keeps_the_entry_as_cancelled_with_a_higher_sequence(client, events_index):
    me = UserFactory(email="toi@example.vn")
    event = make_event(events_index, title="Hội thảo")
    registration = services.register(event, **registration_data(email="toi@example.vn"))
    [before] = Calendar.from_ical(client.get(feed_url(me)).content).walk("VEVENT")

    services.cancel_registration(registration)
    [after] = Calendar.from_ical(client.get(feed_url(me)).content).walk("VEVENT")

    assert str(after["UID"]) == str(before["UID"])
    assert str(after["STATUS"]) == "CANCELLED"
    assert str(after["SUMMARY"]) == "[Đã hủy đăng ký] Hội thảo"
    assert after["SEQUENCE"] > before["SEQUENCE"]


def test_registering_again_after_cancelling_confirms_with_a_still_higher_sequence(client, events_index):
    me = UserFactory(email="toi@example.vn")
    event = make_event(events_index, title="Hội thảo")
    registration = services.register(event, **registration_data(email="toi@example.vn"))
    services.cancel_registration(registration)
    [cancelled] = Calendar.from_ical(client.get(feed_url(me)).content).walk("VEVENT")

    services.register(event, **registration_data(email="toi@example.vn"))
    [again] = Calendar.from_ical(client.get(feed_url(me)).content).walk("VEVENT")

    assert str(again["STATUS"]) == "CONFIRMED" and str(again["SUMMARY"]) == "Hội thảo"
    assert again["SEQUENCE"] > cancelled["SEQUENCE"]


def test_promotion_from_the_waiting_list_raises_sequence(client, events_index):
    me = UserFactory(email="toi@example.vn")
    event = make_event(events_index, title="Hội thảo đông người", capacity=1)
    first = services.register(event, **registration_data(email="truoc@example.vn"))
    services.register(event, **registration_data(email="toi@example.vn"))
    [waiting] = Calendar.from_ical(client.get(feed_url(me)).content).walk("VEVENT")

    services.cancel_registration(first)
    [promoted] = Calendar.from_ical(client.get(feed_url(me)).content).walk("VEVENT")

    assert (str(waiting["STATUS"]), str(promoted["STATUS"])) == ("TENTATIVE", "CONFIRMED")
    assert promoted["SEQUENCE"] > waiting["SEQUENCE"]


def test_wrong_token_is_404(client):
    services.calendar_token_for(UserFactory())

    assert client.get("/lich/ca-nhan/khong-dung-ma-nay.ics").status_code == 404
    assert client.get("/lich/ca-nhan/.ics").status_code == 404


def test_reset_revokes_the_old_url(client, events_index):
    me = UserFactory()
    old_url = feed_url(me)
    client.force_login(me)

    response = client.post("/ca-nhan/lich/doi-duong-dan/")

    assert response.status_code == 302
    assert client.get(old_url).status_code == 404
    new_token = CalendarToken.objects.get(user=me).token
    assert client.get(f"/lich/ca-nhan/{new_token}.ics").status_code == 200
    assert f"/lich/ca-nhan/{new_token}.ics" in client.get("/ca-nhan/lich/").content.decode()


def test_feed_of_a_deactivated_account_is_404(client):
    me = UserFactory()
    url = feed_url(me)
    me.is_active = False
    me.save()

    assert client.get(url).status_code == 404


def test_personal_feed_answers_304_when_unchanged(client, events_index):
    me = UserFactory(email="toi@example.vn")
    services.register(make_event(events_index), **registration_data(email="toi@example.vn"))
    first = client.get(feed_url(me))

    assert client.get(feed_url(me), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert first["Cache-Control"].startswith("private")


def test_providers_list_is_extensible_for_cohort_sessions(client, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    me = UserFactory()
    session = ical.CalendarEntry(
        uid="buoi-hoc-1@khoinghiep.quangnam.gov.vn", summary="Buổi học 1: Tư duy khởi nghiệp", sequence=3,
        start=datetime(2026, 12, 1, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        end=datetime(2026, 12, 1, 11, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    providers = [*feeds.PERSONAL_FEED_PROVIDERS, "tests.events.fake_sessions"]
    monkeypatch.setattr(feeds, "PERSONAL_FEED_PROVIDERS", providers)
    monkeypatch.setattr("tests.events.fake_sessions", lambda user: [session] if user == me else [], raising=False)

    [vevent] = Calendar.from_ical(client.get(feed_url(me)).content).walk("VEVENT")

    assert str(vevent["UID"]) == "buoi-hoc-1@khoinghiep.quangnam.gov.vn" and vevent["SEQUENCE"] == 3


def test_follow_button_on_club_page_toggles_and_asks_anonymous_to_log_in(client, club):
    me = UserFactory()
    assert "Theo dõi câu lạc bộ" in client.get(club.url).content.decode()
    anonymous = client.post(f"/theo-doi/{club.pk}/")
    assert anonymous.status_code == 302 and "/tai-khoan/dang-nhap/" in anonymous["Location"]

    client.force_login(me)
    client.post(f"/theo-doi/{club.pk}/", {"next": club.url})
    assert me.club_follows.filter(club=club).exists()
    assert "Bỏ theo dõi câu lạc bộ" in client.get(club.url).content.decode()
    response = client.post(f"/theo-doi/{club.pk}/", {"next": "https://evil.example/"})
    assert response["Location"] == club.url
    assert not me.club_follows.exists()


def test_club_page_lists_the_clubs_upcoming_events(client, events_index, club):
    club_event(events_index, club, title="Cà phê khởi nghiệp tháng 12")

    assert "Cà phê khởi nghiệp tháng 12" in client.get(club.url).content.decode()


def test_delegate_files_a_study_tour_report_after_the_tour(client, events_index):
    from django.utils import timezone

    tour = make_event(events_index, title="Đoàn khảo sát Đà Nẵng", kind=study_tour_kind(),
                      start=timezone.now() - timedelta(days=5))
    services.nominate_delegate(tour, full_name="Võ Thị Yến", email="yen@example.vn")
    stranger = UserFactory(email="la@example.vn")
    client.force_login(stranger)
    assert client.get(f"{tour.url}bao-cao/").status_code == 404

    client.force_login(UserFactory(email="yen@example.vn"))
    response = client.post(f"{tour.url}bao-cao/", {"lessons": "Mô hình không gian khởi nghiệp của thành phố."})

    assert response.status_code == 302
    assert tour.tour_reports.get().lessons == "Mô hình không gian khởi nghiệp của thành phố."
    assert services.missing_reports(tour) == []


def test_nominator_sends_delegates_of_their_agency_only(client, events_index):
    from tests.factories.portal import AgencyFactory, nominator

    tour = make_event(events_index, title="Đoàn khảo sát Thừa Thiên Huế", kind=study_tour_kind(), delegates_only=True)
    mine, theirs = AgencyFactory(name="UBND thành phố Tam Kỳ"), AgencyFactory(name="UBND thị xã Điện Bàn")
    services.nominate_delegate(tour, full_name="Người Điện Bàn", email="db@example.vn", agency=theirs)
    client.force_login(nominator(mine))

    page = client.get("/doan-cong-tac/").content.decode()
    response = client.post(
        f"/doan-cong-tac/{tour.pk}/", {"full_name": "Lê Thị Hoa", "email": "hoa@example.vn", "consent": "on"}
    )

    assert "Đoàn khảo sát Thừa Thiên Huế" in page and "Người Điện Bàn" not in page
    assert response.status_code == 302
    assert tour.delegates.get(email="hoa@example.vn").agency == mine
    assert "Người Điện Bàn" not in client.get("/doan-cong-tac/").content.decode()
    client.force_login(UserFactory())
    assert client.get("/doan-cong-tac/").status_code == 404


def test_trainee_feed_carries_cohort_sessions_updated_in_place(client):
    import datetime

    from tests.factories.portal import board_user
    from tests.factories.training_cohorts import CohortFactory, add_sessions, enrol

    cohort = CohortFactory(name="Lớp ToT khóa 1")
    (session,) = add_sessions(cohort, 1, topic="Mô hình Canvas")
    (enrolment,) = enrol(cohort, 1, board_user())
    url = feed_url(enrolment.user)
    [before] = Calendar.from_ical(client.get(url).content).walk("VEVENT")

    session.starts_at, session.ends_at = datetime.time(13, 30), datetime.time(16, 30)
    session.save()
    [after] = Calendar.from_ical(client.get(url).content).walk("VEVENT")

    assert str(before["SUMMARY"]) == "Lớp ToT khóa 1: Mô hình Canvas"
    assert str(after["UID"]) == str(before["UID"]) and after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART").hour == 13
