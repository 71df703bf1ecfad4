"""What cannot be undone is confirmed on a page first: GET says what will happen and changes nothing, POST does it."""

import pytest
from django.urls import reverse

from events import services
from events.enums import RegistrationStatus
from events.models import CalendarToken
from tests.factories.events import cancel_on_the_confirmation_page, make_event, registration_data
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


def cancel_url(registration):
    return reverse("events:cancel_registration", args=[registration.token])


def test_the_registration_page_links_to_a_confirmation_that_says_the_place_passes_on(client, events_index):
    event = make_event(events_index, capacity=1)
    mine = services.register(event, **registration_data(1))
    waiting = services.register(event, **registration_data(2))

    detail = client.get(reverse("events:registration", args=[mine.token])).content.decode()
    assert cancel_url(mine) in detail
    assert 'method="post"' not in detail  # the detail page alone cannot cancel

    page = client.get(cancel_url(mine)).content.decode()
    assert "người tiếp theo trong danh sách chờ" in page
    assert "không thể hoàn tác" in page
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CONFIRMED

    response = cancel_on_the_confirmation_page(client, mine)

    assert response.status_code == 302
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_a_crafted_post_cancels_nothing_without_the_confirmation_page(client, events_index, clock):
    clock.at("01/03/2026 09:00")
    event = make_event(events_index, capacity=5)
    mine = services.register(event, **registration_data(1))
    other = services.register(event, **registration_data(2))
    detail = reverse("events:registration", args=[mine.token])
    page = client.get(cancel_url(other)).content.decode()
    others_value = page.split('name="confirmation" value="', 1)[1].split('"', 1)[0]
    mine_page = client.get(cancel_url(mine)).content.decode()
    mine_value = mine_page.split('name="confirmation" value="', 1)[1].split('"', 1)[0]

    crafted = [
        (detail, {}),  # the old form's target: straight to the registration page
        (detail, {"confirmation": mine_value}),
        (cancel_url(mine), {}),
        (cancel_url(mine), {"confirmation": "1"}),
        (cancel_url(mine), {"confirmation": others_value}),  # another registration's page
    ]
    for url, data in crafted:
        response = client.post(url, data, follow=True)
        assert response.redirect_chain[-1][0] == cancel_url(mine), url
        mine.refresh_from_db()
        assert mine.status == RegistrationStatus.CONFIRMED, (url, data)
    assert "đăng ký chưa bị hủy" in response.content.decode()

    clock.at("01/03/2026 11:01")  # the page was read more than two hours ago: read it again
    client.post(cancel_url(mine), {"confirmation": mine_value})
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CONFIRMED

    cancel_on_the_confirmation_page(client, mine)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)


def test_the_confirmation_says_a_place_frees_or_the_waiting_list_is_left(client, events_index):
    event = make_event(events_index, capacity=1)
    confirmed = services.register(event, **registration_data(1))
    assert "Chỗ của bạn được trả lại" in client.get(cancel_url(confirmed)).content.decode()
    waiting = services.register(event, **registration_data(2))
    assert "rời danh sách chờ" in client.get(cancel_url(waiting)).content.decode()


def test_a_registration_that_cannot_be_cancelled_gets_no_confirmation_page(client, events_index):
    event = make_event(events_index)
    registration = services.register(event, **registration_data(1))
    services.cancel_registration(registration)

    response = client.get(cancel_url(registration), follow=True)

    assert response.redirect_chain[-1][0] == reverse("events:registration", args=[registration.token])
    assert "Không thể hủy đăng ký này" in response.content.decode()
    assert client.get(reverse("events:cancel_registration", args=["khong-ton-tai"])).status_code == 404


def test_resetting_the_calendar_link_asks_first_and_get_changes_nothing(client):
    me = UserFactory()
    token = services.calendar_token_for(me).token
    client.force_login(me)

    assert reverse("events:reset_calendar") in client.get(reverse("events:my_calendar")).content.decode()
    page = client.get(reverse("events:reset_calendar"))

    assert page.status_code == 200
    assert "sẽ không nhận được cập nhật nữa" in page.content.decode()
    assert CalendarToken.objects.get(user=me).token == token

    assert client.post(reverse("events:reset_calendar")).status_code == 302
    assert CalendarToken.objects.get(user=me).token != token


def test_the_reset_confirmation_needs_a_log_in(client):
    response = client.get(reverse("events:reset_calendar"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
