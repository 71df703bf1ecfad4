"""The idea bank in the Board's personal-data screens: a person's entries are in their export, and erasure takes
them off the bank and clears the contact and the team in the entry and in every version it keeps; the competition
reviews of their entries are in their export, and erasure clears their comments and keeps the scores."""

import json

import pytest

from ideas import services
from ideas.competitions import services as competitions
from ideas.competitions.models import CompetitionReview, CompetitionScore
from ideas.models import Entry
from portal.personal_data.service import Person, erase_person, export_person
from tests.factories.competitions import apply, full_scores, make_competition
from tests.factories.ideas import content, make_entry
from tests.factories.portal import UserFactory, board_user

pytestmark = pytest.mark.django_db
KIND = "Ý tưởng, dự án trong ngân hàng ý tưởng"
REVIEWS = "Phiếu chấm hồ sơ dự thi của người này"


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


@pytest.fixture
def judged(world):
    """Two reviewers score the person's competition entry and another owner's entry."""
    person, entry, other = world
    first = UserFactory(last_name="Võ", first_name="Thị Giám Khảo")
    second = UserFactory(last_name="Đặng", first_name="Văn Giám Khảo")
    competition = make_competition(reviewers=[first, second], title="Giải QZXGIAI")
    theirs = apply(other.owner, competition, other)
    mine = apply(person, competition, entry)
    reviews = [
        competitions.score(first, mine, full_scores(competition, 8), comment="Nhóm của chị Hoa mạnh QZXVEHOA"),
        competitions.score(second, mine, full_scores(competition, 6), comment="Thị trường hẹp QZXVEHOA2"),
    ]
    competitions.score(first, theirs, full_scores(competition, 5), comment="Của người khác QZXKHAC")
    return person, mine, theirs, reviews


def test_the_export_holds_the_reviews_of_the_persons_competition_entries_only(judged):
    person, mine, theirs, reviews = judged
    data = export_person(Person.lookup(user=person), board_user())["Dữ liệu"]
    entry_title = mine.idea.title
    assert [
        (row["Mã bản ghi"], row["Giám khảo"], row["Điểm (thang 100)"], row["Nhận xét"], row["Hồ sơ dự thi"])
        for row in data[REVIEWS]
    ] == [
        (reviews[0].pk, "Võ Thị Giám Khảo", "80.0", "Nhóm của chị Hoa mạnh QZXVEHOA", f"{entry_title} – Giải QZXGIAI"),
        (reviews[1].pk, "Đặng Văn Giám Khảo", "60.0", "Thị trường hẹp QZXVEHOA2", f"{entry_title} – Giải QZXGIAI"),
    ]
    assert "QZXKHAC" not in json.dumps(data, ensure_ascii=False)
    # the owner of the other entry sees only theirs
    other_data = export_person(Person.lookup(user=theirs.applicant), board_user())["Dữ liệu"]
    assert [row["Nhận xét"] for row in other_data[REVIEWS]] == ["Của người khác QZXKHAC"]


def test_erasure_clears_the_comments_of_the_reviews_of_the_persons_entries_and_keeps_the_scores(judged):
    person, mine, theirs, reviews = judged
    scores = sorted(CompetitionScore.objects.values_list("review_id", "criterion_id", "score"))
    erase_person(Person.lookup(user=person), board_user(), reference="Đơn số 4/2026")
    assert sorted(CompetitionReview.objects.values_list("entry_id", "total", "excluded", "comment")) == sorted([
        (mine.pk, reviews[0].total, False, ""),
        (mine.pk, reviews[1].total, False, ""),
        (theirs.pk, CompetitionReview.objects.get(entry=theirs).total, False, "Của người khác QZXKHAC"),
    ])
    assert [str(review.total) for review in reviews] == ["80.0", "60.0"]
    assert sorted(CompetitionScore.objects.values_list("review_id", "criterion_id", "score")) == scores
