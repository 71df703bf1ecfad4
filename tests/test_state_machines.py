"""Issue 12, item 2: no transition by one role leaves another role's pending action impossible or the workflow
stuck. Each row of WALK is (machine, state, actor A's transition, actor B's pending action) and the outcome B
meets: "possible" (B's action still goes through), "cleared" (B's pending action is dropped, with a log entry
the Board can read) or "refused" (B gets a clear message, nothing changes). Every row asserts there is no
exception beyond the domain's own refusal and that nothing is left pending that nobody can move.

Machines walked here: nominations and event registrations. Cohorts/enrolments and certificates are walked by
their own helpers' tests (training/cohorts, training/certificates); study-tour reports have no state another role
can change under them except removing the delegate, which refuses the report with a message (events.services).
"""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from events import services as event_services
from events.enums import RegistrationStatus as R
from events.errors import RegistrationError
from events.models import Registration
from tests.factories.events import make_event, registration_data
from tests.factories.portal import board_user, nominator
from tests.factories.training import (
    BoardDecisionFactory,
    NominationRoundFactory,
    RoundCriterionFactory,
    invite,
    nominate,
)
from training.models import Nomination, NominationRound, Review
from training.nominations import services
from training.nominations.enums import NominationStatus as S

pytestmark = pytest.mark.django_db

WALK = [
    ("nomination", "submitted, decision prepared", "agency withdraws", "Board releases the round", "cleared"),
    ("nomination", "submitted, scored", "agency withdraws", "reviewer saves a score", "refused"),
    ("nomination", "submitted", "agency withdraws", "Board prepares a decision", "refused"),
    ("nomination", "withdrawn with a stale prepared decision", "(data of old code)", "Board releases", "cleared"),
    ("nomination", "submitted, decision prepared", "Board releases", "agency withdraws", "refused"),
    ("nomination", "submitted, decision prepared", "Board releases", "reviewer saves a score", "refused"),
    ("registration", "confirmed, event full", "participant cancels", "waiting-list promotion", "possible"),
    ("registration", "confirmed, event cancelled", "participant cancels", "waiting-list promotion", "cleared"),
    ("registration", "cancelled", "participant cancels", "old cancellation link", "refused"),
    ("registration", "event cancelled", "Board cancels the event", "visitor registers", "refused"),
]


@pytest.fixture
def world(mailoutbox):
    round_ = NominationRoundFactory()
    criterion = RoundCriterionFactory(round=round_)
    agency_user = nominator()
    invite(round_, agency_user.agency, quota=10)
    return {"round": round_, "agency": agency_user, "board": board_user(), "criterion": criterion}


def released_round(world):
    """Two more nominations with prepared decisions: a release must still move them."""
    others = [nominate(world["agency"], world["round"], status=S.SUBMITTED) for _ in range(2)]
    services.prepare_decisions(others, world["board"], S.ACCEPTED, decision=BoardDecisionFactory())
    return others


def cleared_entries(nomination):
    return ModelLogEntry.objects.filter(object_id=str(nomination.pk), action=services.PENDING_CLEARED)


