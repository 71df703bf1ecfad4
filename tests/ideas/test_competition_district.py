"""A district as a competition's organiser (issue 17 item 2): its organisers (portal.roles.DISTRICT_ORGANISERS,
tied to an agency of the district) open, edit, inspect, prepare and release their district's competitions in the
Wagtail admin, and reach nothing of another district's or the Board's, on our screens or Wagtail's own."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.competitions import services
from ideas.competitions.enums import Award
from ideas.competitions.models import Competition
from portal import roles
from tests.factories.competitions import apply, make_competition
from tests.factories.ideas import make_entry
from tests.factories.portal import AdministrativeUnitFactory, AgencyFactory, UserFactory, board_user, nominator

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"QZX[A-Z]+")


def organiser_of(unit, **kwargs):
    return UserFactory(groups=[roles.DISTRICT_ORGANISERS], agency=AgencyFactory(unit=unit), **kwargs)


@pytest.fixture
def districts():
    dai_loc, duy_xuyen = AdministrativeUnitFactory(name="Huyện Đại Lộc"), AdministrativeUnitFactory(name="Duy Xuyên")
    mine = make_competition(title="Giải Đại Lộc", organiser=dai_loc)
    theirs = make_competition(title="Giải QZXDUYXUYEN", organiser=duy_xuyen)
    boards = make_competition(title="Giải QZXBANDIEUHANH")
    owner = UserFactory()
    entry = apply(owner, mine, make_entry(owner, title="Gốm Đại Lộc"))
    other_owner = UserFactory()
    their_entry = apply(other_owner, theirs, make_entry(other_owner, title="Lụa QZXLUA"))
    return {
        "unit": dai_loc, "other_unit": duy_xuyen, "mine": mine, "theirs": theirs, "boards": boards,
        "entry": entry, "their_entry": their_entry, "organiser": organiser_of(dai_loc),
    }


def test_the_organiser_lists_only_their_districts_competitions_and_exports_only_those(client, districts):
    client.force_login(districts["organiser"])
    page = client.get("/admin/ideas/competitions/").content.decode()
    assert "Giải Đại Lộc" in page and not SECRET.search(page)
    export = client.get("/admin/ideas/competitions/?export=csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig") if export.streaming else export.content.decode()
    assert export.status_code == 200 and "Giải Đại Lộc" in body and not SECRET.search(body)


def test_the_organisers_list_links_their_competition_to_its_screens_and_no_other(client, districts):
    """The title column is Wagtail's: the row opens the competition, and its menu holds only what they may do."""
    client.force_login(districts["organiser"])
    page = client.get("/admin/ideas/competitions/").content.decode()
    mine = districts["mine"].pk
    assert f'href="/admin/ideas/competitions/edit/{mine}/"' in page
    assert f'href="/admin/ideas/competitions/inspect/{mine}/"' in page
    for other in (districts["theirs"], districts["boards"]):
        assert f"/competitions/edit/{other.pk}/" not in page and f"/competitions/inspect/{other.pk}/" not in page


@pytest.mark.parametrize("action", ["edit", "inspect", "delete", "history", "usage"])
def test_another_districts_and_the_boards_competitions_are_refused_on_every_screen(client, districts, action):
    client.force_login(districts["organiser"])
    assert client.get(f"/admin/ideas/competitions/{action}/{districts['mine'].pk}/").status_code == 200
    for other in (districts["theirs"], districts["boards"]):
        response = client.get(f"/admin/ideas/competitions/{action}/{other.pk}/")
        assert response.status_code in (403, 404)
        assert not SECRET.search(response.content.decode())
    response = client.post(f"/admin/ideas/competitions/delete/{districts['boards'].pk}/")
    assert response.status_code in (403, 404)
    assert Competition.objects.filter(pk=districts["boards"].pk).exists()


def form_data(competition_fields, organiser):
    now = timezone.localtime()
    data = {
        "title": "Giải mới", "organiser": organiser.pk, "description": "", "eligibility": "",
        "opens_at": now.strftime("%Y-%m-%d %H:%M"), "closes_at": (now + timedelta(days=9)).strftime("%Y-%m-%d %H:%M"),
    }
    for prefix in ("categories", "criteria"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0,
                 f"{prefix}-MAX_NUM_FORMS": 1000}
    return data | competition_fields


