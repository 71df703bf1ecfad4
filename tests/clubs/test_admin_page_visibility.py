"""What a club editor sees of other clubs in the Wagtail admin: nothing unpublished, while their own club and
what anyone may link to stay within reach (portal/admin/page_permissions.py, portal/admin/object_gate.py)."""

import pytest
from django.urls import reverse
from wagtail.images import get_image_model

from tests.factories.clubs import club_editor, make_club, make_image, make_news
from tests.factories.portal import board_user

pytestmark = pytest.mark.django_db
SECRET = "QZXNHAP"


@pytest.fixture
def network(site_tree):
    directory, _news_index = site_tree
    club_a = make_club(directory, title="CLB Tam Kỳ")
    club_b = make_club(directory, title="CLB Hội An")
    editor_b = club_editor(club_b)
    return {
        "directory": directory,
        "a": club_a,
        "b": club_b,
        "draft_a": make_news(club_a, title=f"Tin {SECRET} của Tam Kỳ", publish=False),
        "live_a": make_news(club_a, title="Tin đã đăng của Tam Kỳ"),
        "own_draft": make_news(club_b, title="Bản nháp Hội An", publish=False),
        "editor_b": editor_b,
    }


def text(response):
    """The page, or the HTML inside a chooser's JSON answer (where non-ASCII is escaped)."""
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json().get("html", "")
    return response.content.decode()


def test_move_confirmation_of_another_clubs_draft_is_refused_on_get(client, network):
    client.force_login(network["editor_b"])

    response = client.get(reverse("wagtailadmin_pages:move_confirm", args=(network["draft_a"].pk, network["b"].pk)))

    assert response.status_code in (302, 403)
    assert SECRET not in text(response)


def test_move_confirmation_of_own_page_into_another_club_is_refused_on_get(client, network):
    client.force_login(network["editor_b"])

    response = client.get(reverse("wagtailadmin_pages:move_confirm", args=(network["own_draft"].pk, network["a"].pk)))

    assert response.status_code in (302, 403)


@pytest.mark.parametrize("action", ["delete", "unpublish", "move", "publish"])
def test_bulk_confirmation_with_another_clubs_page_is_refused(client, network, action):
    client.force_login(network["editor_b"])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))

    response = client.get(url, {"id": [network["own_draft"].pk, network["draft_a"].pk], "next": "/admin/"})

    assert response.status_code == 403
    assert SECRET not in text(response)


def test_bulk_confirmation_of_own_pages_still_opens(client, network):
    client.force_login(network["editor_b"])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "move"))

    response = client.get(url, {"id": [network["own_draft"].pk], "next": "/admin/"})

    assert response.status_code == 200
    assert "Bản nháp Hội An" in text(response)


def test_page_chooser_offers_own_drafts_and_other_clubs_live_pages_only(client, network):
    client.force_login(network["editor_b"])

    into_a = text(client.get(reverse("wagtailadmin_choose_page_child", args=(network["a"].pk,))))
    own = text(client.get(reverse("wagtailadmin_choose_page_child", args=(network["b"].pk,))))
    search = text(client.get(reverse("wagtailadmin_choose_page_search"), {"q": "tam"}))

    assert "Tin đã đăng của Tam Kỳ" in into_a
    assert SECRET not in into_a
    assert "Bản nháp Hội An" in own
    assert SECRET not in search
    assert client.get(reverse("wagtailadmin_choose_page_child", args=(network["draft_a"].pk,))).status_code == 403


def test_board_still_sees_every_draft_in_the_chooser(client, network):
    client.force_login(board_user())

    into_a = text(client.get(reverse("wagtailadmin_choose_page_child", args=(network["a"].pk,))))

    assert SECRET in into_a


def test_explorer_of_another_club_is_refused_and_own_club_lists_its_drafts(client, network):
    client.force_login(network["editor_b"])

    other = client.get(reverse("wagtailadmin_explore", args=(network["a"].pk,)))
    own = text(client.get(reverse("wagtailadmin_explore", args=(network["b"].pk,))))

    assert other.status_code in (302, 403)
    assert SECRET not in text(other)
    assert "Bản nháp Hội An" in own


def test_each_club_has_its_own_collection_and_editors_see_only_theirs(client, network):
    network["a"].refresh_from_db()
    network["b"].refresh_from_db()
    assert network["a"].collection_id != network["b"].collection_id
    secret = make_image(title=f"Ảnh {SECRET}")
    secret.collection = network["a"].collection
    secret.save()
    own = make_image(title="Ảnh Hội An")
    own.collection = network["b"].collection
    own.save()
    client.force_login(network["editor_b"])

    chooser = text(client.get(reverse("wagtailimages_chooser:choose")))

    assert "Ảnh Hội An" in chooser
    assert SECRET not in chooser
    assert get_image_model().objects.count() == 2


def test_snippet_chooser_of_personal_data_is_refused_but_reference_data_is_not(client, network):
    client.force_login(network["editor_b"])

    assert client.get("/admin/snippets/choose/training/nomination/").status_code == 403
    assert client.get("/admin/snippets/choose/events/registration/").status_code == 403
    assert client.get("/admin/snippets/choose/clubs/clubkind/").status_code == 200  # the club page's kind field
