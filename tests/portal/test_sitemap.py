"""The sitemap lists the public pages, never drafts or pages behind a view restriction."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.factories.clubs import make_club, make_news, make_private

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locations = [url.findtext("sm:loc", namespaces=NS) for url in root.findall("sm:url", NS)]
    assert all(location.startswith("http://") for location in locations)
    return sorted(location.split("://", 1)[1].split("/", 1)[1] for location in locations)


def test_sitemap_lists_public_pages_only(client, site_tree):
    directory, news_index = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp Núi Thành")
    news = make_news(club, title="Tin công khai")
    draft_club = make_club(directory, title="CLB Bản nháp", publish=False)
    draft_news = make_news(club, title="Tin nháp", publish=False)
    private_news = make_news(news_index, title="Tin nội bộ")
    make_private(private_news)
    private_club = make_club(directory, title="CLB Riêng tư")
    news_of_private_club = make_news(private_club, title="Tin của CLB riêng tư")
    make_private(private_club, restriction_type="password", password="bimat")

    paths = sitemap_paths(client)

    assert paths == sorted(["", "cau-lac-bo/", "tin-tuc/", club.url.lstrip("/"), news.url.lstrip("/")])
    for hidden in (draft_club, draft_news, private_news, private_club, news_of_private_club):
        assert hidden.slug not in "\n".join(paths)


def test_sitemap_gives_published_pages_their_lastmod(client, site_tree):
    directory, _ = site_tree
    club = make_club(directory)

    root = ET.fromstring(client.get("/sitemap.xml").content)

    lastmod = {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }
    # The sitemap writes dates in the site's time zone (Asia/Ho_Chi_Minh), a day ahead of UTC after 17:00 UTC.
    assert lastmod[club.full_url] == timezone.localtime(club.last_published_at).strftime("%Y-%m-%d")
