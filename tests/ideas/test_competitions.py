"""Competitions and awards (issue 17 item 2): the shared review engine (portal.review), who may enter, score,
withdraw, prepare and release (with conflicts of interest), the deadline's last second under a frozen clock, what
a withdrawal or the deadline does to a prepared award, the winners' certificates, and constant query counts on the
public pages."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from ideas.competitions import services
from ideas.competitions.certificates import for_entries
from ideas.competitions.enums import Award, EntryStatus
from ideas.competitions.models import CompetitionEntry, CompetitionReview
from ideas.competitions.rules import can_review, has_conflict_of_interest
from portal.review.scoring import IncompleteScores, weighted_total
from tests.clock import LOCAL
from tests.factories.clubs import club_editor, make_club
from tests.factories.competitions import apply, full_scores, make_competition
from tests.factories.ideas import make_entry
from tests.factories.portal import AgencyFactory, UserFactory, board_user, nominator

pytestmark = pytest.mark.django_db


# The engine ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    pk: int
    weight: int = 1
    is_must_have: bool = False


def criterion(pk, weight=1, must=False):
    return Criterion(pk, weight, must)


def test_weighted_total_is_the_weighted_mean_on_a_100_scale():
    a, b, m = criterion(1, 3), criterion(2, 1), criterion(3, 5, must=True)
    assert weighted_total([a, b, m], {a: 10, b: 5, m: 1}) == (Decimal("87.5"), False)
    assert weighted_total([a, b], {a: 7, b: 7}) == (Decimal("70.0"), False)


def test_a_must_have_not_met_excludes_with_total_zero():
    a, m = criterion(1, 3), criterion(2, must=True)
    assert weighted_total([a, m], {a: 10, m: 0}) == (Decimal("0.0"), True)


def test_scores_above_the_scale_are_capped_and_incomplete_scores_refused():
    a = criterion(1)
    assert weighted_total([a], {a: 99}) == (Decimal("100.0"), False)
    with pytest.raises(IncompleteScores):
        weighted_total([a, criterion(2)], {a: 5})
    assert weighted_total([criterion(1, must=True)], {criterion(1, must=True): 1}) == (Decimal("0.0"), False)


# A world --------------------------------------------------------------------------------------------------------


@pytest.fixture
def world(site_tree):
    directory, _ = site_tree
    club_a, club_b = make_club(directory), make_club(directory)
    agency_a, agency_b = AgencyFactory(), AgencyFactory()
    owner = UserFactory(first_name="Hoa", last_name="Nguyễn Thị")
    idea = make_entry(owner, club=club_a, title="Rau hữu cơ QZXDUTHI")
    reviewer = UserFactory(first_name="Bình", last_name="Lê Văn")
    competition = make_competition(reviewers=[reviewer])
    return SimpleNamespace(
        club_a=club_a, club_b=club_b, agency_a=agency_a, agency_b=agency_b, owner=owner, idea=idea,
        reviewer=reviewer, competition=competition, board=board_user(),
        editor_a=club_editor(club_a), editor_b=club_editor(club_b),
        nominator_a=nominator(agency_a), nominator_b=nominator(agency_b),
    )


# Entering --------------------------------------------------------------------------------------------------------


def test_the_owner_applies_with_a_published_idea(world):
    entry = apply(world.owner, world.competition, world.idea, statement="Vì sao")
    assert (entry.route, entry.status, entry.applicant) == ("owner", EntryStatus.SUBMITTED, world.owner)
    assert entry.changes.get().to_status == EntryStatus.SUBMITTED


def test_an_agency_and_the_ideas_club_nominate_but_another_club_and_a_stranger_cannot(world):
    entry = apply(world.nominator_a, world.competition, world.idea)
    assert (entry.route, entry.nominating_agency) == ("agency", world.agency_a)
    services.withdraw(world.nominator_a, entry)
    entry = apply(world.editor_a, world.competition, world.idea)
    assert (entry.route, entry.nominating_club_id) == ("club", world.club_a.pk)
    services.withdraw(world.editor_a, entry)
    for outsider in (world.editor_b, UserFactory()):
        with pytest.raises(services.CompetitionError):
            apply(outsider, world.competition, world.idea)


def test_one_live_entry_per_idea_and_competition(world):
    apply(world.owner, world.competition, world.idea)
    with pytest.raises(services.CompetitionError, match="đã có"):
        apply(world.nominator_a, world.competition, world.idea)
    assert CompetitionEntry.objects.count() == 1


def test_an_unpublished_idea_or_competition_or_a_foreign_category_is_refused(world):
    draft = make_entry(world.owner, publish=False)
    with pytest.raises(services.CompetitionError):
        apply(world.owner, world.competition, draft)
    other = make_competition(title="Khác")
    with pytest.raises(services.CompetitionError, match="hạng mục"):
        apply(world.owner, world.competition, world.idea, category=other.categories.first())
    hidden = make_competition(is_published=False)
    with pytest.raises(services.CompetitionError):
        apply(world.owner, hidden, world.idea)


# The deadline's last second ------------------------------------------------------------------------------------


@pytest.fixture
def deadline_world(world, clock):
    clock.at("2026-12-01 08:00")
    world.competition.opens_at = datetime(2026, 11, 1, tzinfo=LOCAL)
    world.competition.closes_at = datetime(2026, 12, 17, 16, 16, tzinfo=LOCAL)
    world.competition.save()
    return world


def test_applying_is_open_until_the_last_second_of_the_deadline_minute(deadline_world, clock):
    w = deadline_world
    clock.at("2026-12-17 16:16:59")
    entry = apply(w.owner, w.competition, w.idea)
    other = make_entry(w.owner, title="Ý tưởng thứ hai")
    clock.at("2026-12-17 16:17:00")
    with pytest.raises(services.CompetitionError, match="quá hạn"):
        apply(w.owner, w.competition, other)
    assert list(CompetitionEntry.objects.all()) == [entry]


def test_withdrawal_until_the_deadline_then_the_board_prepares(deadline_world, clock):
    w = deadline_world
    entry = apply(w.owner, w.competition, w.idea)
    clock.at("2026-12-17 16:16:59")
    with pytest.raises(services.CompetitionError, match="sau hạn"):
        services.prepare_award(w.board, entry, Award.FIRST)
    clock.at("2026-12-17 16:17:00")
    with pytest.raises(services.CompetitionError, match="không thể rút"):
        services.withdraw(w.owner, entry)
    services.prepare_award(w.board, entry, Award.FIRST)
    entry.refresh_from_db()
    assert (entry.status, entry.pending_award, entry.award) == (EntryStatus.SUBMITTED, Award.FIRST, "")


# Reviewing, conflicts ------------------------------------------------------------------------------------------


def test_a_reviewer_scores_through_the_engine_and_the_aggregates_follow(world):
    entry = apply(world.owner, world.competition, world.idea)
    other = UserFactory()
    world.competition.reviewers.add(other)
    services.score(world.reviewer, entry, full_scores(world.competition, 8))
    services.score(other, entry, full_scores(world.competition, 6))
    row = CompetitionEntry.objects.with_scores().get(pk=entry.pk)
    assert (row.review_count, row.avg_score, row.spread, row.exclusions) == (2, 70.0, 20.0, 0)
    services.score(other, entry, full_scores(world.competition, 6, must=0))
    row = CompetitionEntry.objects.with_scores().get(pk=entry.pk)
    assert (row.review_count, row.exclusions) == (2, 1)
    assert CompetitionReview.objects.get(reviewer=other).scores.count() == 3


@pytest.mark.parametrize("route", ["agency", "club", "none", "owner", "team"])
def test_a_reviewer_with_a_conflict_of_interest_cannot_score(world, route):
    reviewer = world.reviewer
    applicant = world.owner
    if route == "agency":
        reviewer.agency = world.agency_a
        reviewer.save()
        applicant = world.nominator_a
    elif route == "club":
        reviewer = world.editor_a  # edits the club the idea names, whoever brought it in
        world.competition.reviewers.add(reviewer)
    elif route == "owner":
        world.competition.reviewers.add(world.owner)
        reviewer = world.owner
    elif route == "team":
        world.idea.team = "Lê Văn Bình, Trần Thị Mai"
        world.idea.save()
    entry = apply(applicant, world.competition, world.idea)
    entry = CompetitionEntry.objects.select_related("idea", "competition").get(pk=entry.pk)
    if route == "none":
        assert not has_conflict_of_interest(reviewer, entry) and can_review(reviewer, entry)
        return
    assert has_conflict_of_interest(reviewer, entry)
    assert not can_review(reviewer, entry)
    with pytest.raises(services.CompetitionError, match="xung đột"):
        services.score(reviewer, entry, full_scores(world.competition))


def test_only_the_competitions_reviewers_score_and_not_a_withdrawn_entry(world):
    entry = apply(world.owner, world.competition, world.idea)
    for outsider in (UserFactory(), world.board):
        with pytest.raises(services.CompetitionError):
            services.score(outsider, entry, full_scores(world.competition))
    services.withdraw(world.owner, entry)
    with pytest.raises(services.CompetitionError):
        services.score(world.reviewer, entry, full_scores(world.competition))


# Withdrawal ------------------------------------------------------------------------------------------------------


def test_only_the_applicant_side_withdraws(world):
    entry = apply(world.nominator_a, world.competition, world.idea)
    for outsider in (world.nominator_b, world.editor_b, world.reviewer, UserFactory()):
        with pytest.raises(services.CompetitionError):
            services.withdraw(outsider, entry)
    services.withdraw(nominator(world.agency_a), entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
    assert apply(world.owner, world.competition, world.idea).route == "owner"  # a withdrawn entry may be replaced


def test_a_withdrawal_clears_a_prepared_award_and_the_release_skips_nothing_left(world, clock):
    entry = apply(world.owner, world.competition, world.idea)
    # A prepared award found on a live entry before the deadline (data from before the rule): the withdrawal
    # clears it with a log entry.
    CompetitionEntry.objects.filter(pk=entry.pk).update(pending_award=Award.SECOND)
    entry.refresh_from_db()
    services.withdraw(world.owner, entry)
    entry.refresh_from_db()
    assert (entry.status, entry.pending_award) == (EntryStatus.WITHDRAWN, "")
    clock.at(world.competition.closes_at.astimezone(LOCAL).replace(tzinfo=None).isoformat(" ", "minutes"))
    clock.at("2099-01-01 00:00")
    assert list(services.release_awards(world.board, world.competition)) == []


# Release ---------------------------------------------------------------------------------------------------------


def test_release_publishes_winners_issues_certificates_and_skips_the_undecidable(world, clock, committed):
    first = apply(world.owner, world.competition, world.idea)
    second = apply(world.owner, world.competition, make_entry(world.owner, title="Du lịch cộng đồng"))
    third = apply(world.owner, world.competition, make_entry(world.owner, title="Gốm Thanh Hà"))
    clock.at("2099-01-01 00:00")
    services.prepare_award(world.board, first, Award.FIRST, reason="Xuất sắc")
    services.prepare_award(world.board, second, Award.NONE)
    services.prepare_award(world.board, third, Award.THIRD)
    # the third was decided another way meanwhile: the release skips it and clears its prepared award
    CompetitionEntry.objects.filter(pk=third.pk).update(status=EntryStatus.WITHDRAWN)
    with pytest.raises(services.CompetitionError):
        services.release_awards(world.owner, world.competition)
    released = services.release_awards(world.board, world.competition)
    assert [e.pk for e in released] == [first.pk, second.pk]
    assert [e.pk for e, _why in released.skipped] == [third.pk]
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert (first.status, first.award, first.award_reason) == (EntryStatus.AWARDED, Award.FIRST, "Xuất sắc")
    assert (second.status, second.award) == (EntryStatus.NOT_AWARDED, Award.NONE)
    assert third.pending_award == ""
    certificates = for_entries([first, second, third])
    assert list(certificates) == [first.pk]
    certificate = certificates[first.pk]
    assert (certificate.kind, certificate.holder, certificate.holder_name) == ("award", world.owner, "Nguyễn Thị Hoa")
    assert certificate.title == "Giải nhất – " + world.competition.title
    world.competition.refresh_from_db()
    assert world.competition.released_at is not None
    assert list(CompetitionEntry.objects.filter(competition=world.competition).winners()) == [first]
    # a second release has nothing left and issues nothing twice
    assert list(services.release_awards(world.board, world.competition)) == []
    assert len(for_entries([first])) == 1


def test_a_certificate_that_cannot_be_issued_rolls_the_whole_release_back(world, clock, monkeypatch):
    first = apply(world.owner, world.competition, world.idea)
    second = apply(world.owner, world.competition, make_entry(world.owner, title="Thứ hai"))
    clock.at("2099-01-01 00:00")
    services.prepare_award(world.board, first, Award.NONE)
    services.prepare_award(world.board, second, Award.FIRST)

    def broken(*args, **kwargs):
        raise RuntimeError("PDF")

    monkeypatch.setattr("ideas.competitions.certificates.certificates.issue_certificate", broken)
    with pytest.raises(RuntimeError):
        services.release_awards(world.board, world.competition)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, first.pending_award, second.status) == ("submitted", "none", "submitted")
    world.competition.refresh_from_db()
    assert world.competition.released_at is None


def test_only_the_board_prepares_and_a_bad_award_is_refused(world, clock):
    entry = apply(world.owner, world.competition, world.idea)
    clock.at("2099-01-01 00:00")
    for outsider in (world.owner, world.reviewer, world.editor_a, world.nominator_a):
        with pytest.raises(services.CompetitionError):
            services.prepare_award(outsider, entry, Award.FIRST)
    with pytest.raises(services.CompetitionError):
        services.prepare_award(world.board, entry, "<script>")


def test_an_idea_withdrawn_from_the_bank_leaves_open_competitions_but_not_closed_ones(world, clock):
    from ideas import services as idea_services

    closed = make_competition(title="Đã hết hạn")
    entry_open = apply(world.owner, world.competition, world.idea)
    entry_closed = apply(world.owner, closed, world.idea)
    clock.at(world.competition.opens_at + timedelta(hours=1))
    closed.closes_at = world.competition.opens_at + timedelta(minutes=30)  # passed, while the other is open
    closed.save()
    idea_services.withdraw(world.owner, world.idea)
    entry_open.refresh_from_db(), entry_closed.refresh_from_db()
    assert (entry_open.status, entry_closed.status) == (EntryStatus.WITHDRAWN, EntryStatus.SUBMITTED)
