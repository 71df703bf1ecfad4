"""A Board reviewer's declared conflict of interest with a candidate (a relative, a colleague of another agency:
what the agency rule cannot see), through the review engine nominations and competitions share
(portal.review.recusal): the candidate leaves the reviewer's list and screens, a score they gave stops counting
(kept in the audit log), a decision prepared on the old average is cleared, and the Board sees who declared what."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.factories.portal import board_user, nominator
from tests.factories.training import (
    BoardDecisionFactory,
    NominationRoundFactory,
    RoundCriterionFactory,
    invite,
    nominate,
)
from training.models import Nomination, Review
from training.nominations import services
from training.nominations.enums import NominationStatus as S
from training.nominations.models import Recusal
from training.nominations.rules import can_review

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/training/nomination/"


@pytest.fixture
def world():
    round_ = NominationRoundFactory(title="Đợt QZXRECUSE")
    criterion = RoundCriterionFactory(round=round_, weight=1)
    agency_user = nominator()
    invite(round_, agency_user.agency, quota=5)
    nomination = nominate(agency_user, round_, status=S.SUBMITTED, full_name="Trần Văn Thân QZXTHAN")
    return {"round": round_, "criterion": criterion, "nomination": nomination, "agency_user": agency_user}


def average(nomination):
    return Nomination.objects.with_scores().get(pk=nomination.pk).avg_score


def test_a_recusal_drops_the_score_and_clears_the_decision_prepared_on_it(world):
    nomination, criterion = world["nomination"], world["criterion"]
    reviewer, other, chair = board_user(), board_user(), board_user()
    services.score(nomination, reviewer, {criterion: 10}, comment="Rất phù hợp")
    services.score(nomination, other, {criterion: 6})
    assert average(nomination) == 80.0
    services.prepare_decision(nomination, chair, S.ACCEPTED, decision=BoardDecisionFactory())

    recusal = services.recuse(nomination, reviewer, reason="Ứng viên là em họ của tôi")

    assert (recusal.reviewer, recusal.nomination, recusal.reason) == (reviewer, nomination, "Ứng viên là em họ của tôi")
    assert not Review.objects.filter(nomination=nomination, reviewer=reviewer).exists()
    assert average(nomination) == 60.0
    nomination.refresh_from_db()
    assert (nomination.status, nomination.pending_status) == (S.SUBMITTED, "")
    withdrawn = ModelLogEntry.objects.get(action=services.REVIEW_WITHDRAWN)
    assert withdrawn.data == {"total": "100.0", "excluded": False, "comment": "Rất phù hợp"}
    assert withdrawn.user == reviewer
    assert ModelLogEntry.objects.filter(action=services.PENDING_CLEARED, object_id=str(nomination.pk)).exists()
    assert not can_review(reviewer, nomination) and can_review(other, nomination)
    with pytest.raises(services.ConflictOfInterest):
        services.score(nomination, reviewer, {criterion: 9})


def test_a_recusal_without_a_score_leaves_a_prepared_decision_alone(world):
    nomination, chair = world["nomination"], board_user()
    services.prepare_decision(nomination, chair, S.ACCEPTED, decision=BoardDecisionFactory())
    services.recuse(nomination, board_user(), reason="Đồng nghiệp cũ")
    nomination.refresh_from_db()
    assert nomination.pending_status == S.ACCEPTED
    assert not ModelLogEntry.objects.filter(action=services.REVIEW_WITHDRAWN).exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_empty_reason_or_a_second_declaration_is_refused_and_changes_nothing(world, reason):
    nomination, reviewer = world["nomination"], board_user()
    services.score(nomination, reviewer, {world["criterion"]: 7})
    with pytest.raises(services.NotAllowed, match="lý do"):
        services.recuse(nomination, reviewer, reason=reason)
    assert Review.objects.filter(reviewer=reviewer).exists() and not Recusal.objects.exists()
    services.recuse(nomination, reviewer, reason="Người thân")
    with pytest.raises(services.NotAllowed, match="đã khai báo"):
        services.recuse(nomination, reviewer, reason="Lần nữa")
    assert Recusal.objects.count() == 1


def test_only_a_board_reviewer_recuses_and_only_while_the_nomination_is_under_review(world):
    nomination = world["nomination"]
    with pytest.raises(services.NotAllowed):
        services.recuse(nomination, world["agency_user"], reason="Không phải người chấm")
    services.decide(nomination, board_user(), S.ACCEPTED, decision=BoardDecisionFactory())
    with pytest.raises(services.NotAllowed, match="đã có quyết định"):
        services.recuse(nomination, board_user(), reason="Muộn")
    assert not Recusal.objects.exists()


def test_through_the_admin_the_candidate_leaves_the_reviewers_list_and_the_board_sees_why(client, world):
    nomination, criterion = world["nomination"], world["criterion"]
    reviewer = board_user()
    client.force_login(reviewer)
    score_page = client.get(f"{LIST}scoring/{nomination.pk}/").content.decode()
    assert f"{LIST}scoring/{nomination.pk}/recuse/" in score_page
    client.post(f"{LIST}scoring/{nomination.pk}/", {f"c{criterion.pk}": 8})

    refused = client.post(f"{LIST}scoring/{nomination.pk}/recuse/", {"reason": "<b>em họ</b>"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not Recusal.objects.exists() and Review.objects.filter(reviewer=reviewer).exists()

    done = client.post(f"{LIST}scoring/{nomination.pk}/recuse/", {"reason": "Ứng viên là em họ của tôi"})
    assert done.status_code == 302
    listing = client.get(f"{LIST}scoring/").content.decode()
    assert "bạn không chấm hồ sơ của Trần Văn Thân QZXTHAN nữa" in listing  # the message, once
    assert f"{LIST}scoring/{nomination.pk}/" not in listing
    assert client.get(f"{LIST}scoring/{nomination.pk}/").status_code == 404
    assert client.post(f"{LIST}scoring/{nomination.pk}/", {f"c{criterion.pk}": 9}).status_code == 404
    assert client.post(f"{LIST}scoring/{nomination.pk}/recuse/", {"reason": "lại"}).status_code == 404
    assert not Review.objects.filter(reviewer=reviewer).exists()

    client.force_login(board_user())
    assert f"{LIST}scoring/{nomination.pk}/" in client.get(f"{LIST}scoring/").content.decode()
    inspect = client.get(f"{LIST}inspect/{nomination.pk}/").content.decode()
    assert "Ứng viên là em họ của tôi" in inspect and str(reviewer) in inspect
    history = client.get(f"{LIST}history/{nomination.pk}/").content.decode()
    assert "phiếu chấm 80,0 điểm không còn được tính" in history


def test_a_recusal_leaves_other_reviewers_and_the_agency_untouched(client, world):
    """Roles meet: one reviewer's declaration never touches another reviewer's score or the agency's view."""
    nomination, criterion = world["nomination"], world["criterion"]
    reviewer, other = board_user(), board_user()
    services.score(nomination, other, {criterion: 5}, comment="Cần thêm kinh nghiệm")
    services.recuse(nomination, reviewer, reason="Bạn học cũ")
    assert Review.objects.get(nomination=nomination, reviewer=other).comment == "Cần thêm kinh nghiệm"
    client.force_login(world["agency_user"])
    page = client.get(reverse("training:nomination_detail", args=[nomination.pk]))
    assert page.status_code == 200 and "Bạn học cũ" not in page.content.decode()
