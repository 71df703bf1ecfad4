"""Malformed requests found by the fuzz tests (tests/fuzz): each answered with a clear 4xx, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/lich/ca-nhan/%00.ics",  # personal feed token: a DataError on PostgreSQL before the fix
    "/dang-ky/abc%00def/",  # registration link token
    "/cau-lac-bo/?kind=%00",
    "/tim-kiem/?q=a%00b",
    "/tot/xac-minh/?code=%00",
    "/tin-tuc/?tag=x&%00=1",
])
def test_nul_byte_in_the_url_is_a_clear_bad_request(client, site_tree, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_nul_byte_in_a_posted_cancel_link_is_a_bad_request_and_cancels_nothing(client):
    assert client.post("/dang-ky/%00/").status_code == 400


@pytest.mark.parametrize("next_url", ["trang-chu", "{{ 7*7 }}", "admin:index", "/tin-tuc/\r\nSet-Cookie: x=1"])
def test_follow_with_a_next_that_is_not_a_path_returns_to_the_club(client, site_tree, next_url):
    """redirect() took any text without a slash for a view name to reverse: NoReverseMatch, a 500."""
    from tests.factories.clubs import make_club
    from tests.factories.portal import UserFactory

    club = make_club(site_tree[0])
    client.force_login(UserFactory())

    response = client.post(f"/theo-doi/{club.pk}/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] in (club.url, "/tin-tuc/%0D%0ASet-Cookie:%20x=1")
    assert "\n" not in response["Location"]


def test_nomination_with_a_criterion_id_beyond_64_bits_is_a_form_error(client, home):
    """ModelMultipleChoiceField ran `pk__in` with the number: OverflowError on SQLite, a 500."""
    from tests.factories.portal import nominator
    from tests.factories.training import NominationRoundFactory, RoundCriterionFactory, invite
    from training.models import Nomination

    user = nominator()
    round_ = NominationRoundFactory()
    RoundCriterionFactory(round=round_)
    invite(round_, user.agency)
    client.force_login(user)

    response = client.post(f"/tot/de-cu/dot/{round_.pk}/them/", {
        "full_name": "Trần Thị Bích Ngọc", "gender": "nu", "date_of_birth": "1990-04-12", "workplace": "UBND",
        "phone": "0905123456", "email": "ngoc@example.vn", "consent": "on",
        "criteria_met": ["0", "9223372036854775808"],
    })

    assert response.status_code == 200
    assert "criteria_met" in response.context["form"].errors
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize("url", [
    "/lich/clb/9223372036854775808.ics",  # OverflowError on SQLite before the <id:> converter
    "/theo-doi/99999999999999999999/",
    "/ca-nhan/giay-chung-nhan/tot/9223372036854775808.pdf",
    "/tot/de-cu/ho-so/9223372036854775808/",
])
def test_an_id_beyond_64_bits_in_the_path_is_not_found(client, site_tree, url):
    assert client.get(url).status_code == 404


def test_ids_of_18_digits_still_resolve():
    from django.urls import resolve, reverse

    url = reverse("events:club_feed", args=[999_999_999_999_999_999])
    assert resolve(url).kwargs == {"club_id": 999_999_999_999_999_999}
