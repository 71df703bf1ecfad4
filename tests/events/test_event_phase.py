"""An event is labelled from its times against the clock, never from the organiser's "scheduled" status: an event
ending at 16:00 is under way at 15:59 and over at 16:00 (before, the attendance and certificate screens said
"Sắp diễn ra theo lịch" of events long past, and the list kept an event among the upcoming at its end minute).
All-day events run to the end of their last day and never show a time."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from tests.factories.events import make_event, registration_data
from tests.factories.portal import UserFactory, board_user

pytestmark = pytest.mark.django_db


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute))


def at(moment):
    """Django's clock frozen at `moment` (the pattern of tests/clubs/test_editor_workflow.py)."""
    return mock.patch.object(timezone, "now", return_value=moment)


@pytest.fixture
def day():
    return timezone.localdate() + timedelta(days=3)  # within a session's life: the log-ins stay valid


@pytest.fixture
def afternoon_event(events_index, day, settings):
    settings.PAGE_CACHE_SECONDS = 0  # stored pages would lag by up to PAGE_CACHE_SECONDS; this is the rule itself
    return make_event(events_index, title="Tọa đàm chuyển đổi số", start=local(day, 14), end=local(day, 16))


def phase_on_page(client, event):
    body = client.get(event.url).content.decode()
    return re.search(r'<dd class="event-phase">([^<]*)</dd>', body).group(1)


def test_the_event_page_says_upcoming_ongoing_then_past_at_the_boundary_minutes(client, afternoon_event, day):
    for moment, label in [
        (local(day, 13, 59), "Sắp diễn ra"),
        (local(day, 14), "Đang diễn ra"),
        (local(day, 15, 59), "Đang diễn ra"),
        (local(day, 16), "Đã diễn ra"),
    ]:
        with at(moment):
            assert phase_on_page(client, afternoon_event) == label, moment


def test_the_list_moves_the_event_to_the_past_at_its_end_minute(client, afternoon_event, day):
    with at(local(day, 15, 59)):
        upcoming = client.get("/su-kien/").content.decode()
    with at(local(day, 16)):
        upcoming_after = client.get("/su-kien/").content.decode()
        past = client.get("/su-kien/?when=past").content.decode()

    assert "Tọa đàm chuyển đổi số" in upcoming and '<span class="badge badge--ongoing">Đang diễn ra</span>' in upcoming
    assert "Tọa đàm chuyển đổi số" not in upcoming_after
    assert "Tọa đàm chuyển đổi số" in past and '<span class="badge badge--past">Đã diễn ra</span>' in past


@pytest.mark.parametrize("url", ["/admin/su-kien/diem-danh/", "/admin/su-kien/giay-chung-nhan/"])
def test_board_screens_never_call_a_past_event_upcoming(client, afternoon_event, day, url):
    client.force_login(board_user())

    with at(local(day, 15, 59)):
        during = client.get(url).content.decode()
    with at(local(day, 16)):
        after = client.get(url).content.decode()

    assert "Đang diễn ra" in during
    assert "Đã diễn ra" in after
    assert "Sắp diễn ra" not in during + after


def test_my_events_marks_a_past_event(client, afternoon_event, day):
    from events import services

    user = UserFactory()
    services.register(afternoon_event, user=user, **registration_data(email=user.email))
    client.force_login(user)

    with at(local(day, 16)):
        body = client.get("/ca-nhan/su-kien/").content.decode()

    assert '<span class="badge badge--past">Đã diễn ra</span>' in body


@pytest.fixture
def festival(events_index, day, settings):
    """A two-day festival entered as editors do: dates only, times left at midnight."""
    settings.PAGE_CACHE_SECONDS = 0
    return make_event(
        events_index, title="Ngày hội khởi nghiệp sáng tạo", start=local(day, 0), end=local(day + timedelta(days=1), 0),
        all_day=True,
    )


def test_an_all_day_event_runs_to_the_end_of_its_last_day(client, festival, day):
    last_day = day + timedelta(days=1)

    assert festival.phase(local(day, 0) - timedelta(minutes=1)) == "upcoming"
    assert festival.phase(local(last_day, 0)) == "ongoing"  # its end says 00:00; the day itself is not over
    assert festival.phase(local(last_day, 23, 59)) == "ongoing"
    assert festival.phase(local(last_day + timedelta(days=1), 0)) == "past"
    with at(local(last_day, 12)):
        assert "Ngày hội khởi nghiệp sáng tạo" in client.get("/su-kien/").content.decode()
        assert phase_on_page(client, festival) == "Đang diễn ra"
    with at(local(last_day + timedelta(days=1), 0)):
        assert "Ngày hội khởi nghiệp sáng tạo" not in client.get("/su-kien/").content.decode()
        assert phase_on_page(client, festival) == "Đã diễn ra"


def test_an_all_day_event_shows_dates_and_never_00_00(client, festival, day):
    from events import services

    user = UserFactory()
    registration = services.register(festival, user=user, **registration_data(email=user.email))
    client.force_login(user)
    dates = f"{day:%d/%m/%Y} – {day + timedelta(days=1):%d/%m/%Y} (cả ngày)"

    for url in ["/su-kien/", festival.url, "/ca-nhan/su-kien/", f"/dang-ky/{registration.token}/", "/"]:
        body = client.get(url).content.decode()
        assert dates in body, url
        assert "00:00" not in body, url
    client.force_login(board_user())
    with at(local(day, 12)):
        for url in ["/admin/su-kien/diem-danh/", "/admin/su-kien/giay-chung-nhan/", "/admin/"]:
            body = client.get(url).content.decode()
            assert "Ngày hội khởi nghiệp sáng tạo" in body, url
            assert "00:00" not in body, url
