"""The idea bank's forms and filters fed hostile data (issue 17): sending an idea, changing it, withdrawing it, a
moderator's return reason, the showcase filters. Never a 500; a form error changes nothing; what is saved is
valid and clean."""

import pytest
from hypothesis import given

from ideas.models import Entry, EntryVersion
from tests.factories.clubs import club_editor
from tests.factories.ideas import make_entry, sector
from tests.factories.portal import UserFactory
from tests.fuzz.conftest import assert_nothing_saved_unless, assert_ok, counts, emails, form_data, query_params

pytestmark = pytest.mark.django_db


def entry_fields(world):
    return {
        "title": "Rau hữu cơ Trà Quế",
        "summary": "Liên kết 30 hộ trồng rau hữu cơ.",
        "sector": str(world["sector"].pk),
        "stage": "idea",
        "needs": ["market", "funding"],
        "district": str(world["unit"].pk),
        "club": str(world["club"].pk),
        "team": "Nguyễn Thị Hoa",
        "show_team": "on",
        "contact_name": "Nguyễn Thị Hoa",
        "contact_email": emails,
        "contact_phone": "0905 123 456",
        "show_contact": "on",
        "consent": "on",
    }


OPTIONAL = ("club", "team", "show_team", "needs", "contact_name", "contact_phone", "show_contact")


@pytest.fixture
def world(public_site):
    club = public_site["club"]
    return {"sector": sector(), "unit": club.unit, "club": club, "owner": UserFactory()}


def send(client, world, data):
    client.force_login(world["owner"])
    before = counts(Entry, EntryVersion)
    response = client.post("/y-tuong/gui/", data)
    assert_ok(response)
    assert_nothing_saved_unless(response, before, [Entry, EntryVersion], created={"Entry": 1, "EntryVersion": 1})
    for entry in Entry.objects.filter(owner=world["owner"]):
        entry.full_clean()
        assert "\x00" not in entry.title + entry.summary + entry.team
    Entry.objects.filter(owner=world["owner"]).delete()


def test_sending_an_idea(client, world):
    @given(data=form_data(entry_fields(world), optional=OPTIONAL))
    def run(data):
        send(client, world, data)

    run()


def test_changing_an_idea(client, world):
    entry = make_entry(world["owner"], club=world["club"])

    @given(data=form_data(entry_fields(world), optional=OPTIONAL))
    def run(data):
        client.force_login(world["owner"])
        before = counts(Entry, EntryVersion)
        response = client.post(f"/y-tuong/{entry.pk}/sua/", data)
        assert_ok(response)
        assert_nothing_saved_unless(response, before, [Entry, EntryVersion], created={"EntryVersion": 1})
        entry.refresh_from_db()
        entry.full_clean()

    run()


def test_a_moderators_return_reason(client, world):
    editor = club_editor(world["club"])

    @given(data=form_data({"reason": "Xin bổ sung số liệu thị trường."}))
    def run(data):
        entry = make_entry(club=world["club"], publish=False)
        client.force_login(editor)
        response = client.post(f"/admin/ideas/entries/return/{entry.pk}/", data)
        assert_ok(response)
        entry.refresh_from_db()
        assert entry.state in ("submitted", "returned")
        assert "\x00" not in entry.return_reason

    run()


def test_the_showcase_filters(client, world):
    make_entry(club=world["club"])

    @given(
        params=query_params(
            {
                "q": "rau huu co",
                "sector": "nong-nghiep-huu-co",
                "district": None,
                "stage": "idea",
                "need": "market",
                "page": "1",
            },
            optional=("q", "sector", "district", "stage", "need", "page"),
        )
    )
    def run(params):
        assert_ok(client.get("/y-tuong/", params))
        assert_ok(client.get("/api/y-tuong/entries", params))

    run()


def test_inviting_a_team_member(client, world):
    """The owner's invitation form (ideas.teams): a user name, an e-mail address, or anything hostile."""
    from django.core.cache import cache
    from hypothesis import strategies as st

    from ideas.teams.models import TeamMember

    entry = make_entry(world["owner"])
    member = UserFactory(username="thanhvien", email="thanh.vien@example.vn")
    UserFactory(username="tamngung", email="tam.ngung@example.vn", is_active=False)
    who = st.sampled_from(["thanhvien", "THANH.VIEN@example.vn", world["owner"].username, "tamngung",
                           "tam.ngung@example.vn", " thanhvien ", "thanhvien\x00"])

    @given(data=form_data({"who": who}))
    def run(data):
        cache.clear()  # each example is its own hour: the invitations' rate limit (20) would answer 429 after 20
        client.force_login(world["owner"])
        before = counts(TeamMember)
        response = client.post(f"/ca-nhan/y-tuong/{entry.pk}/nhom/", data)
        assert response.status_code != 429
        assert_ok(response)
        assert_nothing_saved_unless(response, before, [TeamMember], created={"TeamMember": 1})
        assert set(TeamMember.objects.values_list("user_id", flat=True)) <= {member.pk}
        TeamMember.objects.all().delete()

    run()
