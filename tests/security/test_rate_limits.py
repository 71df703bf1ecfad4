"""Feeds (RSS and iCalendar) and certificate verification are rate-limited per client address, with one module
(portal.security.ratelimit): 429 with Retry-After once over, other addresses unaffected."""

import pytest

from tests.factories.clubs import make_club, make_news
from tests.factories.events import event_index, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def feeds(site_tree, home):
    directory, _ = site_tree
    club = make_club(directory)
    make_news(club)
    event = make_event(event_index(home), club=club)
    return {
        "network rss": "/tin-tuc/rss/",
        "club rss": club.url + "rss/",
        "all events": "/lich/tat-ca.ics",
        "kind": f"/lich/loai/{event.kind.slug}.ics",
        "club calendar": f"/lich/clb/{club.pk}.ics",
        "one event": f"/lich/su-kien/{event.uid}.ics",
    }


@pytest.mark.parametrize(
    "name", ["network rss", "club rss", "all events", "kind", "club calendar", "one event"]
)
def test_every_feed_is_rate_limited_per_address(client, settings, feeds, name):
    settings.RATE_LIMITS = {"feed": (3, 60)}
    url = feeds[name]
    assert [client.get(url, REMOTE_ADDR="10.5.5.5").status_code for _ in range(3)] == [200] * 3
    refused = client.get(url, REMOTE_ADDR="10.5.5.5")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Quá nhiều yêu cầu" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="10.6.6.6").status_code == 200


def test_the_personal_feed_is_rate_limited_too(client, settings):
    settings.RATE_LIMITS = {"feed": (2, 60)}
    statuses = [client.get("/lich/ca-nhan/khong-dung-token.ics", REMOTE_ADDR="10.7.7.7").status_code for _ in range(3)]
    assert statuses == [404, 404, 429]  # guessing tokens costs the same budget


def test_limits_are_counted_separately(client, settings, feeds):
    settings.RATE_LIMITS = {"feed": (1, 60), "verify": (1, 600)}
    assert client.get(feeds["all events"], REMOTE_ADDR="10.8.8.8").status_code == 200
    assert client.get("/tot/xac-minh/", {"code": "SAI"}, REMOTE_ADDR="10.8.8.8").status_code == 404  # unknown
    assert client.get("/tot/xac-minh/", {"code": "SAI"}, REMOTE_ADDR="10.8.8.8").status_code == 429


def test_behind_the_proxy_the_visitors_address_counts(client, settings, feeds):
    settings.RATE_LIMITS = {"feed": (1, 60)}
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client.get(feeds["all events"], HTTP_X_REAL_IP="203.0.113.1").status_code == 200
    assert client.get(feeds["all events"], HTTP_X_REAL_IP="203.0.113.2").status_code == 200
    assert client.get(feeds["all events"], HTTP_X_REAL_IP="203.0.113.1").status_code == 429


def test_password_reset_emails_are_rate_limited_per_address(client, settings):
    from django.core import mail

    from tests.factories.portal import UserFactory

    settings.RATE_LIMITS = {"password_reset": (2, 3600)}
    user = UserFactory(email="can.bo@example.vn")
    assert client.get("/admin/password_reset/", REMOTE_ADDR="10.9.1.1").status_code == 200
    statuses = [
        client.post("/admin/password_reset/", {"email": user.email}, REMOTE_ADDR="10.9.1.1").status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2
    assert client.get("/admin/password_reset/", REMOTE_ADDR="10.9.1.1").status_code == 200  # the form stays


def test_event_registrations_from_one_address_are_rate_limited(
    client, settings, home, mailoutbox, django_capture_on_commit_callbacks
):
    from events.models import Registration
    from tests.factories.events import registration_data

    settings.RATE_LIMITS = {"register": (2, 600)}
    event = make_event(event_index(home), capacity=50)
    url = event.url + "dang-ky/"

    def post(number, address):
        data = registration_data(email=f"nguoi{number}@example.vn")
        with django_capture_on_commit_callbacks(execute=True):  # the confirmation is a task enqueued on commit
            return client.post(url, {**data, "consent": "on"}, REMOTE_ADDR=address)

    assert [post(n, "10.9.9.9").status_code for n in range(2)] == [302, 302]
    refused = post(3, "10.9.9.9")

    assert refused.status_code == 429 and "Quá nhiều yêu cầu" in refused.content.decode()
    assert Registration.objects.filter(event=event).count() == 2 and len(mailoutbox) == 2
    assert client.get(event.url, REMOTE_ADDR="10.9.9.9").status_code == 200  # reading the page is not counted
    assert post(4, "10.10.10.10").status_code == 302


def test_the_429_page_is_the_portals_designed_vietnamese_page(client, settings, feeds):
    settings.RATE_LIMITS = {"feed": (1, 600), "suggest": (1, 60)}
    client.get(feeds["all events"], REMOTE_ADDR="10.4.4.4")
    refused = client.get(feeds["all events"], REMOTE_ADDR="10.4.4.4")

    assert refused.status_code == 429 and refused["Retry-After"] == "600"
    assert refused["Content-Type"].startswith("text/html")
    html = refused.content.decode()
    assert "<h1>Quá nhiều yêu cầu từ địa chỉ của bạn</h1>" in html
    assert "thử lại sau khoảng 10 phút" in html
    assert '<header class="site-header"' in html  # the portal's own frame, like the 403
    assert 'lang="vi"' in html

    client.get("/tim-kiem/goi-y/", {"q": "tam"}, REMOTE_ADDR="10.4.4.5")
    suggest = client.get("/tim-kiem/goi-y/", {"q": "tam"}, REMOTE_ADDR="10.4.4.5")
    assert suggest.status_code == 429 and suggest["Retry-After"] == "60"
    assert "thử lại sau khoảng 1 phút" in suggest.content.decode()
