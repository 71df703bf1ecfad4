"""The app's side of the edge cache (portal.operations.edge_cache): what it marks for nginx, the generation nginx
keys on, and the purge sent once a write is committed, through Wagtail's frontend-cache HTTP backend. nginx's side
is tests/portal/test_nginx.py; both together, tests/portal/test_production_stack.py."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction

from clubs.models import ClubKind
from portal.operations import edge_cache, page_cache
from tests.factories.clubs import make_club, make_private
from tests.factories.events import event_index, make_event
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


class PurgeLog(BaseHTTPRequestHandler):
    """Stands for nginx's plain-http port: remembers each PURGE."""

    seen = []
    on_purge = None  # what another writer does while this purge is on its way

    def do_PURGE(self):  # noqa: N802 - the method's name
        self.seen.append((self.path, self.headers["Host"]))
        if PurgeLog.on_purge:
            PurgeLog.on_purge()
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx_purge(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeLog)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                  "LOCATION": f"http://127.0.0.1:{server.server_address[1]}"},
    }
    settings.EDGE_CACHE_SECONDS = 300
    PurgeLog.seen, PurgeLog.on_purge = [], None
    yield PurgeLog.seen
    PurgeLog.on_purge = None
    server.shutdown()


@pytest.fixture(autouse=True)
def site_settings_row(client, home):
    client.get("/")  # the site's settings row is made by the first request
    client.cookies.clear()


def purge_of(stamp):
    """The PURGE nginx is sent: the generation itself, and how long nginx may keep it (EDGE_CACHE_SECONDS)."""
    return (f"{edge_cache.GENERATION_PATH}?g={stamp}&s=300", "testserver")


def settled():
    """What the fixtures wrote counts as committed: the test's own transaction never commits, and one purge is left
    pending per transaction, so the fixtures' pending one would stand for the test's writes."""
    from django.db import connection

    connection.run_on_commit.clear()


@pytest.fixture
def club(site_tree):
    return make_club(site_tree[0], title="CLB Khởi nghiệp Núi Thành", summary="Kết nối thanh niên Núi Thành")


def test_the_generation_nginx_keys_on_is_the_page_caches_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(edge_cache.GENERATION_PATH, HTTP_HOST="10.0.0.7:8081")  # nginx's Host, not allowed
    assert response.status_code == 200
    assert response[edge_cache.GENERATION_HEADER] == page_cache.generation()
    assert int(response[edge_cache.EXPIRES_HEADER]) >= 1
    page_cache.invalidate()
    assert client.get(edge_cache.GENERATION_PATH)[edge_cache.GENERATION_HEADER] == page_cache.generation()


def test_only_what_the_page_cache_keeps_is_marked_for_nginx(client, club, home, nginx_purge):
    kept = client.get(club.url)
    assert kept["X-Page-Cache"] == "miss" and kept[edge_cache.EXPIRES_HEADER] == "300"
    assert client.get(club.url)[edge_cache.EXPIRES_HEADER] == "300"  # the page cache's copy carries it too

    event = make_event(event_index(home), title="Ngày hội khởi nghiệp", registration_enabled=True, capacity=50)
    form = client.get(event.url)
    assert form.cookies and edge_cache.EXPIRES_HEADER not in form  # a CSRF token: never at the edge
    client.cookies.clear()
    assert edge_cache.EXPIRES_HEADER not in client.get("/lich/tat-ca.ics")  # feeds count a rate limit

    client.force_login(UserFactory())
    assert edge_cache.EXPIRES_HEADER not in client.get(club.url)
    client.logout()
    make_private(club, "password", password="mat-khau-cua-clb")
    assert edge_cache.EXPIRES_HEADER not in client.get(club.url)


def test_without_an_edge_nothing_is_marked(client, club):
    assert edge_cache.EXPIRES_HEADER not in client.get(club.url)


def test_a_committed_write_purges_once_after_the_commit(club, nginx_purge, django_capture_on_commit_callbacks):
    settled()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            club.title = "CLB Khởi nghiệp huyện Núi Thành"
            club.save_revision().publish()  # many rows: pages, revision, log, references
            during = page_cache.generation()
            assert nginx_purge == []  # not before the commit: a visitor would be served the old page again
    assert nginx_purge == [purge_of(page_cache.generation())]
    assert page_cache.generation() != during  # stamped again at the commit


def test_writes_of_one_request_purge_once(nginx_purge, django_capture_on_commit_callbacks):
    settled()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ClubKind.objects.create(name="CLB khởi nghiệp trường học", slug="truong-hoc")
        ClubKind.objects.create(name="CLB khởi nghiệp doanh nghiệp", slug="doanh-nghiep")
    assert len(callbacks) == 1
    assert nginx_purge == [purge_of(page_cache.generation())]


def test_a_write_made_while_the_purge_travels_is_purged_too(nginx_purge, django_capture_on_commit_callbacks):
    """Two writers' purges may reach nginx in either order: the last one sent carries the last generation."""
    settled()
    PurgeLog.on_purge = page_cache.invalidate  # another request's write, between this purge's read and its arrival
    with django_capture_on_commit_callbacks(execute=True):
        ClubKind.objects.create(name="CLB khởi nghiệp xã", slug="xa")
    assert len(nginx_purge) == 3  # it keeps changing here: three sends at most, the expiry bounds the rest
    assert len(set(nginx_purge)) == 3
    PurgeLog.on_purge = None
    settled()
    with django_capture_on_commit_callbacks(execute=True):
        ClubKind.objects.create(name="CLB khởi nghiệp thị trấn", slug="thi-tran")
    assert nginx_purge[3:] == [purge_of(page_cache.generation())]


def test_a_rolled_back_write_or_a_quiet_one_purges_nothing(nginx_purge, django_capture_on_commit_callbacks):
    settled()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            ClubKind.objects.create(name="CLB khởi nghiệp thôn", slug="thon")
            raise RuntimeError
    with django_capture_on_commit_callbacks(execute=True):
        SessionStore().create()
    assert nginx_purge == []


def test_an_unreachable_edge_never_fails_the_write(settings, django_capture_on_commit_callbacks, caplog):
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://127.0.0.1:9"},
    }
    settled()
    with django_capture_on_commit_callbacks(execute=True):
        ClubKind.objects.create(name="CLB khởi nghiệp phường", slug="phuong")
    assert ClubKind.objects.filter(slug="phuong").exists()
    assert "Couldn't purge" in caplog.text  # Wagtail's backend logs it
