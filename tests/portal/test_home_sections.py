"""The home page's sections come from the cache under the page cache's generation (portal.pages.home): for every
visitor, logged-in ones included, and never older than the data or the clock allows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.events import event_index, make_event
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uncached_pages(settings):
    settings.PAGE_CACHE_SECONDS = 0  # what the sections cost, not the whole-page cache
    settings.SECTION_CACHE_SECONDS = 300


def queries(client, url="/"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_sections_are_read_from_the_cache_until_a_write_and_the_write_shows_at_once(client, home, settings):
    index = event_index(home)
    client.get("/")  # the site's settings row is made by the first request
    client.get("/")
    cached, _ = queries(client)
    settings.SECTION_CACHE_SECONDS = 0
    computed, _ = queries(client)
    settings.SECTION_CACHE_SECONDS = 300

    make_event(index, title="Hội nghị mạng lưới vừa công bố")
    _, html = queries(client)

    assert cached <= computed - 5  # club kinds, news, events, their index, the ToT round
    assert "Hội nghị mạng lưới vừa công bố" in html


def test_a_logged_in_visitor_gets_the_cached_sections_too(client, home):
    make_event(event_index(home), title="Hội thảo chuyển đổi số")
    client.force_login(UserFactory())
    client.get("/")
    computed, _ = queries(client)  # a session, so never the whole-page cache

    assert "Hội thảo chuyển đổi số" in queries(client)[1]
    assert queries(client)[0] <= computed


def test_an_event_leaves_the_home_page_when_it_is_over_without_any_write(client, home, clock):
    start = clock.at("17/12/2026 08:00")
    make_event(event_index(home), title="Ngày hội khởi nghiệp", start=start, hours=8)
    assert "Ngày hội khởi nghiệp" in client.get("/").content.decode()
    assert "Đang diễn ra" in client.get("/").content.decode()  # its badge, at its start

    clock.at("17/12/2026 16:00")

    assert "Ngày hội khởi nghiệp" not in client.get("/").content.decode()


def test_a_badge_turns_to_under_way_at_the_start_without_any_write(client, home, clock):
    now = clock.at("17/12/2026 07:59")
    make_event(event_index(home), title="Ngày hội khởi nghiệp", start=now.replace(hour=8, minute=0))
    assert "Đang diễn ra" not in client.get("/").content.decode()

    clock.at("17/12/2026 08:00")

    assert "Đang diễn ra" in client.get("/").content.decode()
