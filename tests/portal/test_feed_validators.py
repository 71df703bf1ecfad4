"""A conditional GET of any feed (iCalendar or RSS) is answered 304 from the cache before any view runs: no feed
built, no query (portal.operations.feed_validators). A change, or a new day, and the view answers again."""

import pytest
from django.core.cache import cache

from events import services
from tests.factories.clubs import make_club, make_news, make_site_tree
from tests.factories.events import event_kind, make_event
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    from events.feeds import clear_local_feeds

    cache.clear()
    clear_local_feeds()
    yield
    cache.clear()
    clear_local_feeds()


@pytest.fixture
def feeds(home):
    from tests.factories.events import event_index

    directory, news_index = make_site_tree(home)
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    make_news(club, title="Ngày hội khởi nghiệp Tam Kỳ")
    event = make_event(event_index(home), title="Hội thảo chuyển đổi số", kind=event_kind("hoi-thao", "Hội thảo"))
    me = UserFactory()
    return {
        "all events": "/lich/tat-ca.ics",
        "a kind": "/lich/loai/hoi-thao.ics",
        "a club": f"/lich/clb/{club.pk}.ics",
        "one event": f"/lich/su-kien/{event.uid}.ics",
        "a person": f"/lich/ca-nhan/{services.calendar_token_for(me).token}.ics",
        "network news": "/tin-tuc/rss/",
        "a club's news": club.url + "rss/",
    }


NAMES = ["all events", "a kind", "a club", "one event", "a person", "network news", "a club's news"]


@pytest.mark.parametrize("name", NAMES)
def test_a_conditional_get_of_any_feed_is_a_304_without_a_query(client, feeds, name, django_assert_num_queries):
    first = client.get(feeds[name])
    assert first.status_code == 200 and first["ETag"]

    with django_assert_num_queries(0):
        by_etag = client.get(feeds[name], HTTP_IF_NONE_MATCH=first["ETag"])
        head = client.head(feeds[name], HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == head.status_code == 304
    assert by_etag["ETag"] == first["ETag"] and by_etag.get("Cache-Control") == first.get("Cache-Control")
    if first.has_header("Last-Modified"):
        with django_assert_num_queries(0):
            by_date = client.get(feeds[name], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert by_date.status_code == 304


@pytest.mark.parametrize("name", NAMES)
def test_after_any_change_the_view_answers_again(client, feeds, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.models import EventPage

    first = client.get(feeds[name])
    event = EventPage.objects.get()
    event.title = "Hội thảo chuyển đổi số (đổi giờ)"
    event.save_revision().publish()

    with CaptureQueriesContext(connection) as queries:
        again = client.get(feeds[name], HTTP_IF_NONE_MATCH=first["ETag"])
    assert len(queries) > 0  # the view answered, not the validators kept before the change
    if name in ("all events", "a kind", "a club", "one event"):  # public calendars: their version changed
        assert again.status_code == 200 and again["ETag"] != first["ETag"]
    stale = client.get(feeds[name], HTTP_IF_NONE_MATCH='"khong-phai"')
    assert stale.status_code == 200  # another copy's validators: the feed itself


def test_a_new_day_asks_the_view_again(client, feeds, clock, django_assert_max_num_queries):
    clock.at("17/12/2026 23:59")
    first = client.get(feeds["all events"])
    with django_assert_max_num_queries(0):
        assert client.get(feeds["all events"], HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    clock.at("18/12/2026 00:00")
    assert client.get(feeds["all events"], HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_feed_is_never_answered_from_anothers_validators(client, feeds):
    etags = {name: client.get(feeds[name])["ETag"] for name in NAMES}
    assert len(set(etags.values())) == len(NAMES)
    for name in NAMES:
        other = etags["all events" if name != "all events" else "a kind"]
        assert client.get(feeds[name], HTTP_IF_NONE_MATCH=other).status_code == 200, name


def test_without_the_page_cache_the_view_answers_every_time(client, feeds, settings):
    """No shared cache to trust (PAGE_CACHE_SECONDS = 0, as production without Redis): the view's own 304."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0
    first = client.get(feeds["all events"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(feeds["all events"], HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304 and len(queries) > 0
