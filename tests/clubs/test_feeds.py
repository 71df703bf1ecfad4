"""RSS 2.0 feeds (site-wide and per club) that a feed reader accepts: only live, public news."""

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from tests.factories.clubs import make_club, make_news, make_private

pytestmark = pytest.mark.django_db


def parse_rss(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channels = root.findall("channel")
    assert len(channels) == 1
    channel = channels[0]
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    return channel


def item_titles(channel):
    return [item.findtext("title") for item in channel.findall("item")]


@pytest.fixture
def network(site_tree):
    directory, news_index = site_tree
    tam_ky = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    hoi_an = make_club(directory, title="CLB Khởi nghiệp Hội An")
    news = {
        "tam_ky": make_news(tam_ky, title="Hội thảo khởi nghiệp nông nghiệp hữu cơ ở Tam Kỳ", intro="Đông đủ hội viên"),
        "hoi_an": make_news(hoi_an, title="Du lịch số phố cổ Hội An"),
        "board": make_news(news_index, title="Thông báo của Ban Điều hành về Ngày hội khởi nghiệp"),
        "draft": make_news(tam_ky, title="Bản nháp Tam Kỳ chưa duyệt", publish=False),
        "private": make_news(tam_ky, title="Tin nội bộ Tam Kỳ"),
        "private_board": make_news(news_index, title="Tin nội bộ Ban Điều hành"),
    }
    make_private(news["private"])
    make_private(news["private_board"], restriction_type="password", password="bimat")
    private_club = make_club(directory, title="CLB Riêng tư")
    news["under_private_club"] = make_news(private_club, title="Tin của CLB riêng tư")
    make_private(private_club, restriction_type="groups")
    return {"tam_ky": tam_ky, "hoi_an": hoi_an, "private_club": private_club, "news": news}


def test_site_feed_is_rss_2_with_every_public_news_and_nothing_else(client, network):
    channel = parse_rss(client.get("/tin-tuc/rss/"))

    assert channel.findtext("title") == "Tin tức mạng lưới CLB khởi nghiệp Quảng Nam"
    assert channel.findtext("link") == "http://testserver/"
    assert channel.findtext("language") == "vi"
    assert sorted(item_titles(channel)) == sorted(
        [
            "Hội thảo khởi nghiệp nông nghiệp hữu cơ ở Tam Kỳ",
            "Du lịch số phố cổ Hội An",
            "Thông báo của Ban Điều hành về Ngày hội khởi nghiệp",
        ]
    )


def test_feed_items_have_absolute_links_guid_pubdate_and_intact_diacritics(client, network):
    channel = parse_rss(client.get("/tin-tuc/rss/"))
    news = network["news"]["tam_ky"]

    (item,) = [item for item in channel.findall("item") if item.findtext("title") == news.title]

    assert item.findtext("title") == "Hội thảo khởi nghiệp nông nghiệp hữu cơ ở Tam Kỳ"
    assert item.findtext("link") == f"http://testserver{news.url}"
    assert item.findtext("guid") == f"http://testserver{news.url}"
    assert item.findtext("description") == "Đông đủ hội viên"
    published = parsedate_to_datetime(item.findtext("pubDate"))
    assert published.tzinfo is not None
    assert published == news.first_published_at.replace(microsecond=0)
    assert abs((timezone.now() - published).total_seconds()) < 120
    assert "Hội thảo khởi nghiệp nông nghiệp hữu cơ ở Tam Kỳ".encode() in client.get("/tin-tuc/rss/").content


def test_feed_items_are_newest_first(client, site_tree):
    directory, _ = site_tree
    club = make_club(directory)
    old = make_news(club, title="Tin cũ")
    new = make_news(club, title="Tin mới")
    from clubs.models import NewsPage

    NewsPage.objects.filter(pk=old.pk).update(first_published_at=datetime(2023, 1, 1, tzinfo=UTC))
    NewsPage.objects.filter(pk=new.pk).update(first_published_at=datetime(2024, 1, 1, tzinfo=UTC))

    assert item_titles(parse_rss(client.get("/tin-tuc/rss/"))) == ["Tin mới", "Tin cũ"]


def test_club_feed_has_only_that_clubs_public_news(client, network):
    tam_ky = network["tam_ky"]

    channel = parse_rss(client.get(f"{tam_ky.url}rss/"))

    assert channel.findtext("title") == "Tin tức CLB Khởi nghiệp thành phố Tam Kỳ"
    assert channel.findtext("link") == f"http://testserver{tam_ky.url}"
    assert item_titles(channel) == ["Hội thảo khởi nghiệp nông nghiệp hữu cơ ở Tam Kỳ"]
    (item,) = channel.findall("item")
    assert item.findtext("link").startswith("http://testserver/cau-lac-bo/")


def test_club_feed_of_a_private_club_is_not_public(client, network):
    response = client.get(f"{network['private_club'].url}rss/")

    assert response.status_code == 302
    assert b"Tin c\xe1\xbb\xa7a CLB ri\xc3\xaang t\xc6\xb0" not in response.content


def test_feed_lists_tags_as_categories(client, site_tree):
    directory, _ = site_tree
    news = make_news(make_club(directory), title="Tin có thẻ", publish=False)
    news.tags.add("chuyển đổi số", "sản phẩm OCOP")
    news.save_revision().publish()

    channel = parse_rss(client.get("/tin-tuc/rss/"))

    (item,) = channel.findall("item")
    assert sorted(category.text for category in item.findall("category")) == ["chuyển đổi số", "sản phẩm OCOP"]


def test_feed_of_an_empty_network_is_still_valid(client, site_tree):
    channel = parse_rss(client.get("/tin-tuc/rss/"))

    assert channel.findall("item") == []


def test_news_date_is_not_the_feed_date(client, site_tree):
    """pubDate is when the news went live (first_published_at), whatever its displayed date."""
    directory, _ = site_tree
    news = make_news(make_club(directory), title="Tin ghi ngày cũ", date=date(2020, 1, 1))

    (item,) = parse_rss(client.get("/tin-tuc/rss/")).findall("item")

    assert parsedate_to_datetime(item.findtext("pubDate")) == news.first_published_at.replace(microsecond=0)
