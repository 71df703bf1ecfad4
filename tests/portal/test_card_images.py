"""A listing card's picture (portal.pages.card_images): prefetched with the listing in one query, shown without
writing the rendition cache, and a missing original file is a broken picture, not an error."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clubs.models import NewsPage
from portal.pages.card_images import CARD_IMAGE, card_img_tag
from tests.factories.clubs import make_club, make_image, make_news, make_site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_with_pictures(home, settings):
    settings.PAGE_CACHE_SECONDS = 0
    directory, _ = make_site_tree(home)
    club = make_club(directory, title="CLB Khởi nghiệp Tam Kỳ")
    return [make_news(club, title=f"Tin số {n}", image=make_image(title=f"Ảnh {n}")) for n in range(4)]


def rendition_keys():
    return [key for key in cache._cache if "wagtail-rendition" in key]


def test_the_listing_brings_every_cards_rendition_in_one_query(news_with_pictures):
    for item in NewsPage.objects.live().listing():  # the first time makes the renditions
        card_img_tag(item.image)
    with CaptureQueriesContext(connection) as queries:
        items = list(NewsPage.objects.live().listing())
        tags = [card_img_tag(item.image) for item in items]
    assert len(queries) == 2  # the cards, their renditions
    assert all('alt=""' in tag and 'loading="lazy"' in tag and "fill-480x270" in tag for tag in tags)


def test_the_news_list_shows_the_pictures_without_writing_the_rendition_cache(client, home, news_with_pictures):
    url = make_site_tree(home)[1].url
    client.get(url)
    cache.clear()
    html = client.get(url).content.decode()
    assert html.count(f".{CARD_IMAGE}.") == 4 and html.count('loading="lazy"') >= 4
    assert rendition_keys() == []  # {% image %} wrote each one back on every page view


def test_a_missing_original_file_is_a_broken_picture_not_an_error(news_with_pictures):
    image = news_with_pictures[0].image
    image.renditions.all().delete()
    image.file.storage.delete(image.file.name)
    assert 'src="/media/not-found"' in card_img_tag(type(image).objects.get(pk=image.pk))
