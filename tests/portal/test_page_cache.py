"""Anonymous visitors' public pages come from the cache (portal.operations.page_cache), and every change shows at
once."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clubs.models import ClubKind
from portal.operations import page_cache
from tests.factories.clubs import make_club, make_private
from tests.factories.events import event_index, make_event
from tests.factories.portal import UserFactory, nominator

pytestmark = pytest.mark.django_db


def cache_state(response):
    return response.get(page_cache.HEADER)


@pytest.fixture(autouse=True)
def site_settings_row(client, home):
    """The site's settings row is created by the first request (a write, which drops what that request stores)."""
    client.get("/")
    client.cookies.clear()


@pytest.fixture
def club(site_tree):
    directory, _ = site_tree
    return make_club(directory, title="CLB Khởi nghiệp Núi Thành", summary="Kết nối thanh niên Núi Thành")


def test_an_anonymous_visitor_gets_the_second_request_from_the_cache_without_a_query(client, club):
    first = client.get(club.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(club.url)

    assert cache_state(first) == "miss" and cache_state(second) == "hit"
    assert second.content == first.content
    assert len(queries) == 0
    assert "Set-Cookie" not in second.headers and not second.cookies


def test_news_lists_are_cached_too(client, club):
    for url in ("/tin-tuc/", club.url + "tin-tuc/"):
        client.get(url)
        assert cache_state(client.get(url)) == "hit", url


def test_rate_limited_feeds_are_never_cached(client, club):
    """Every request must reach the feed's per-address count (portal.security.ratelimit)."""
    for url in ("/tin-tuc/rss/", club.url + "rss/"):
        client.get(url)
        assert cache_state(client.get(url)) is None, url


def test_a_published_change_shows_at_once(client, club):
    assert "CLB Khởi nghiệp Núi Thành" in client.get(club.url).content.decode()
    assert cache_state(client.get(club.url)) == "hit"

    club.title = "CLB Khởi nghiệp huyện Núi Thành"
    club.save_revision().publish()

    response = client.get(club.url)
    assert cache_state(response) == "miss"
    assert "CLB Khởi nghiệp huyện Núi Thành" in response.content.decode()
    assert "CLB Khởi nghiệp huyện Núi Thành" in client.get("/cau-lac-bo/").content.decode()


def test_an_unpublished_page_is_gone_at_once(client, club):
    client.get(club.url)
    club.unpublish()

    assert client.get(club.url).status_code == 404


def test_a_reference_data_edit_shows_at_once_on_the_home_page(client, club):
    assert cache_state(client.get("/")) == "miss"
    kind = ClubKind.objects.get(pk=club.kind_id)
    kind.plural_name = "Câu lạc bộ cấp huyện đổi tên"
    kind.save()

    assert "Câu lạc bộ cấp huyện đổi tên" in client.get("/").content.decode()


def test_writes_no_page_shows_leave_the_cache_alone(client, club):
    client.get(club.url)
    SessionStore().create()  # another visitor logs in somewhere: a session row is written

    assert cache_state(client.get(club.url)) == "hit"


def test_logged_in_visitors_never_get_or_fill_the_cache(client, club):
    client.get(club.url)
    user = UserFactory(first_name="Hạnh", last_name="Trần")
    client.force_login(user)

    response = client.get(club.url)
    assert cache_state(response) is None
    assert "Đăng xuất" in response.content.decode()

    client.logout()  # the visitor has no session now, as before
    for _ in range(2):
        assert "Đăng xuất" not in client.get("/").content.decode()
    client.force_login(user)
    client.get("/")
    client.logout()
    assert "Đăng xuất" not in client.get("/").content.decode()


@pytest.mark.parametrize("restriction", ["login", "password"])
def test_a_private_page_is_never_cached(client, club, restriction):
    make_private(club, restriction, password="mat-khau-cua-clb")

    first, second = client.get(club.url), client.get(club.url)

    assert first.status_code == second.status_code == (302 if restriction == "login" else 200)
    assert cache_state(first) is None and cache_state(second) is None
    assert "Kết nối thanh niên Núi Thành" not in second.content.decode()


def test_a_page_that_sets_a_cookie_is_never_cached(client, home):
    """An event's registration form carries a CSRF token: the response sets the token's cookie."""
    event = make_event(event_index(home), title="Ngày hội khởi nghiệp", registration_enabled=True, capacity=50)
    first = client.get(event.url)
    assert first.cookies and "csrfmiddlewaretoken" in first.content.decode()

    client.cookies.clear()
    second = client.get(event.url)
    assert cache_state(first) is None and cache_state(second) is None


def test_each_language_has_its_own_copy(client, site_tree):
    client.get("/")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/")
    english_again = client.get("/")
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    vietnamese_again = client.get("/")

    assert cache_state(english) == "miss" and cache_state(english_again) == "hit"
    assert '<html lang="en">' in english_again.content.decode()
    assert cache_state(vietnamese_again) == "hit"
    assert '<html lang="vi">' in vietnamese_again.content.decode()


def test_the_language_switch_is_a_get_form_that_shows_the_other_language_at_once(client, site_tree):
    html = client.get("/").content.decode()
    assert '<form action="/i18n/setlang/" method="get" class="lang-switch">' in html

    response = client.get("/i18n/setlang/", {"language": "en", "next": "/cau-lac-bo/"})

    assert response.status_code == 302 and response["Location"] == "/cau-lac-bo/"
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.parametrize("query", [{"language": "en", "next": "https://evil.example.com/"}, {"language": "xx"}])
def test_the_language_switch_refuses_another_host_and_unknown_languages(client, site_tree, query):
    response = client.get("/i18n/setlang/", query)

    assert response["Location"] == "/"
    assert response.cookies.get(settings.LANGUAGE_COOKIE_NAME) is None or query["language"] == "en"
    assert '<html lang="vi">' in client.get("/").content.decode() or query["language"] == "en"


def test_a_visitor_with_a_message_waiting_is_served_fresh(client, club):
    client.get(club.url)
    client.cookies["messages"] = "a signed list of messages"

    assert cache_state(client.get(club.url)) is None


def test_the_setting_turns_the_cache_off(client, club, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(club.url)

    assert cache_state(client.get(club.url)) is None


def test_nomination_progress_on_the_home_page_shows_at_once(client, home):
    from tests.factories.training import NominationRoundFactory, invite, nominate
    from training.nominations.enums import NominationStatus

    round_ = NominationRoundFactory(title="Đợt đề cử năm nay", target_trainers=80)
    user = nominator()
    invite(round_, user.agency, quota=10)
    client.get("/")
    assert "0/80" in client.get("/").content.decode()

    nominate(user, round_, status=NominationStatus.ACCEPTED, sectors=["OCOP"])

    assert "1/80" in client.get("/").content.decode()


def test_a_registration_drops_the_stored_pages(client, home):
    from events import services

    event = make_event(event_index(home), title="Hội thảo có giới hạn chỗ", capacity=30)
    stamp = page_cache.generation()

    services.register(event, full_name="Lê Thị Thu", email="thu@example.vn", phone="0905111222")

    assert page_cache.generation() != stamp


def test_a_hit_is_answered_before_sessions_and_authentication(client, club):
    client.get(club.url)
    hit = client.get(club.url)

    assert cache_state(hit) == "hit"
    assert not hasattr(hit.wsgi_request, "session") and not hasattr(hit.wsgi_request, "user")
    assert hit["Content-Language"] == "vi" and "Cookie" in hit["Vary"]  # stored with the inner middlewares' headers


def test_an_entry_stored_under_an_older_stamp_is_not_served(client, club):
    client.get(club.url)
    page_cache.invalidate()

    assert cache_state(client.get(club.url)) == "miss"


def test_a_host_that_is_not_allowed_is_refused_before_the_cache(client, club, settings):
    client.get(club.url)
    settings.ALLOWED_HOSTS = ["congkhoinghiep.example.vn"]
    client.raise_request_exception = False  # DisallowedHost becomes an error response, as in production

    refused = client.get(club.url)

    assert refused.status_code != 200 and cache_state(refused) is None


def test_the_redis_backend_builds_one_client_per_pool():
    from portal.operations.redis_cache import RedisCache

    backend = RedisCache("redis://127.0.0.1:6379/9", {})  # building a client opens no connection

    assert backend._cache.get_client() is backend._cache.get_client(write=True)
