"""Anonymous visitors' public feeds come from the feed cache (portal.operations.feed_cache) before sessions, the
locale, CSRF, auth and the view: no query, the same bytes and validators; each answer still counted against the
feed rate limit, once; a change or a new day shows at once; the personal feed and logged-in visitors never."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from portal.operations import feed_cache
from tests.factories.clubs import make_club, make_news
from tests.factories.events import event_index, event_kind, make_event
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = ["all events", "a kind", "a club", "one event", "network news", "a club's news"]


@pytest.fixture(autouse=True)
def _empty_cache():
    from events.feeds import clear_local_feeds

    cache.clear()
    clear_local_feeds()
    feed_cache.clear_local()
    yield
    cache.clear()
    clear_local_feeds()
    feed_cache.clear_local()


@pytest.fixture
def feeds(site_tree, home):
    directory, _ = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp Tiên Phước")
    make_news(club, title="Phiên chợ nông sản Tiên Phước")
    event = make_event(
        event_index(home), title="Ngày hội khởi nghiệp Tiên Phước", club=club, kind=event_kind("ngay-hoi", "Ngày hội")
    )
    return {
        "all events": "/lich/tat-ca.ics",
        "a kind": "/lich/loai/ngay-hoi.ics",
        "a club": f"/lich/clb/{club.pk}.ics",
        "one event": f"/lich/su-kien/{event.uid}.ics",
        "network news": "/tin-tuc/rss/",
        "a club's news": club.url + "rss/",
        "a person": f"/lich/ca-nhan/{services.calendar_token_for(UserFactory()).token}.ics",
    }


def state(response):
    return response.get(feed_cache.HEADER)


@pytest.mark.parametrize("name", PUBLIC)
def test_the_second_get_of_a_public_feed_is_answered_without_a_query(client, feeds, name):
    first = client.get(feeds[name], REMOTE_ADDR="10.1.1.1")
    with CaptureQueriesContext(connection) as queries:
        second = client.get(feeds[name], REMOTE_ADDR="10.1.1.2")

    assert state(first) == "miss" and state(second) == "hit"
    assert len(queries) == 0
    assert second.status_code == 200 and second.content == first.content
    for header in ("Content-Type", "ETag", "Cache-Control", "Content-Language", "Vary", "X-Frame-Options"):
        assert second.get(header) == first.get(header), header
    assert not second.cookies


@pytest.mark.parametrize("name", PUBLIC)
def test_a_conditional_hit_is_a_304_without_a_query(client, feeds, name):
    first = client.get(feeds[name])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(feeds[name], HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304 and state(response) == "hit" and len(queries) == 0
    assert response["ETag"] == first["ETag"] and response.get("Cache-Control") == first.get("Cache-Control")
    other = client.get(feeds[name], HTTP_IF_NONE_MATCH='"khong-phai"')
    assert other.status_code == 200 and other.content == first.content


@pytest.mark.parametrize("name", PUBLIC)
def test_every_answer_is_counted_once_against_the_feed_limit(client, settings, feeds, name):
    settings.RATE_LIMITS = {"feed": (3, 60)}
    statuses = [(r.status_code, state(r)) for r in (client.get(feeds[name], REMOTE_ADDR="10.2.2.2") for _ in range(4))]

    assert statuses[:3] == [(200, "miss"), (200, "hit"), (200, "hit")]
    assert statuses[3][0] == 429  # over the limit: the stack's 429 page, counted once more
    assert cache.get("rl:feed:10.2.2.2") == 4
    assert client.get(feeds[name], REMOTE_ADDR="10.3.3.3").status_code == 200


def test_the_personal_feed_is_never_kept(client, feeds):
    client.get(feeds["a person"])
    again = client.get(feeds["a person"])
    assert again.status_code == 200 and state(again) is None
    assert again["Cache-Control"] == "private, no-store"


def test_a_logged_in_visitor_never_gets_a_kept_feed(client, feeds):
    client.get(feeds["all events"])
    assert state(client.get(feeds["all events"])) == "hit"
    client.force_login(UserFactory())
    assert state(client.get(feeds["all events"])) is None


@pytest.mark.parametrize("name", ["all events", "a kind", "a club", "one event"])
def test_a_published_change_shows_at_once(client, feeds, name):
    from events.models import EventPage

    first = client.get(feeds[name])
    assert state(client.get(feeds[name])) == "hit"
    event = EventPage.objects.get()
    event.title = "Ngày hội khởi nghiệp Tiên Phước (dời ngày)"
    event.save_revision().publish()

    again = client.get(feeds[name])
    assert state(again) == "miss" and again["ETag"] != first["ETag"]
    assert "dời ngày" in again.content.decode()


def test_news_published_shows_at_once_in_the_rss(client, feeds):
    client.get(feeds["network news"])
    assert state(client.get(feeds["network news"])) == "hit"
    from clubs.models import ClubPage

    make_news(ClubPage.objects.get(), title="Cuộc thi ý tưởng Tiên Phước")
    again = client.get(feeds["network news"])
    assert state(again) == "miss" and "Cuộc thi ý tưởng Tiên Phước" in again.content.decode()


def test_a_new_day_asks_the_view_again(client, feeds, clock):
    clock.at("17/12/2026 23:59")
    client.get(feeds["all events"])
    assert state(client.get(feeds["all events"])) == "hit"
    clock.at("18/12/2026 00:00")
    assert state(client.get(feeds["all events"])) == "miss"


def test_each_language_has_its_own_copy(client, feeds, settings):
    vietnamese = client.get(feeds["all events"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(feeds["all events"])
    assert state(english) == "miss" and english["Content-Language"] == "en"
    assert state(client.get(feeds["all events"])) == "hit"
    assert vietnamese["Content-Language"] == "vi"


def test_a_large_feed_is_kept_once_under_its_digest(client, feeds, settings, monkeypatch):
    monkeypatch.setattr(feed_cache, "INLINE_BYTES", 10)
    first = client.get(feeds["all events"])
    feed_cache.clear_local()  # another process: the body comes from the shared cache
    again = client.get(feeds["all events"])
    assert state(again) == "hit" and again.content == first.content
    with CaptureQueriesContext(connection) as queries:
        assert client.get(feeds["all events"]).content == first.content
    assert len(queries) == 0


def test_a_cache_that_fails_sends_the_request_down_the_stack(client, feeds, monkeypatch):
    client.get(feeds["all events"])

    def broken(*args, **kwargs):
        raise ConnectionError("Redis away")

    monkeypatch.setattr(feed_cache, "read_and_count", broken)
    response = client.get(feeds["all events"])
    assert response.status_code == 200 and state(response) is None  # the view answered, nothing kept


def test_without_the_page_cache_nothing_is_kept(client, feeds, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(feeds["all events"])
    assert state(client.get(feeds["all events"])) is None


# The one round trip to Redis -----------------------------------------------------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/9"


def _redis_up():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


@pytest.fixture
def redis_cache(settings):
    if not _redis_up():
        pytest.skip(f"needs Redis at {REDIS_URL}")
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.operations.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-feed-cache-{__import__('uuid').uuid4().hex}",
        }
    }
    yield cache
    client = cache._cache.get_client(write=True)
    if keys := client.keys(f"{settings.CACHES['default']['KEY_PREFIX']}:*"):
        client.delete(*keys)


def test_redis_gives_the_entries_and_the_count_in_one_pipeline(redis_cache):
    redis_cache.set("a", {"kept": 1})
    client = redis_cache._cache.get_client(write=True)
    sent = []
    pipeline_class = type(client.pipeline())
    original = pipeline_class.execute

    def execute(self, *args, **kwargs):
        sent.append([command[0][0] for command in self.command_stack])
        return original(self, *args, **kwargs)

    pipeline_class.execute = execute
    try:
        found, first = feed_cache.read_and_count(["a", "b"], "rl:feed:test", 60)
        _found, second = feed_cache.read_and_count(["a"], "rl:feed:test", 60)
    finally:
        pipeline_class.execute = original
    assert found == {"a": {"kept": 1}} and (first, second) == (1, 2)
    assert sent == [["MGET", "SET", "INCRBY"]] * 2  # one round trip each
    assert 0 < client.ttl(redis_cache.make_and_validate_key("rl:feed:test")) <= 60
    assert redis_cache.get("rl:feed:test") == 2  # the count ratelimit's own add/incr would read


def test_through_redis_a_hit_is_counted_and_makes_no_query(client, feeds, settings, redis_cache):
    settings.RATE_LIMITS = {"feed": (2, 60)}
    assert state(client.get(feeds["all events"], REMOTE_ADDR="10.4.4.4")) == "miss"
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(feeds["all events"], REMOTE_ADDR="10.4.4.4")
    assert state(hit) == "hit" and len(queries) == 0
    assert client.get(feeds["all events"], REMOTE_ADDR="10.4.4.4").status_code == 429
    assert redis_cache.get("rl:feed:10.4.4.4") == 3
