"""What every page carries: a favicon (and /favicon.ico answers), breadcrumbs whose separators come from CSS between
items only, never a "›" dangling after the last link, with the current page marked aria-current."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from tests.factories.clubs import make_club, make_news
from tests.factories.events import event_index, make_event
from tests.factories.portal import nominator
from tests.factories.training import NominationRoundFactory, invite, nominate

pytestmark = pytest.mark.django_db


class Breadcrumb(HTMLParser):
    """Items of <nav class="breadcrumb">: (text, has a link, aria-current), and the text between the items."""

    def __init__(self):
        super().__init__()
        self.items, self.loose_text, self._depth, self._item = [], "", 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "breadcrumb" in (attrs.get("class") or ""):
            self._depth = 1
        elif self._depth and tag == "li":
            self._item = {"text": "", "link": False, "current": attrs.get("aria-current")}
            self.items.append(self._item)
        elif self._item is not None and tag == "a":
            self._item["link"] = True

    def handle_endtag(self, tag):
        if self._depth and tag == "li":
            self._item = None
        elif self._depth and tag == "nav":
            self._depth = 0

    def handle_data(self, data):
        if self._item is not None:
            self._item["text"] += data
        elif self._depth:
            self.loose_text += data


def breadcrumb(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Breadcrumb()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def pages(site_tree, home):
    directory, news_index = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Hội An")
    return {
        "club": club,
        "club_news": make_news(club, title="Tin của câu lạc bộ Hội An"),
        "network_news": make_news(news_index, title="Tin của mạng lưới"),
        "event": make_event(event_index(home), title="Ngày hội khởi nghiệp Hội An"),
    }


def assert_well_formed(crumbs, current_text, url):
    assert crumbs.items, f"{url}: no breadcrumb"
    assert "›" not in crumbs.loose_text and not any("›" in item["text"] for item in crumbs.items), url
    *ancestors, last = crumbs.items
    assert all(item["link"] and item["current"] is None for item in ancestors), (url, crumbs.items)
    assert last["current"] == "page" and not last["link"], (url, last)
    assert last["text"].strip() == current_text, (url, last)


def test_public_breadcrumbs_end_with_the_current_page(client, pages):
    club = pages["club"]
    for url, current in [
        (club.url, club.title),
        (pages["club_news"].url, "Tin của câu lạc bộ Hội An"),
        (pages["network_news"].url, "Tin của mạng lưới"),
        (f"{club.url}tin-tuc/", "Tin tức"),
        (pages["event"].url, "Ngày hội khởi nghiệp Hội An"),
    ]:
        assert_well_formed(breadcrumb(client, url), current, url)


def test_the_agency_screens_breadcrumbs_end_with_the_current_page(client):
    user = nominator()
    round_ = NominationRoundFactory(title="Đợt đề cử 2026")
    invite(round_, user.agency, quota=3)
    nomination = nominate(user, round_, full_name="Phan Thị Thu")
    client.force_login(user)

    for url, current in [
        ("/tot/de-cu/", "Đề cử giảng viên nguồn"),
        ("/tot/de-cu/ho-so/", "Hồ sơ đề cử của cơ quan"),
        (f"/tot/de-cu/ho-so/{nomination.pk}/", "Phan Thị Thu"),
        (f"/tot/de-cu/ho-so/{nomination.pk}/sua/", "Sửa hồ sơ"),
        (f"/tot/de-cu/dot/{round_.pk}/them/", "Thêm ứng viên"),
        (f"/tot/de-cu/ho-so/{nomination.pk}/nop/", "Nộp hồ sơ"),
        (f"/tot/de-cu/ho-so/{nomination.pk}/rut/", "Rút hồ sơ"),
    ]:
        assert_well_formed(breadcrumb(client, url), current, url)


def test_the_breadcrumb_separator_is_drawn_by_css_between_items_only():
    css = (Path(settings.BASE_DIR) / "site/portal/static/portal/css/portal.css").read_text()

    assert re.search(r'\.breadcrumb li \+ li::before \{[^}]*content: "›"', css)


def test_every_page_links_the_favicon_and_favicon_ico_answers(client, home):
    body = client.get("/").content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', body).group(1)

    assert href == "/static/portal/favicon.svg"
    assert finders.find("portal/favicon.svg"), "the icon is a static file of the portal"
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == href
    assert "max-age=86400" in response["Cache-Control"]


def test_the_favicon_is_a_small_valid_svg():
    from defusedxml import ElementTree

    path = Path(finders.find("portal/favicon.svg"))
    root = ElementTree.fromstring(path.read_bytes())

    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox") == "0 0 64 64"
    assert path.stat().st_size < 2048


def test_event_breadcrumb_under_a_club_leads_back_to_the_club(client, pages):
    event = make_event(pages["club"], title="Cà phê khởi nghiệp", start=timezone.now() + timezone.timedelta(days=3))

    crumbs = breadcrumb(client, event.url)

    assert [item["text"].strip() for item in crumbs.items] == [pages["club"].title, "Cà phê khởi nghiệp"]
