"""The moderation screens in the Wagtail admin, through HTTP: the Board sees every entry, a club's editors only
their club's (another club's entry is a 404 on every screen that names one), publishing and returning with a
reason, sectors edited by the Board only, and the listing's export with formula-like cells neutralised."""

import pytest

from ideas.models import Sector
from tests.factories.clubs import club_editor, make_club
from tests.factories.ideas import make_entry, sector
from tests.factories.portal import UserFactory, board_user

pytestmark = pytest.mark.django_db

ENTRIES = "/admin/ideas/entries/"
SECTORS = "/admin/ideas/sectors/"


@pytest.fixture
def world(site_tree):
    directory, _ = site_tree
    club_a, club_b = make_club(directory), make_club(directory)
    entry_a = make_entry(club=club_a, publish=False, title="Ý tưởng QZXCLBA")
    entry_b = make_entry(club=club_b, publish=False, title="Ý tưởng QZXCLBB")
    return {
        "editor_a": club_editor(club_a),
        "editor_b": club_editor(club_b),
        "board": board_user(),
        "entry_a": entry_a,
        "entry_b": entry_b,
    }


def login(client, user):
    client.force_login(user)
    return client


def test_the_board_lists_every_entry_and_an_editor_only_their_clubs(client, world):
    board_page = login(client, world["board"]).get(ENTRIES).content.decode()
    assert "QZXCLBA" in board_page and "QZXCLBB" in board_page
    editor_page = login(client, world["editor_a"]).get(ENTRIES).content.decode()
    assert "QZXCLBA" in editor_page and "QZXCLBB" not in editor_page
    results = client.get(ENTRIES + "results/?q=QZX").content.decode()
    assert "QZXCLBB" not in results


@pytest.mark.parametrize("screen", ["inspect/{pk}/", "return/{pk}/"])
def test_another_clubs_entry_is_a_404_to_an_editor(client, world, screen):
    login(client, world["editor_a"])
    assert client.get(ENTRIES + screen.format(pk=world["entry_b"].pk)).status_code == 404
    assert client.get(ENTRIES + screen.format(pk=world["entry_a"].pk)).status_code == 200
    for hostile in ("99999999999999999999999", "abc", "0"):
        assert client.get(ENTRIES + screen.format(pk=hostile)).status_code == 404


def test_another_clubs_entry_cannot_be_published_or_returned_by_an_editor(client, world):
    login(client, world["editor_a"])
    entry = world["entry_b"]
    assert client.post(ENTRIES + f"publish/{entry.pk}/").status_code == 404
    assert client.post(ENTRIES + f"return/{entry.pk}/", {"reason": "Không"}).status_code == 404
    entry.refresh_from_db()
    assert entry.state == "submitted"


@pytest.mark.parametrize("screen", ["edit/{pk}/", "delete/{pk}/", "history/{pk}/", "usage/{pk}/", "new/"])
def test_no_screen_edits_or_deletes_an_entry_in_the_admin(client, world, screen):
    login(client, world["board"])
    assert client.get(ENTRIES + screen.format(pk=world["entry_b"].pk)).status_code == 404


def test_an_editor_publishes_and_returns_their_clubs_entries(client, world):
    login(client, world["editor_a"])
    entry = world["entry_a"]
    assert client.get(ENTRIES + f"publish/{entry.pk}/").status_code == 405  # never a change by GET
    response = client.post(ENTRIES + f"return/{entry.pk}/", {"reason": "Bổ sung <b>số liệu</b>"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.state, entry.return_reason) == ("returned", "Bổ sung <b>số liệu</b>")
    page = client.get(ENTRIES + f"inspect/{entry.pk}/").content.decode()
    assert "Bổ sung &lt;b&gt;số liệu&lt;/b&gt;" in page


def test_returning_without_a_reason_changes_nothing(client, world):
    login(client, world["board"])
    entry = world["entry_b"]
    response = client.post(ENTRIES + f"return/{entry.pk}/", {"reason": ""})
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.state == "submitted"
    client.post(ENTRIES + f"publish/{entry.pk}/")
    entry.refresh_from_db()
    assert entry.state == "published"


def test_a_person_without_a_role_has_no_moderation_screen(client, world):
    login(client, UserFactory())
    assert client.get(ENTRIES).status_code in (302, 403)
    assert client.get(ENTRIES + f"inspect/{world['entry_a'].pk}/").status_code in (302, 403, 404)


def test_sectors_are_the_boards_data(client, world):
    login(client, world["editor_a"])
    assert client.get(SECTORS).status_code in (302, 403)
    assert client.post(SECTORS + "new/", {"name": "Du lịch số", "slug": "du-lich-so", "sort_order": 1}).status_code in (
        302,
        403,
    )
    assert not Sector.objects.filter(slug="du-lich-so").exists()
    login(client, world["board"])
    response = client.post(SECTORS + "new/", {"name": "Du lịch số", "slug": "du-lich-so", "sort_order": 1})
    assert response.status_code == 302
    assert Sector.objects.filter(slug="du-lich-so", name="Du lịch số").exists()


def test_a_sector_in_use_is_not_deleted(client, world):
    login(client, world["board"])
    used = sector()
    response = client.post(SECTORS + f"delete/{used.pk}/")
    assert response.status_code == 302
    assert Sector.objects.filter(pk=used.pk).exists()


def test_the_listing_export_neutralises_formulas(client, world):
    make_entry(club=world["entry_a"].club, title='=HYPERLINK("http://evil")', publish=False)
    login(client, world["board"])
    response = client.get(ENTRIES + "?export=csv")
    assert response.status_code == 200
    text = (
        b"".join(response.streaming_content).decode("utf-8-sig")
        if response.streaming
        else response.content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_the_admin_menu_offers_the_moderation_to_editors_and_sectors_to_the_board_only(client, world):
    editor_menu = login(client, world["editor_a"]).get("/admin/").content.decode()
    assert ENTRIES in editor_menu and SECTORS not in editor_menu
    board_menu = login(client, world["board"]).get("/admin/").content.decode()
    assert ENTRIES in board_menu and SECTORS in board_menu
    assert ENTRIES not in login(client, UserFactory()).get("/admin/").content.decode()


def test_a_sector_that_mentors_list_is_not_deleted_from_under_their_profiles(client):
    from tests.factories.mentoring import make_mentor

    listed, unused = sector("du-lich-cong-dong", "Du lịch cộng đồng"), sector("vat-lieu-moi", "Vật liệu mới")
    mentor = make_mentor(sectors=[listed])
    client.force_login(board_user())
    response = client.post(f"/admin/ideas/sectors/delete/{listed.pk}/", follow=True)
    assert "chuyên gia, cố vấn ghi lĩnh vực này" in response.content.decode()
    assert list(mentor.sectors.all()) == [listed]
    client.post(f"/admin/ideas/sectors/delete/{unused.pk}/")
    assert not Sector.objects.filter(pk=unused.pk).exists()


def test_each_listed_entry_links_to_its_screen_and_only_listed_ones(client, world):
    """The title column is Wagtail's: the row links to the entry's inspect screen (moderation starts there)."""
    body = login(client, world["editor_a"]).get(ENTRIES).content.decode()
    assert f'href="{ENTRIES}inspect/{world["entry_a"].pk}/"' in body
    assert f"{ENTRIES}inspect/{world['entry_b'].pk}/" not in body
