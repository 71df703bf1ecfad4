"""A club page behind a view restriction (log-in or a group) takes its name, news and events out of every public
output: listings, filter dropdowns, feeds, search, the sitemap and the home page. Its events live under the events
index, not under the club, so their privacy is inherited through the club field, not the tree.

Each output is read as an anonymous visitor and as a logged-in user outside the club's group; a public club's
items are checked present in the same outputs, so the test fails when an output shows nothing at all."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories.clubs import make_club, make_news, make_private
from tests.factories.events import event_index, make_event
from tests.factories.portal import AdministrativeUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

# Diacritic-free words, so search and the bodies' escaping leave them as they are.
PRIVATE = {"club": "CLB Kinmatclb", "news": "Tin Kinmatnews", "event": "Hoithao Kinmatevent", "unit": "Xa Kinmatunit"}
PUBLIC = {"club": "CLB Congkhaiclb", "news": "Tin Congkhainews", "event": "Hoithao Congkhaievent"}


@pytest.fixture
def network(site_tree, home):
    directory, _news_index = site_tree
    events = event_index(home)
    unit = AdministrativeUnitFactory(name=PRIVATE["unit"], slug="xa-kinmatunit")
    private = make_club(directory, title=PRIVATE["club"], unit=unit)
    public = make_club(directory, title=PUBLIC["club"])
    pages = {
        "private": {
            "club": private,
            "news": make_news(private, title=PRIVATE["news"]),
            "event": make_event(events, title=PRIVATE["event"], club=private, organiser="club"),
        },
        "public": {
            "club": public,
            "news": make_news(public, title=PUBLIC["news"]),
            "event": make_event(events, title=PUBLIC["event"], club=public, organiser="club"),
        },
    }
    return pages


def restrict(club, kind):
    if kind == "login":
        return make_private(club)
    from django.contrib.auth.models import Group

    restriction = make_private(club, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Hội viên CLB Kinmat"))
    return restriction


def visitor(client, kind):
    if kind == "groups":  # logged in, but not in the group the club is restricted to
        client.force_login(UserFactory())
    return client


def body(response):
    assert response.status_code == 200, response.status_code
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8")


PUBLIC_OUTPUTS = [
    ("/", ("news", "event")),
    ("/cau-lac-bo/", ("club",)),
    ("/tin-tuc/", ("news",)),
    ("/tin-tuc/rss/", ("news",)),
    ("/su-kien/", ("event",)),
    ("/lich/tat-ca.ics", ("event",)),
    ("/sitemap.xml", ("club", "news", "event")),
]


@pytest.mark.parametrize("kind", ["login", "groups"])
@pytest.mark.parametrize(("url", "what"), PUBLIC_OUTPUTS)
def test_a_private_club_is_in_no_public_output(client, network, kind, url, what):
    restrict(network["private"]["club"], kind)
    text = body(visitor(client, kind).get(url))

    for item in what:
        assert PUBLIC[item] in text or network["public"][item].full_url in text, (url, item)
        assert PRIVATE[item] not in text, (url, item)
        assert network["private"][item].full_url not in text, (url, item)


@pytest.mark.parametrize("kind", ["login", "groups"])
def test_a_private_club_is_in_no_filter_dropdown(client, network, kind):
    restrict(network["private"]["club"], kind)
    visitor(client, kind)

    events = body(client.get("/su-kien/"))
    directory = body(client.get("/cau-lac-bo/"))
    suggested = client.get("/su-kien-goi-y/cau-lac-bo/", {"q": "CLB"}).json()["results"]

    assert suggested == [{"title": PUBLIC["club"]}]  # the club box of the events page suggests these
    assert PRIVATE["club"] not in events
    assert PRIVATE["unit"] not in directory  # the administrative-unit filter of the directory
    private_filter = client.get("/su-kien/", {"club": network["private"]["club"].pk})
    assert private_filter.context["ignored_filters"] == ["Câu lạc bộ"]


@pytest.mark.parametrize("kind", ["login", "groups"])
@pytest.mark.parametrize("item", ["club", "news", "event"])
def test_a_private_club_is_not_found_by_search(client, network, kind, item):
    restrict(network["private"]["club"], kind)
    visitor(client, kind)
    private_word, public_word = PRIVATE[item].split()[-1].lower(), PUBLIC[item].split()[-1].lower()

    found = client.get("/tim-kiem/", {"q": private_word}).context["results"]
    control = client.get("/tim-kiem/", {"q": public_word}).context["results"]

    assert [page.pk for page in found] == []
    assert [page.pk for page in control] == [network["public"][item].pk]


@pytest.mark.parametrize("kind", ["login", "groups"])
def test_a_private_clubs_own_feeds_are_not_served(client, network, kind):
    restrict(network["private"]["club"], kind)
    visitor(client, kind)
    club = network["private"]["club"]

    assert client.get(f"/lich/clb/{club.pk}.ics").status_code == 404
    assert client.get(f"/lich/clb/{network['public']['club'].pk}.ics").status_code == 200
    rss = client.get(club.url + "rss/")
    assert rss.status_code in (302, 403, 404) or PRIVATE["news"] not in body(rss)


@pytest.mark.parametrize("kind", ["login", "groups"])
def test_a_private_clubs_event_is_not_served_at_its_own_address(client, network, kind):
    """The event sits under the events index, not under the club: its page, its registration route and its .ics
    still follow the club's restriction (anonymous: to the log-in; outside the group: refused)."""
    restrict(network["private"]["club"], kind)
    event = network["private"]["event"]
    visitor(client, kind)
    for url in (event.url, event.url + "dang-ky/"):
        response = client.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)
        assert PRIVATE["event"] not in response.content.decode()
        if kind == "login":
            assert response["Location"].startswith("/tai-khoan/dang-nhap/")
    assert client.get(f"/lich/su-kien/{event.uid}.ics").status_code == 404
    assert client.get(network["public"]["event"].url).status_code == 200  # a public club's event is served


def test_a_private_clubs_event_is_served_to_its_members(client, network):
    from django.contrib.auth.models import Group

    restriction = restrict(network["private"]["club"], "groups")
    member = UserFactory()
    member.groups.add(*restriction.groups.all())
    client.force_login(member)
    response = client.get(network["private"]["event"].url)
    assert response.status_code == 200
    assert PRIVATE["event"] in body(response)
    assert Group.objects.filter(name="Hội viên CLB Kinmat").exists()
