"""The request's Wagtail Site comes from the cache (portal.operations.sites): no Site query on a warm request, and a
change to a Site or a page takes effect at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from portal.models import StandardPage

pytestmark = pytest.mark.django_db


def site_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured if '"wagtailcore_site"' in query["sql"]]


def test_a_warm_request_runs_no_site_query(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page itself rendered, not served from the page cache
    client.get("/")

    assert site_queries(client, "/") == []


def test_a_new_site_root_serves_at_once(client, home):
    client.get("/")
    about = home.add_child(instance=StandardPage(title="Giới thiệu Ban Điều hành", slug="gioi-thieu"))
    about.save_revision().publish()

    site = Site.objects.get(is_default_site=True)
    site.root_page = about
    site.save()

    assert "Giới thiệu Ban Điều hành" in client.get("/").content.decode()


def test_a_retitled_home_page_shows_at_once(client, home):
    client.get("/")
    home.title = "Cổng thông tin khởi nghiệp"
    home.save_revision().publish()

    assert "Cổng thông tin khởi nghiệp" in client.get("/").content.decode()


def test_the_home_pages_own_content_travels_in_the_cached_site_and_changes_at_once(client, home, settings):
    """Wagtail routes from site.root_page.specific: the cached site carries it, so no home page query per request,
    and a published change drops it with the site."""
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/khong-co-trang-nay/")
    assert not [query["sql"] for query in captured if '"portal_homepage"' in query["sql"]]

    home.intro = "<p>Lời giới thiệu mới của cổng</p>"
    home.save_revision().publish()
    assert "Lời giới thiệu mới của cổng" in client.get("/").content.decode()


def test_the_portal_settings_come_from_the_cache_and_an_edit_shows_at_once(client, home, settings):
    from portal.models import PortalSettings

    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/tai-khoan/dang-nhap/")
    assert not [query["sql"] for query in captured if '"portal_portalsettings"' in query["sql"]]

    board = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    board.phone = "0235 3812 345"
    board.save()
    assert "0235 3812 345" in client.get("/tai-khoan/dang-nhap/").content.decode()
