"""The idea bank in the Board's personal-data screens: a person's entries are in their export, and erasure takes
them off the bank and clears the contact and the team in the entry and in every version it keeps."""

import json

import pytest

from ideas import services
from ideas.models import Entry
from portal.personal_data.service import Person, erase_person, export_person
from tests.factories.ideas import content, make_entry
from tests.factories.portal import UserFactory, board_user

pytestmark = pytest.mark.django_db
KIND = "Ý tưởng, dự án trong ngân hàng ý tưởng"


@pytest.fixture
def world(site_tree):
    person = UserFactory(email="hoa@example.vn")
    entry = make_entry(person, team="Nguyễn Thị Hoa QZXNHOM", contact_phone="0905 999 888", show_contact=True)
    services.update(person, entry, content(team="Nguyễn Thị Hoa QZXNHOM", contact_phone="0905 999 888"))
    other = make_entry(contact_email="khac@example.vn", contact_name="Trần Văn Khác", show_contact=True)
    return person, entry, other


def test_the_export_holds_the_persons_entries_only(world):
    person, entry, other = world
    data = export_person(Person.lookup(user=person), board_user())["Dữ liệu"]
    assert [row["Tên ý tưởng, dự án"] for row in data[KIND]] == [entry.title]
    assert "Trần Văn Khác" not in json.dumps(data, ensure_ascii=False)


def test_erasure_withdraws_the_entries_and_clears_contact_and_team_in_every_version(world, client):
    person, entry, other = world
    erase_person(Person.lookup(user=person), board_user(), reference="Đơn số 3/2026", reason="Yêu cầu")
    entry.refresh_from_db()
    assert (entry.state, entry.contact_phone, entry.contact_email, entry.team, entry.show_contact) == (
        "withdrawn",
        "",
        "",
        "",
        False,
    )
    stored = json.dumps(list(entry.versions.values_list("data", flat=True)), ensure_ascii=False)
    assert "QZXNHOM" not in stored and "0905 999 888" not in stored and "hoa@example.vn" not in stored
    assert not entry.versions.filter(status="pending").exists()
    assert client.get(f"/api/y-tuong/entries/{entry.pk}").status_code == 404
    other.refresh_from_db()
    assert (other.state, other.contact_name) == ("published", "Trần Văn Khác")
    assert Entry.objects.count() == 2  # the counts per sector and district keep the row
