"""A reviewer's own declaration of a conflict of interest (a recusal), for what the rules cannot see: the entry
leaves their list, a score they gave stops counting (kept in the audit log), an award the Board prepared on the old
average is cleared, and the Board sees who declared what. Through the service and through the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from ideas.competitions import services
from ideas.competitions.enums import Award, EntryStatus
from ideas.competitions.models import CompetitionEntry, CompetitionRecusal, CompetitionReview
from ideas.competitions.rules import can_review, has_conflict_of_interest
from tests.factories.competitions import apply, full_scores, make_competition
from tests.factories.ideas import make_entry
from tests.factories.portal import UserFactory, board_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    owner = UserFactory()
    reviewer, other = UserFactory(), UserFactory()
    competition = make_competition(reviewers=[reviewer, other], title="Giải QZXRECUSE")
    entry = apply(owner, competition, make_entry(owner, title="Gốm Thanh Hà QZXGOM"))
    return {"owner": owner, "reviewer": reviewer, "other": other, "competition": competition, "entry": entry}


def row(entry):
    return CompetitionEntry.objects.with_scores().select_related("idea", "competition").get(pk=entry.pk)


def test_a_recusal_drops_the_reviewers_score_and_clears_the_award_prepared_on_it(world, clock):
    entry, reviewer = world["entry"], world["reviewer"]
    services.score(reviewer, entry, full_scores(world["competition"], 10))
    services.score(world["other"], entry, full_scores(world["competition"], 6))
    assert row(entry).avg_score == 80.0
    clock.at("2099-01-01 00:00")  # after the deadline: the Board prepares on the average of both
    services.prepare_award(board_user(), entry, Award.FIRST)

    services.recuse(reviewer, entry, reason="Người dự thi là em họ của tôi")

    current = row(entry)
    assert (current.review_count, current.avg_score) == (1, 60.0)
    assert (current.status, current.pending_award) == (EntryStatus.SUBMITTED, "")
    assert not CompetitionReview.objects.filter(reviewer=reviewer).exists()
    logged = ModelLogEntry.objects.get(action=services.REVIEW_WITHDRAWN)
    assert (logged.user, logged.data["total"]) == (reviewer, "100.0")
    assert ModelLogEntry.objects.filter(action=services.PENDING_CLEARED).count() == 1
    assert has_conflict_of_interest(reviewer, current) and not can_review(reviewer, current)
    with pytest.raises(services.CompetitionError, match="xung đột"):
        services.score(reviewer, current, full_scores(world["competition"]))
    assert can_review(world["other"], current)  # the other reviewer's work is untouched


def test_a_recusal_without_a_score_leaves_a_prepared_award_alone(world, clock):
    entry = world["entry"]
    services.score(world["other"], entry, full_scores(world["competition"], 7))
    clock.at("2099-01-01 00:00")
    services.prepare_award(board_user(), entry, Award.SECOND)
    services.recuse(world["reviewer"], entry, reason="Đối tác kinh doanh")
    entry.refresh_from_db()
    assert entry.pending_award == Award.SECOND
    assert not ModelLogEntry.objects.filter(action=services.REVIEW_WITHDRAWN).exists()


def test_a_recusal_is_refused_to_a_non_reviewer_on_a_decided_entry_twice_or_without_a_reason(world):
    entry, reviewer = world["entry"], world["reviewer"]
    with pytest.raises(services.CompetitionError, match="lý do"):
        services.recuse(reviewer, entry, reason="   ")
    for outsider in (UserFactory(), board_user(), world["owner"]):
        with pytest.raises(services.CompetitionError, match="giám khảo"):
            services.recuse(outsider, entry, reason="Không liên quan")
    assert not CompetitionRecusal.objects.exists()
    services.recuse(reviewer, entry, reason="Người thân")
    with pytest.raises(services.CompetitionError, match="đã khai báo"):
        services.recuse(reviewer, entry, reason="Lần nữa")
    services.withdraw(world["owner"], entry)
    with pytest.raises(services.CompetitionError, match="đã rút"):
        services.recuse(world["other"], entry, reason="Quá muộn")
    assert CompetitionRecusal.objects.count() == 1


def test_the_reviewer_declares_through_the_scoring_page_and_the_entry_leaves_their_list(client, world):
    reviewer, entry = world["reviewer"], world["entry"]
    client.force_login(reviewer)
    score_url = f"/ca-nhan/cuoc-thi/cham/ho-so/{entry.pk}/"
    recuse_url = f"{score_url}xung-dot/"
    assert recuse_url.encode() in client.get(score_url).content
    assert score_url.encode() in client.get(f"/ca-nhan/cuoc-thi/cham/{world['competition'].pk}/").content
    response = client.post(recuse_url, {"reason": "<script>alert(1)</script>"})
    assert response.status_code == 200 and "thẻ đánh dấu" in response.content.decode()
    assert client.post(recuse_url, {"reason": ""}).status_code == 200
    assert not CompetitionRecusal.objects.exists()

    response = client.post(recuse_url, {"reason": "Anh & em trong nhóm"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/ca-nhan/cuoc-thi/cham/{world['competition'].pk}/"
    assert "Đã ghi nhận xung đột lợi ích" in page and score_url not in page
    assert CompetitionRecusal.objects.get().reason == "Anh & em trong nhóm"
    assert client.get(score_url).status_code == 404
    assert client.post(recuse_url, {"reason": "Lần nữa"}).status_code == 404


def test_another_reviewer_a_stranger_and_the_owner_cannot_declare_for_the_entry(client, world):
    entry = world["entry"]
    services.recuse(world["reviewer"], entry, reason="Người thân")
    for user in (UserFactory(), world["owner"]):
        client.force_login(user)
        assert client.post(f"/ca-nhan/cuoc-thi/cham/ho-so/{entry.pk}/xung-dot/", {"reason": "x"}).status_code == 404
    client.logout()
    response = client.post(f"/ca-nhan/cuoc-thi/cham/ho-so/{entry.pk}/xung-dot/", {"reason": "x"})
    assert response.status_code == 302  # to the sign-in page
    assert CompetitionRecusal.objects.count() == 1
    client.force_login(world["other"])  # the other reviewer still scores it
    assert client.get(f"/ca-nhan/cuoc-thi/cham/ho-so/{entry.pk}/").status_code == 200


def test_the_board_sees_who_declared_what_on_the_competition_screen(client, world):
    services.recuse(world["reviewer"], world["entry"], reason="Anh & em trong nhóm")
    client.force_login(board_user())
    page = client.get(f"/admin/ideas/competitions/inspect/{world['competition'].pk}/").content.decode()
    assert "Giám khảo khai báo xung đột lợi ích" in page
    assert "Anh &amp; em trong nhóm" in page


def test_the_scoring_list_costs_the_same_with_more_entries_and_recusals(client, world):
    reviewer, competition = world["reviewer"], world["competition"]
    client.force_login(reviewer)
    url = f"/ca-nhan/cuoc-thi/cham/{competition.pk}/"

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    few = queries()
    for n in range(8):
        owner = UserFactory()
        entry = apply(owner, competition, make_entry(owner, title=f"Ý tưởng {n}"))
        if n % 2:
            services.recuse(reviewer, entry, reason="Người quen")
    assert queries() == few