def walk_row(index, world, client, django_capture_on_commit_callbacks):
    """Run row `index` of WALK; return what B met."""
    agency, board, round_ = world["agency"], world["board"], world["round"]
    if WALK[index][0] == "nomination":
        nomination = nominate(agency, round_, status=S.SUBMITTED)
        if index in (0, 4, 5):
            services.prepare_decision(nomination, board, S.ACCEPTED, decision=BoardDecisionFactory())
        if index == 1:
            services.score(nomination, board, {world["criterion"]: 7})
        if index in (0, 1, 2):
            services.withdraw(nomination, agency)
        if index == 3:  # what old code left behind: a withdrawn nomination still holding a prepared decision
            services.withdraw(nomination, agency)
            Nomination.objects.filter(pk=nomination.pk).update(
                pending_status=S.ACCEPTED, pending_decision=BoardDecisionFactory()
            )
        others = released_round(world) if index in (0, 3) else []
        if index in (4, 5):
            services.release_decisions(board, round=round_)

        if index in (0, 3):  # the Board's release, through its admin screen
            client.force_login(board)
            url = reverse(NominationRound.snippet_viewset.get_url_name("release"), args=[round_.pk])
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(url, follow=True)
            assert response.status_code == 200
            assert {n.status for n in Nomination.objects.filter(pk__in=[o.pk for o in others])} == {S.ACCEPTED}
            assert not Nomination.objects.filter(round=round_).exclude(pending_status="").exists()  # not stuck
            assert len(mail.outbox) >= 1 and all(nomination.full_name not in m.body for m in mail.outbox)
            assert Nomination.objects.get(pk=nomination.pk).status == S.WITHDRAWN
            assert cleared_entries(nomination).count() == 1
            if index == 3:
                assert nomination.full_name in response.content.decode()  # the Board is told which, and why
            return "cleared"
        try:
            if index == 1:
                services.score(nomination, board, {world["criterion"]: 9})
            elif index == 2:
                services.prepare_decision(nomination, board, S.ACCEPTED, decision=BoardDecisionFactory())
            elif index == 4:
                services.withdraw(nomination, agency)
            elif index == 5:
                services.score(nomination, board, {world["criterion"]: 9})
        except services.NominationError as error:
            assert error.message
            if index == 1:
                assert Review.objects.get(nomination=nomination).total == 70  # the record stays as it was
            return "refused"
        return "possible"

    event = make_event(world["events_index"], capacity=1)
    first = event_services.register(event, **registration_data())
    waiting = event_services.register(event, **registration_data())
    assert waiting.status == R.WAITLISTED
    mail.outbox.clear()
    if index == 6:
        with django_capture_on_commit_callbacks(execute=True):  # the e-mails are tasks enqueued after commit
            _cancelled, promoted = event_services.cancel_registration(first)
        waiting.refresh_from_db()
        assert promoted == [waiting] and waiting.status == R.CONFIRMED
        assert any(waiting.email in m.to for m in mail.outbox)
        return "possible"
    if index == 7:
        event_services.cancel_event(event)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            _cancelled, promoted = event_services.cancel_registration(first)
        waiting.refresh_from_db()
        assert promoted == [] and waiting.status == R.WAITLISTED  # no "you have a place" at a cancelled event
        assert not any(waiting.email in m.to for m in mail.outbox)
        event_services.cancel_registration(waiting)  # and the waiting person can still withdraw
        return "cleared"
    if index == 8:
        event_services.cancel_registration(first)
        try:
            event_services.cancel_registration(Registration.objects.get(pk=first.pk))
        except RegistrationError as error:
            assert str(error)
            return "refused"
        return "possible"
    if index == 9:
        event_services.cancel_event(event)
        try:
            event_services.register(event, **registration_data())
        except RegistrationError as error:
            assert "hủy" in str(error)
            assert Registration.objects.filter(event=event).count() == 2
            return "refused"
        return "possible"
    raise AssertionError(index)


@pytest.fixture
def events_index(home):
    from tests.factories.events import event_index

    return event_index(home)


WALK_IDS = [f"{i}-{row[0]}: {row[3]} after {row[2]}" for i, row in enumerate(WALK)]


@pytest.mark.parametrize("index", range(len(WALK)), ids=WALK_IDS)
def test_walk(index, world, client, events_index, django_capture_on_commit_callbacks):
    world["events_index"] = events_index
    assert walk_row(index, world, client, django_capture_on_commit_callbacks) == WALK[index][4]


def test_withdrawal_clears_a_prepared_decision_and_the_agency_never_sees_it(world, client):
    nomination = nominate(world["agency"], world["round"], status=S.SUBMITTED)
    services.prepare_decision(
        nomination, world["board"], S.REJECTED, reason="Chưa đủ kinh nghiệm", decision=BoardDecisionFactory()
    )
    client.force_login(world["agency"])

    page = client.get(f"/tot/de-cu/ho-so/{nomination.pk}/rut/").content.decode()
    assert "kể cả khi đã chấm điểm hoặc đã chuẩn bị quyết định" in page  # the policy, said on the page
    response = client.post(f"/tot/de-cu/ho-so/{nomination.pk}/rut/", {"reason": "Chuyển công tác"})

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.pending_status, nomination.pending_decision) == (S.WITHDRAWN, "", None)
    entry = cleared_entries(nomination).get()
    assert entry.data["outcome"] == S.REJECTED and entry.data["reason"] == "Chưa đủ kinh nghiệm"
    detail = client.get(f"/tot/de-cu/ho-so/{nomination.pk}/").content.decode()
    assert "Chưa đủ kinh nghiệm" not in detail  # a decision never released stays the Board's


def test_decided_nomination_says_it_cannot_be_withdrawn(world, client):
    nomination = nominate(world["agency"], world["round"], status=S.ACCEPTED, board=world["board"])
    client.force_login(world["agency"])
    detail = client.get(f"/tot/de-cu/ho-so/{nomination.pk}/").content.decode()
    assert "hồ sơ không thể rút nữa" in detail
    assert f"/tot/de-cu/ho-so/{nomination.pk}/rut/" not in detail
    response = client.post(f"/tot/de-cu/ho-so/{nomination.pk}/rut/", {"reason": "x"}, follow=True)
    assert response.status_code == 200
    assert Nomination.objects.get(pk=nomination.pk).status == S.ACCEPTED
