import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories.portal import AgencyFactory, UserFactory, board_user, nominator
from tests.factories.training import (
    BoardDecisionFactory,
    NominationFactory,
    NominationRoundFactory,
    RoundCriterionFactory,
    invite,
    nominate,
    pdf_file,
    submit_as,
)
from training.models import DuplicateAlert, Nomination, NominationStatusChange
from training.nominations import services
from training.nominations.enums import NominationStatus as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    return NominationRoundFactory()


@pytest.fixture
def agency_user(round_):
    user = nominator()
    invite(round_, user.agency, quota=2)
    return user


def test_submit_writes_audit_row_and_uses_quota(round_, agency_user):
    nomination = nominate(agency_user, round_)

    submit_as(nomination, agency_user)

    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED
    change = NominationStatusChange.objects.get(nomination=nomination)
    assert (change.actor, change.from_status, change.to_status) == (agency_user, S.DRAFT, S.SUBMITTED)
    assert nomination.dispatch.number.endswith("/CV-UBND")


def test_submit_beyond_quota_is_refused_and_saves_nothing(round_, agency_user):
    nominate(agency_user, round_, status=S.SUBMITTED)
    nominate(agency_user, round_, status=S.SUBMITTED)
    third = nominate(agency_user, round_)

    with pytest.raises(services.QuotaExceeded):
        submit_as(third, agency_user)

    third.refresh_from_db()
    assert third.status == S.DRAFT
    assert third.dispatch is None
    assert NominationStatusChange.objects.filter(nomination=third).count() == 0


def test_rejected_candidate_frees_the_quota_slot(round_, agency_user):
    nominate(agency_user, round_, status=S.SUBMITTED)
    nominate(agency_user, round_, status=S.REJECTED)

    third = nominate(agency_user, round_)
    submit_as(third, agency_user)

    assert Nomination.objects.get(pk=third.pk).status == S.SUBMITTED


def test_submit_after_deadline_is_refused(round_, agency_user):
    nomination = nominate(agency_user, round_)

    with pytest.raises(services.DeadlinePassed):
        services.submit(nomination, agency_user, dispatch=None, now=round_.closes_at + datetime.timedelta(minutes=1))

    assert Nomination.objects.get(pk=nomination.pk).status == S.DRAFT


def test_deadline_extension_applies_to_that_agency_only(round_):
    late = nominator()
    invite(round_, late.agency, deadline_extension=round_.closes_at + datetime.timedelta(days=5))
    on_time = nominator()
    invite(round_, on_time.agency)
    after = round_.closes_at + datetime.timedelta(days=1)
    a, b = nominate(late, round_), nominate(on_time, round_)

    services.submit(a, late, new_dispatch={"number": "1/CV", "date": datetime.date(2022, 2, 1),
                                           "file": pdf_file()},
                    now=after)
    with pytest.raises(services.DeadlinePassed):
        services.submit(b, on_time, now=after)

    assert Nomination.objects.get(pk=a.pk).status == S.SUBMITTED


def test_same_person_by_another_agency_is_refused_and_flagged(round_, agency_user):
    first = nominate(agency_user, round_, email="an@example.vn", full_name="Nguyễn Văn An")
    other = nominator()
    invite(round_, other.agency)
    attempt = NominationFactory.build(
        round=round_, agency=other.agency, full_name="NGUYEN van  an", date_of_birth=first.date_of_birth
    )

    with pytest.raises(services.DuplicateNomination):
        services.save_draft(attempt, other)

    assert attempt.pk is None
    alert = DuplicateAlert.objects.get()
    assert (alert.nomination, alert.agency) == (first, other.agency)


def test_a_duplicate_is_emailed_to_the_board(round_, agency_user):
    board = board_user(email="bdh@example.vn")
    first = nominate(agency_user, round_, email="an@example.vn", full_name="Nguyễn Văn An")
    other = nominator()
    invite(round_, other.agency)
    mail.outbox.clear()

    with pytest.raises(services.DuplicateNomination):
        services.save_draft(NominationFactory.build(round=round_, agency=other.agency, email="an@example.vn"), other)

    [message] = mail.outbox
    assert message.to == [board.email]
    assert message.subject == f"[ToT] Đề cử trùng: Nguyễn Văn An – {round_.title}"
    assert other.agency.name in message.body and first.agency.name in message.body
    assert f"/inspect/{first.pk}/" in message.body


def test_same_email_in_the_same_agency_is_refused(round_, agency_user):
    nominate(agency_user, round_, email="an@example.vn")
    with pytest.raises(services.DuplicateNomination):
        nominate(agency_user, round_, email="AN@example.vn")
    assert Nomination.objects.count() == 1


