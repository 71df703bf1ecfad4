"""List pages weigh the same whatever the network's size: lists are paginated and a filter with many options (the
events list's club) is a text box with suggestions, not a list of every option (issue 14, item 3)."""

import re

import pytest

from clubs.models import PAGE_SIZE as DIRECTORY_PAGE_SIZE
from events.models.pages import PAGE_SIZE as EVENTS_PAGE_SIZE
from tests.factories.clubs import bulk_clubs, make_site_tree
from tests.factories.events import bulk_events, event_index, event_kind

pytestmark = pytest.mark.django_db
PAGES = {"/su-kien/": EVENTS_PAGE_SIZE, "/cau-lac-bo/": DIRECTORY_PAGE_SIZE}


def weigh(client):
    """(bytes of each list page, bytes of one page of its cards)."""
    sizes, page_worth = {}, {}
    for url, page_size in PAGES.items():
        html = client.get(url).content.decode()
        sizes[url] = len(html.encode())
        cards = re.findall(r'<li class="card[^"]*">.*?</li>', html, flags=re.S)
        assert cards, url
        page_worth[url] = page_size * max(len(card.encode()) for card in cards)
    return sizes, page_worth


def test_the_events_list_and_the_directory_weigh_the_same_with_10_or_5000_items(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    directory, _ = make_site_tree(home)
    index, kind = event_index(home), event_kind()
    clubs = bulk_clubs(directory, 10)
    bulk_events(index, kind, 10, clubs=clubs)  # every event a different club's: the club filter had one option each
    client.get("/")  # the site's settings row is made by the first request
    small, page_worth = weigh(client)
    feeds_small = len(client.get("/lich/").content)

    clubs += bulk_clubs(directory, 4990)
    bulk_events(index, kind, 5000, clubs=clubs)
    large, _ = weigh(client)
    feeds_large = len(client.get("/lich/").content)

    for url in PAGES:
        assert abs(large[url] - small[url]) < page_worth[url], (url, small[url], large[url])
    assert abs(feeds_large - feeds_small) < 100, (feeds_small, feeds_large)  # the feeds page lists no club's
    html = client.get("/su-kien/").content.decode()
    assert "5000 sự kiện" in html and "<option" not in html.split('name="club"')[1].split("</div>")[0]
