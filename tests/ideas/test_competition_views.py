"""Competitions seen from outside: the public list and page (winners only once released, in a constant number of
queries from 10 to many entries), entering through the front end, the permission matrix of the personal-area
screens (another's entry, a competition one does not review, a conflicted entry: 404), and the Board's admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.competitions import services
from ideas.competitions.enums import Award, EntryStatus
from ideas.competitions.models import CompetitionEntry, CompetitionReview
from tests.factories.clubs import club_editor, make_club
from tests.factories.competitions import apply, make_competition
from tests.factories.ideas import make_entry
from tests.factories.portal import AgencyFactory, UserFactory, board_user, nominator

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree):
    directory, _ = site_tree
    club = make_club(directory)
    owner = UserFactory()
    idea = make_entry(owner, club=club, title="Gốm Thanh Hà QZXGOM")
    reviewer, other_reviewer = UserFactory(), UserFactory()
    competition = make_competition(reviewers=[reviewer, other_reviewer], title="Giải thưởng QZXGIAI")
    entry = apply(owner, competition, idea)
    return {
        "club": club, "owner": owner, "idea": idea, "competition": competition, "entry": entry,
        "users": {
            "anonymous": None, "owner": owner, "stranger": UserFactory(), "reviewer": reviewer,
            "editor": club_editor(club), "other_nominator": nominator(AgencyFactory()), "board": board_user(),
        },
    }


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def test_the_public_list_and_page_show_a_published_competition_with_its_criteria(client, world):
    hidden = make_competition(title="QZXANCUOC", is_published=False)
    page = client.get("/y-tuong/cuoc-thi/").content.decode()
    assert "Giải thưởng QZXGIAI" in page and "QZXANCUOC" not in page
    page = client.get(f"/y-tuong/cuoc-thi/{world['competition'].pk}/").content.decode()
    assert "Tính mới" in page and "Nông nghiệp" in page and "Đăng ký dự thi" in page
    assert client.get(f"/y-tuong/cuoc-thi/{hidden.pk}/").status_code == 404
    assert client.get("/y-tuong/cuoc-thi/99999999999999999999999/").status_code == 404


def test_winners_are_shown_only_once_released(client, world, clock):
    url = f"/y-tuong/cuoc-thi/{world['competition'].pk}/"
    clock.at("2099-01-01 00:00")
    services.prepare_award(world["users"]["board"], world["entry"], Award.FIRST, reason="QZXNHANXET")
    page = client.get(url).content.decode()
    assert "QZXGOM" not in page and "QZXNHANXET" not in page
    services.release_awards(world["users"]["board"], world["competition"])
    page = client.get(url).content.decode()
    assert "QZXGOM" in page and "Giải nhất" in page and "QZXNHANXET" in page


def test_the_public_pages_cost_the_same_with_10_or_many_entries(client, world, clock):
    competition, board, owner = world["competition"], world["users"]["board"], world["owner"]
    more = [apply(owner, competition, make_entry(owner)) for _ in range(39)]
    prizes = [Award.FIRST, Award.SECOND, Award.THIRD, Award.HONOURABLE]
    clock.at("2099-01-01 00:00")
    urls = (f"/y-tuong/cuoc-thi/{competition.pk}/", "/y-tuong/cuoc-thi/")

    def costs():
        found = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    for i, entry in enumerate([world["entry"], *more[:9]]):
        services.prepare_award(board, entry, prizes[i % 4])
    services.release_awards(board, competition)
    with_ten = costs()
    for i, entry in enumerate(more[9:]):
        services.prepare_award(board, entry, prizes[i % 4])
    services.release_awards(board, competition)
    assert CompetitionEntry.objects.filter(status=EntryStatus.AWARDED).count() == 40
    assert costs() == with_ten


def test_the_owner_applies_through_the_front_end_and_hostile_text_gets_a_clear_message(client, world):
    owner = world["owner"]
    idea = make_entry(owner, title="Du lịch QZXDULICH")
    client.force_login(owner)
    url = f"/y-tuong/cuoc-thi/{world['competition'].pk}/dang-ky/"
    category = world["competition"].categories.first()
    response = client.post(url, {"idea": idea.pk, "category": category.pk, "statement": "<script>alert(1)</script>"})
    assert response.status_code == 200 and "thẻ đánh dấu" in response.content.decode()
    for hostile in ("99999999999999999999999", "-1", "x", "\x00"):
        response = client.post(url, {"idea": hostile, "category": category.pk})
        assert response.status_code == 200
    response = client.post(url, {"idea": idea.pk, "category": category.pk, "statement": "Vì\r\nthế"})
    assert response.status_code == 302
    entry = CompetitionEntry.objects.get(idea=idea)
    assert (entry.route, entry.statement) == ("owner", "Vì\nthế")


def test_another_persons_idea_cannot_be_entered_through_the_form(client, world):
    client.force_login(world["users"]["stranger"])
    idea = make_entry(UserFactory())
    response = client.post(f"/y-tuong/cuoc-thi/{world['competition'].pk}/dang-ky/", {"idea": idea.pk})
    assert response.status_code == 200
    assert not CompetitionEntry.objects.filter(idea=idea).exists()


def test_an_agency_nominates_by_the_ideas_number(client, world):
    agency_user = world["users"]["other_nominator"]
    idea = make_entry(UserFactory(), title="Nông sản QZXNONGSAN")
    client.force_login(agency_user)
    response = client.post(
        f"/y-tuong/cuoc-thi/{world['competition'].pk}/dang-ky/",
        {"idea": idea.pk, "category": world["competition"].categories.first().pk},
    )
    assert response.status_code == 302
    assert CompetitionEntry.objects.get(idea=idea).nominating_agency_id == agency_user.agency_id


@pytest.mark.parametrize(
    "who, sees_mine, may_withdraw, may_score",
    [
        ("anonymous", False, False, False),
        ("owner", True, True, False),
        ("stranger", False, False, False),
        ("reviewer", False, False, True),
        ("editor", False, False, False),  # the club's editor: a conflict, and not a reviewer anyway
        ("other_nominator", False, False, False),
        ("board", False, False, False),  # the Board decides in the admin, it does not score
    ],
)
def test_permission_matrix_of_the_personal_screens(client, world, who, sees_mine, may_withdraw, may_score):
    entry = world["entry"]
    user = world["users"][who]
    as_user(client, user)
    mine = client.get("/ca-nhan/cuoc-thi/")
    if user is None:
        assert mine.status_code == 302
    else:
        assert ("QZXGOM" in mine.content.decode()) is sees_mine
    score = client.get(f"/ca-nhan/cuoc-thi/cham/ho-so/{entry.pk}/")
    assert score.status_code == (200 if may_score else 302 if user is None else 404)
    scoring = client.get(f"/ca-nhan/cuoc-thi/cham/{world['competition'].pk}/")
    assert scoring.status_code == (200 if may_score else 302 if user is None else 404)
    response = client.post(f"/ca-nhan/cuoc-thi/{entry.pk}/rut/")
    entry.refresh_from_db()
    assert (entry.status == EntryStatus.WITHDRAWN) is may_withdraw
    if user is not None and not may_withdraw:
        assert response.status_code == 404


def test_a_conflicted_entry_is_hidden_from_the_reviewer_list_and_a_404_on_its_url(client, world):
    reviewer = world["users"]["reviewer"]
    mine = make_entry(reviewer, title="Của giám khảo QZXCUAGK")
    own_entry = apply(reviewer, world["competition"], mine)
    client.force_login(reviewer)
    page = client.get(f"/ca-nhan/cuoc-thi/cham/{world['competition'].pk}/").content.decode()
    assert "QZXGOM" in page and "QZXCUAGK" not in page
    assert client.get(f"/ca-nhan/cuoc-thi/cham/ho-so/{own_entry.pk}/").status_code == 404
    assert client.post(f"/ca-nhan/cuoc-thi/cham/ho-so/{own_entry.pk}/", {}).status_code == 404
    assert not CompetitionReview.objects.exists()


def test_a_reviewer_scores_through_the_form_and_bad_scores_get_messages(client, world):
    reviewer = world["users"]["reviewer"]
    client.force_login(reviewer)
    url = f"/ca-nhan/cuoc-thi/cham/ho-so/{world['entry'].pk}/"
    criteria = list(world["competition"].criteria.all())
    bad = {f"c{c.pk}": ("1" if c.is_must_have else "11") for c in criteria} | {"comment": "<b>x</b>"}
    response = client.post(url, bad)
    assert response.status_code == 200 and not CompetitionReview.objects.exists()
    good = {f"c{c.pk}": ("1" if c.is_must_have else "10") for c in criteria} | {"comment": "Tốt"}
    assert client.post(url, good).status_code == 302
    review = CompetitionReview.objects.get()
    assert (review.total, review.comment) == (100, "Tốt")


def test_the_board_admin_lists_inspects_prepares_and_releases(client, world, clock):
    clock.at("2099-01-01 00:00")  # after the deadline (and before logging in: the session must not expire)
    board = world["users"]["board"]
    client.force_login(board)
    assert client.get("/admin/ideas/competitions/").status_code == 200
    inspect = f"/admin/ideas/competitions/inspect/{world['competition'].pk}/"
    assert "QZXGOM" in client.get(inspect).content.decode()
    assert client.get(f"/admin/ideas/competitions/edit/{world['competition'].pk}/").status_code == 200
    client.post(f"/admin/ideas/competitions/prepare/{world['entry'].pk}/", {"award": "first", "reason": "Hay"})
    world["entry"].refresh_from_db()
    assert world["entry"].pending_award == "first"
    client.post(f"/admin/ideas/competitions/release/{world['competition'].pk}/")
    world["entry"].refresh_from_db()
    assert world["entry"].award == "first"
    # a competition with entries is not deleted (PROTECT), the Board is told why
    response = client.post(f"/admin/ideas/competitions/delete/{world['competition'].pk}/", follow=True)
    assert response.status_code == 200
    assert type(world["competition"]).objects.filter(pk=world["competition"].pk).exists()


@pytest.mark.parametrize("who", ["owner", "reviewer", "editor", "other_nominator"])
def test_nobody_but_the_board_reaches_the_competition_admin(client, world, who, clock):
    clock.at("2099-01-01 00:00")
    client.force_login(world["users"][who])
    assert client.get("/admin/ideas/competitions/").status_code in (302, 403)
    response = client.post(f"/admin/ideas/competitions/prepare/{world['entry'].pk}/", {"award": "first"})
    assert response.status_code in (302, 403)
    world["entry"].refresh_from_db()
    assert world["entry"].pending_award == ""


def test_a_category_with_entries_is_not_removed_from_the_admin_form(client, world):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    competition = world["competition"]
    client.force_login(world["users"]["board"])
    categories = list(competition.categories.all())
    criteria = list(competition.criteria.all())
    data = nested_form_data({
        "title": competition.title, "organiser": "", "is_published": "on",
        "opens_at": competition.opens_at.strftime("%Y-%m-%d %H:%M"),
        "closes_at": competition.closes_at.strftime("%Y-%m-%d %H:%M"),
        "description": "", "eligibility": "",
        "categories": inline_formset(
            [
                {"id": c.pk, "name": c.name, "ORDER": i, "DELETE": "on" if i == 0 else ""}
                for i, c in enumerate(categories)
            ],
            initial=len(categories),
        ),
        "criteria": inline_formset(
            [{"id": c.pk, "text": c.text, "weight": c.weight, "is_must_have": "on" if c.is_must_have else "",
              "ORDER": i} for i, c in enumerate(criteria)],
            initial=len(criteria),
        ),
        "reviewers": [u.pk for u in competition.reviewers.all()],
    })
    response = client.post(f"/admin/ideas/competitions/edit/{competition.pk}/", data)
    assert response.status_code == 200
    assert "Không thể xóa hạng mục" in response.content.decode()
    assert competition.categories.count() == len(categories)


def test_the_winner_finds_the_award_certificate_in_the_personal_area_and_it_verifies(client, world, clock):
    from ideas.competitions.certificates import for_entries

    clock.at("2099-01-01 00:00")
    services.prepare_award(world["users"]["board"], world["entry"], Award.SECOND)
    services.release_awards(world["users"]["board"], world["competition"])
    certificate = for_entries([world["entry"]])[world["entry"].pk]
    client.force_login(world["owner"])
    page = client.get("/ca-nhan/giay-chung-nhan/").content.decode()
    assert certificate.serial in page and "Giấy chứng nhận giải thưởng" in page
    assert "Giải nhì – Giải thưởng QZXGIAI" in client.get(f"/tot/xac-minh/{certificate.code}/").content.decode()