def test_withdrawn_person_may_be_nominated_again(round_, agency_user):
    nominate(agency_user, round_, email="an@example.vn", status=S.WITHDRAWN)
    nominate(agency_user, round_, email="an@example.vn")
    assert Nomination.objects.filter(email="an@example.vn").count() == 2


def test_board_cannot_submit_and_agency_cannot_decide(round_, agency_user):
    nomination = nominate(agency_user, round_)
    with pytest.raises(services.NotAllowed):
        submit_as(nomination, board_user())
    submit_as(nomination, agency_user)
    with pytest.raises(services.NotAllowed):
        services.decide(nomination, agency_user, S.ACCEPTED, decision=BoardDecisionFactory())


def test_prepared_decisions_are_invisible_until_released_then_emailed(
    round_, agency_user, django_capture_on_commit_callbacks
):
    board = board_user()
    a = nominate(agency_user, round_, status=S.SUBMITTED)
    b = nominate(agency_user, round_, status=S.SUBMITTED)
    decision = BoardDecisionFactory(number="12/QĐ-BĐH")

    services.prepare_decisions([a], board, S.ACCEPTED, decision=decision)
    services.prepare_decision(b, board, S.REJECTED, reason="Chưa đủ 3 năm kinh nghiệm", decision=decision)
    assert set(Nomination.objects.values_list("status", flat=True)) == {S.SUBMITTED}
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        released = services.release_decisions(board, round=round_)

    assert len(released) == 2
    assert Nomination.objects.get(pk=a.pk).status == S.ACCEPTED
    rejected = Nomination.objects.get(pk=b.pk)
    assert (rejected.status, rejected.decision_reason, rejected.decision) == (
        S.REJECTED, "Chưa đủ 3 năm kinh nghiệm", decision
    )
    change = NominationStatusChange.objects.get(nomination=b, to_status=S.REJECTED)
    assert (change.actor, change.decision, change.reason) == (board, decision, "Chưa đủ 3 năm kinh nghiệm")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == f"[ToT] Kết quả tuyển chọn giảng viên nguồn – {round_.title}"
    assert agency_user.email in message.to
    assert "Chưa đủ 3 năm kinh nghiệm" in message.body
    assert "Quyết định số 12/QĐ-BĐH ngày 01/03/2022" in message.body


def test_reject_needs_a_reason(round_, agency_user):
    nomination = nominate(agency_user, round_, status=S.SUBMITTED)
    with pytest.raises(services.NotAllowed):
        services.prepare_decision(nomination, board_user(), S.REJECTED, decision=BoardDecisionFactory())


def test_score_weighted_total_and_must_have_exclusion(round_, agency_user):
    must = RoundCriterionFactory(round=round_, is_must_have=True)
    c1 = RoundCriterionFactory(round=round_, weight=3)
    c2 = RoundCriterionFactory(round=round_, weight=1)
    nomination = nominate(agency_user, round_, status=S.SUBMITTED)
    reviewer, other = board_user(), board_user()

    review = services.score(nomination, reviewer, {must: 1, c1: 10, c2: 6})
    excluded = services.score(nomination, other, {must: 0, c1: 10, c2: 10})

    assert str(review.total) == "90.0"
    assert (excluded.excluded, str(excluded.total)) == (True, "0.0")
    ranked = Nomination.objects.with_scores().get(pk=nomination.pk)
    assert (ranked.review_count, float(ranked.avg_score), float(ranked.spread), ranked.exclusions) == (2, 45.0, 90.0, 1)


def test_reviewer_never_scores_own_agency(round_, agency_user):
    criterion = RoundCriterionFactory(round=round_)
    nomination = nominate(agency_user, round_, status=S.SUBMITTED)
    reviewer = board_user(agency=agency_user.agency)
    with pytest.raises(services.ConflictOfInterest):
        services.score(nomination, reviewer, {criterion: 5})


def test_withdraw_after_deadline_refused_but_before_allowed(round_, agency_user):
    nomination = nominate(agency_user, round_, status=S.SUBMITTED)
    with pytest.raises(services.DeadlinePassed):
        services.withdraw(nomination, agency_user, now=round_.closes_at + datetime.timedelta(hours=1))
    services.withdraw(nomination, agency_user)
    assert Nomination.objects.get(pk=nomination.pk).status == S.WITHDRAWN


def test_not_invited_agency_cannot_nominate(round_):
    user = nominator(AgencyFactory())
    with pytest.raises(services.NotInvited):
        nominate(user, round_)


def test_club_editor_cannot_save_drafts(round_, agency_user):
    editor = UserFactory(agency=agency_user.agency)
    with pytest.raises(services.NotAllowed):
        services.save_draft(NominationFactory.build(round=round_, agency=agency_user.agency), editor)


def test_timezone_deadline_is_local(round_):
    assert timezone.localtime(round_.closes_at).tzinfo is not None