def test_the_organiser_opens_a_competition_for_their_district_only(client, districts):
    client.force_login(districts["organiser"])
    form = client.get("/admin/ideas/competitions/new/").content.decode()
    assert "Huyện Đại Lộc" in form and "Duy Xuyên" not in form
    response = client.post("/admin/ideas/competitions/new/", form_data({"title": "Giải lén"}, districts["other_unit"]))
    assert response.status_code == 200 and not Competition.objects.filter(title="Giải lén").exists()
    response = client.post("/admin/ideas/competitions/new/", form_data({}, districts["unit"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Competition.objects.get(title="Giải mới").organiser == districts["unit"]


def test_the_reviewers_offered_are_the_districts_accounts(client, districts):
    local = UserFactory(first_name="Hạnh", last_name="Phan Thị", agency=AgencyFactory(unit=districts["unit"]))
    UserFactory(first_name="QZXNGOAIHUYEN", last_name="Ngô", agency=AgencyFactory(unit=districts["other_unit"]))
    UserFactory(first_name="QZXKHONGCOQUAN", last_name="Đỗ")
    client.force_login(districts["organiser"])
    form = client.get(f"/admin/ideas/competitions/edit/{districts['mine'].pk}/").content.decode()
    assert local.get_full_name() in form or local.username in form
    assert not SECRET.search(form)


def test_the_organiser_prepares_and_releases_their_competition_but_not_anothers(client, districts, clock):
    clock.at(timezone.now() + timedelta(days=30))  # after both deadlines
    organiser = districts["organiser"]
    client.force_login(organiser)
    client.post(f"/admin/ideas/competitions/prepare/{districts['their_entry'].pk}/", {"award": "first"})
    assert client.post(f"/admin/ideas/competitions/release/{districts['theirs'].pk}/").status_code == 404
    districts["their_entry"].refresh_from_db()
    assert districts["their_entry"].pending_award == ""
    with pytest.raises(services.CompetitionError, match="đơn vị tổ chức"):
        services.prepare_award(organiser, districts["their_entry"], Award.FIRST)

    client.post(f"/admin/ideas/competitions/prepare/{districts['entry'].pk}/", {"award": "first", "reason": "Hay"})
    client.post(f"/admin/ideas/competitions/release/{districts['mine'].pk}/")
    districts["entry"].refresh_from_db()
    assert districts["entry"].award == Award.FIRST
    # the Board still runs every competition
    services.prepare_award(board_user(), districts["their_entry"], Award.SECOND)


@pytest.mark.parametrize("who", ["nominator", "unit_less", "another_district"])
def test_others_do_not_run_the_districts_competition(client, districts, who, clock):
    user = {
        "nominator": nominator(AgencyFactory(unit=districts["unit"])),  # an agency of the district, not an organiser
        "unit_less": UserFactory(groups=[roles.DISTRICT_ORGANISERS], agency=AgencyFactory()),
        "another_district": organiser_of(districts["other_unit"]),
    }[who]
    client.force_login(user)
    assert client.get(f"/admin/ideas/competitions/edit/{districts['mine'].pk}/").status_code in (302, 403, 404)
    clock.at(timezone.now() + timedelta(days=30))
    client.post(f"/admin/ideas/competitions/prepare/{districts['entry'].pk}/", {"award": "first"})
    districts["entry"].refresh_from_db()
    assert districts["entry"].pending_award == ""


WAGTAIL_SCREENS = [
    "/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/snippets/", "/admin/users/",
    "/admin/groups/", "/admin/reports/site-history/", "/admin/reports/locked/", "/admin/workflows/list/",
    "/admin/ideas/entries/", "/admin/ideas/mentors/", "/admin/ideas/mentoring-requests/", "/admin/search/?q=giai",
    "/admin/snippets/training/certificate/",
]


@pytest.mark.parametrize("url", WAGTAIL_SCREENS)
def test_wagtails_own_screens_show_a_district_organiser_nothing_of_others(client, districts, url):
    client.force_login(districts["organiser"])
    response = client.get(url)
    assert response.status_code < 500
    assert not SECRET.search(response.content.decode())


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999999", "-1"])
def test_odd_keys_in_the_admin_urls_get_no_500(client, districts, pk):
    client.force_login(districts["organiser"])
    for action in ("edit", "inspect", "delete", "history"):
        assert client.get(f"/admin/ideas/competitions/{action}/{pk}/").status_code in (403, 404)
