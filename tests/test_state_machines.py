"""Issue 12, item 2: no transition by one role leaves another role's pending action impossible or the workflow
stuck. Each row of WALK is (machine, state, actor A's transition, actor B's pending action) and the outcome B
meets: "possible" (B's action still goes through), "cleared" (B's pending action is dropped, with a log entry
the Board can read) or "refused" (B gets a clear message, nothing changes). Every row asserts there is no
exception beyond the domain's own refusal and that nothing is left pending that nobody can move.

Machines walked here: nominations and event registrations (WALK), cohorts (planned/running/finished/closed,
reopening), enrolments and their results, certificates (issued/revoked/superseded) and renewal requests
(pending/approved/refused) (TRAINING_WALK, with the clock frozen), and reports to the Board (REPORT_WALK: drafts,
submission, the Board's return, deadlines and extensions). Study-tour reports have no state another role
can change under them except removing the delegate, which refuses the report with a message (events.services).
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from events import services as event_services
from events.enums import RegistrationStatus as R
from events.errors import RegistrationError
from events.models import Registration
from tests.factories.events import make_event, registration_data
from tests.factories.portal import AgencyKindFactory, board_user, nominator
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


# --- cohorts, enrolments, certificates, renewal requests ------------------------------------------------------------
# (machine, state, A's transition, B's pending action, outcome); each row's function returns the outcome.

from tests.factories.portal import UserFactory  # noqa: E402
from tests.training.cohorts.calendar import calendar_cohort, marks_for  # noqa: E402
from training.certificates import renewals  # noqa: E402
from training.certificates import services as certificates  # noqa: E402
from training.certificates.enums import CertificateKind, RenewalStatus  # noqa: E402
from training.cohorts import services as cohorts  # noqa: E402
from training.cohorts.enums import EnrolmentStatus, TrainerStatus  # noqa: E402
from training.cohorts.services import CohortError  # noqa: E402
from training.models import (  # noqa: E402
    Attendance,
    Certificate,
    Enrolment,
    PracticumDelivery,
    RenewalRequest,
    Session,
    TrainerProfile,
)


def finished(board, clock, results=((8, True), (8, True))):
    """The calendar cohort after its last session (17/12/2026 16:00), attendance complete, results recorded."""
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("17/12/2026 16:00")
    cohorts.record_attendance(cohort, board, marks_for(trainees, sessions))
    cohorts.record_results(cohort, board, {e.pk: r for e, r in zip(trainees, results, strict=True)})
    return cohort, sessions, trainees


def refused(action, match):
    try:
        action()
    except CohortError as error:
        assert match in error.message, error.message
        return "refused"
    return "possible"


def row_running_then_finished_results(board, clock, **_):
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("17/12/2026 13:30")  # the last session has started: results may be recorded, closing may not
    cohorts.record_attendance(cohort, board, marks_for(trainees, sessions))
    cohorts.record_results(cohort, board, {e.pk: (8, True) for e in trainees})
    assert refused(lambda: cohorts.close_cohort(cohort, board), "buổi học chưa kết thúc") == "refused"
    clock.at("17/12/2026 16:00")
    cohorts.mark_completed(cohort, board, [e.pk for e in trainees])
    cohorts.close_cohort(cohort, board)
    return "possible"


def row_closed_attendance(board, clock, **_):
    cohort, sessions, trainees = finished(board, clock)
    cohorts.mark_completed(cohort, board, [e.pk for e in trainees])
    cohorts.close_cohort(cohort, board)
    outcome = refused(
        lambda: cohorts.record_attendance(cohort, board, {(trainees[0].pk, sessions[0].pk): "absent"}), "Lớp đã đóng"
    )
    assert Attendance.objects.get(enrolment=trainees[0], session=sessions[0]).status == "present"
    return outcome


def row_closed_enrol(board, clock, **_):
    from tests.factories.training_cohorts import accepted_nomination

    cohort, _sessions, trainees = finished(board, clock)
    cohorts.mark_completed(cohort, board, [e.pk for e in trainees])
    cohorts.close_cohort(cohort, board)
    outcome = refused(lambda: cohorts.enrol(cohort, [accepted_nomination()], board), "Lớp đã đóng")
    assert Enrolment.objects.filter(cohort=cohort).count() == 2  # nobody left in a cohort nobody can record
    return outcome


def row_close_switches_then_reopen(board, clock, **_):
    cohort, _sessions, (a, b) = finished(board, clock, results=((8, True), (4, False)))
    cohorts.mark_completed(cohort, board, [a.pk])
    cohorts.close_cohort(cohort, board)
    assert Enrolment.objects.get(pk=b.pk).status == EnrolmentStatus.NOT_COMPLETED  # decided, with the reason
    cohorts.reopen_cohort(cohort, UserFactory(is_superuser=True), "Phúc khảo")
    cohorts.record_results(cohort, board, {b.pk: (7, True)})  # the Board's correction goes through
    cohorts.mark_completed(cohort, board, [b.pk])
    assert Enrolment.objects.get(pk=b.pk).status == EnrolmentStatus.COMPLETED
    return "cleared"


def row_reopen_with_certificates(board, clock, **_):
    cohort, sessions, (a, b) = finished(board, clock)
    cohorts.mark_completed(cohort, board, [a.pk, b.pk])
    issued = certificates.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)
    cohorts.close_cohort(cohort, board)
    cohorts.reopen_cohort(cohort, UserFactory(is_superuser=True), "Bổ sung giấy phép vắng")
    outcome = refused(
        lambda: cohorts.record_results(cohort, board, {a.pk: (3, False)}), "sẽ không còn đủ điều kiện"
    )
    absences = {(a.pk, s.pk): "absent" for s in sessions[:3]}
    assert refused(lambda: cohorts.record_attendance(cohort, board, absences), a.full_name) == "refused"
    cohorts.record_attendance(cohort, board, {(a.pk, sessions[0].pk): "late"})  # still meets: goes through
    assert Enrolment.objects.get(pk=a.pk).passed is True
    assert Certificate.objects.valid().filter(pk__in=[c.pk for c in issued]).count() == 2
    cohorts.close_cohort(cohort, board)  # and it closes again
    return outcome


def row_withdraw_before_issue(board, clock, **_):
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("12/12/2026 08:00")
    cohorts.withdraw(trainees[1], board)
    clock.at("17/12/2026 16:00")
    cohorts.record_attendance(cohort, board, marks_for(trainees[:1], sessions))
    cohorts.record_results(cohort, board, {trainees[0].pk: (8, True)})
    cohorts.mark_completed(cohort, board, [trainees[0].pk])
    issued = certificates.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)
    assert [c.enrolment_id for c in issued] == [trainees[0].pk]
    cohorts.close_cohort(cohort, board)  # the withdrawn trainee does not hold the closing up
    return "possible"


def row_withdraw_after_completion(board, clock, **_):
    cohort, _sessions, trainees = finished(board, clock)
    cohorts.mark_completed(cohort, board, [trainees[0].pk])
    certificates.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)
    outcome = refused(lambda: cohorts.withdraw(trainees[0], board), "không rút khỏi lớp được")
    assert Enrolment.objects.get(pk=trainees[0].pk).status == EnrolmentStatus.COMPLETED
    return outcome


def certified_with_request(board, clock, home):
    """A certified trainer (36 months from 18/12/2026) with a certification certificate, then on 01/11/2029
    (inside the notice window) a pending renewal request with one delivery as evidence."""
    from tests.factories.clubs import make_club, make_site_tree

    cohort, _sessions, trainees = finished(board, clock)
    cohorts.mark_completed(cohort, board, [trainees[0].pk])
    clock.at("18/12/2026 09:00")
    profile = TrainerProfile.objects.get(user=trainees[0].user)
    cohorts.certify(profile, board)
    (old,) = certificates.issue_for_cohort(cohort, CertificateKind.CERTIFICATION, board)
    directory, _news = make_site_tree(home)
    delivery = PracticumDelivery.objects.create(
        trainer=profile, date=datetime.date(2028, 3, 1), club=make_club(directory), topic="Gọi vốn", participants=20
    )
    clock.at("01/11/2029 09:00")
    request = renewals.request_renewal(profile.user, [delivery])
    return profile, old, request, delivery


def row_revoke_while_renewal_pending(board, clock, home, **_):
    profile, old, request, delivery = certified_with_request(board, clock, home)
    certificates.revoke(old, board, "Khai man minh chứng")
    request.refresh_from_db()
    assert request.status == RenewalStatus.REFUSED and "Khai man minh chứng" in request.reason  # the trainer reads why
    assert refused(lambda: renewals.approve(request, board), "đã được xét") == "refused"
    assert refused(lambda: renewals.request_renewal(profile.user, [delivery]), "đã bị thu hồi") == "refused"
    assert not Certificate.objects.valid().filter(kind=CertificateKind.CERTIFICATION).exists()  # revocation holds
    return "cleared"


def row_reissue_while_renewal_pending(board, clock, home, **_):
    _profile, old, request, _delivery = certified_with_request(board, clock, home)
    reissued = certificates.reissue(old, board, "Sửa lỗi chính tả tên")
    renewals.approve(request, board)
    request.refresh_from_db()
    assert request.new_certificate.replaces_id == reissued.pk
    assert Certificate.objects.get(pk=reissued.pk).superseded_at is not None
    return "possible"


def row_expiry_while_renewal_pending(board, clock, home, **_):
    profile, _old, request, _delivery = certified_with_request(board, clock, home)
    clock.at("19/12/2029 08:00")  # the certification (valid through 18/12/2029) has lapsed meanwhile
    assert TrainerProfile.objects.get(pk=profile.pk).is_expired()
    renewals.approve(request, board)
    assert TrainerProfile.objects.get(pk=profile.pk).is_certified()
    return "possible"


def row_suspend_while_renewal_pending(board, clock, home, **_):
    profile, _old, request, _delivery = certified_with_request(board, clock, home)
    TrainerProfile.objects.filter(pk=profile.pk).update(status=TrainerStatus.SUSPENDED)  # the Board, in the snippet
    outcome = refused(lambda: renewals.approve(request, board), "Chỉ gia hạn được")
    assert RenewalRequest.objects.get(pk=request.pk).status == RenewalStatus.PENDING
    renewals.refuse(request, board, "Đang tạm dừng công nhận")  # not stuck: the Board can still decide it
    assert RenewalRequest.objects.get(pk=request.pk).status == RenewalStatus.REFUSED
    return outcome


def row_move_session_with_attendance(board, clock, **_):
    cohort, sessions, trainees = calendar_cohort(board)
    clock.at("08/12/2026 13:30")
    cohorts.record_attendance(cohort, board, marks_for(trainees, sessions[:1]))
    session = Session.objects.get(pk=sessions[0].pk)
    session.date = datetime.date(2026, 12, 28)
    outcome = refused(lambda: cohorts.save_session(session, board), "đã có điểm danh")
    assert Session.objects.get(pk=session.pk).date == datetime.date(2026, 12, 8)
    return outcome


TRAINING_WALK = [
    ("cohort", "running, last session started", "Board records results", "Board closes", "possible",
     row_running_then_finished_results),
    ("cohort", "closed", "Board closes", "Board records attendance", "refused", row_closed_attendance),
    ("cohort", "closed", "Board closes", "Board enrols a trainee", "refused", row_closed_enrol),
    ("enrolment", "in progress, failed", "closing switches to not completed", "Board corrects after reopening",
     "cleared", row_close_switches_then_reopen),
    ("cohort", "closed, certificates issued", "superuser reopens", "Board fails a certified trainee", "refused",
     row_reopen_with_certificates),
    ("enrolment", "in progress", "Board withdraws the trainee", "Board issues and closes", "possible",
     row_withdraw_before_issue),
    ("enrolment", "completed, certificate issued", "Board issues", "Board withdraws the trainee", "refused",
     row_withdraw_after_completion),
    ("renewal", "pending", "Board revokes the certification", "Board approves / trainer asks again", "cleared",
     row_revoke_while_renewal_pending),
    ("renewal", "pending", "Board reissues the certification", "Board approves", "possible",
     row_reissue_while_renewal_pending),
    ("renewal", "pending", "the certification expires", "Board approves", "possible",
     row_expiry_while_renewal_pending),
    ("renewal", "pending", "Board suspends the trainer", "Board approves", "refused",
     row_suspend_while_renewal_pending),
    ("session", "attendance recorded", "Board records attendance", "Board moves the session", "refused",
     row_move_session_with_attendance),
]


@pytest.mark.parametrize("row", TRAINING_WALK, ids=[f"{r[0]}: {r[3]} after {r[2]}" for r in TRAINING_WALK])
def test_training_walk(row, clock, home, mailoutbox):
    board = board_user()
    assert row[5](board=board, clock=clock, home=home) == row[4]
    assert not RenewalRequest.objects.filter(status=RenewalStatus.PENDING).exclude(
        profile__status=TrainerStatus.CERTIFIED
    ).exists()  # nothing pending that nobody can move


# Reports to the Board (reporting.services): the reporter (an agency's nominator) and the Board meet on one report.
REPORT_WALK = [
    ("report", "submitted", "Board returns after the deadline", "reporter submits again", "possible"),
    ("report", "draft, deadline passed", "deadline passes", "reporter submits", "refused"),
    ("report", "draft, deadline passed", "Board extends the agency's deadline", "reporter submits", "possible"),
    ("report", "draft open in two tabs", "reporter submits in one tab", "the other tab saves the draft", "refused"),
    ("report", "draft", "Board stops asking the agency's kind", "reporter submits", "refused"),
]


@pytest.fixture
def asked_report(clock):
    from reporting import services as report_services
    from reporting.reporters import Reporter
    from tests.factories.reporting import answers, dispatch, make_period

    clock.at("10/12/2026 09:00")
    kind = AgencyKindFactory()
    user = nominator()
    user.agency.kind = kind
    user.agency.save()
    period = make_period(agency_kinds=[kind], deadline=datetime.datetime(2026, 12, 15, 9, 30, tzinfo=datetime.UTC))
    reporter = Reporter(agency=user.agency)
    report = report_services.save_draft(period, reporter, user, answers(period), dispatch=dispatch())
    return {"user": user, "period": period, "report": report, "kind": kind, "board": board_user()}


@pytest.mark.parametrize("row", REPORT_WALK, ids=[" / ".join(row[1:4]) for row in REPORT_WALK])
def test_report_walk(row, asked_report, clock):
    from reporting import services as report_services
    from reporting.enums import ReportState
    from reporting.models import PeriodExtension, Report
    from tests.factories.reporting import answers

    transition = row[2]
    user, period, report, board = (asked_report[k] for k in ("user", "period", "report", "board"))

    if transition == "Board returns after the deadline":
        report_services.submit(report, user)
        clock.at("16/12/2026 10:00")  # the deadline (15/12 16:30 in Vietnam) is past
        report_services.return_report(report, board, "Thiếu số liệu quỹ huy động.")
        report_services.save_draft(period, report.reporter, user, answers(period, projects=7))
        report_services.submit(report, user)
        assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED
    elif transition == "deadline passes":
        clock.at("15/12/2026 16:31")  # the first minute after the deadline's
        with pytest.raises(report_services.DeadlinePassed):
            report_services.submit(report, user)
        assert Report.objects.get(pk=report.pk).state == ReportState.DRAFT
    elif transition == "Board extends the agency's deadline":
        clock.at("15/12/2026 16:31")
        PeriodExtension.objects.create(
            period=period, agency=user.agency, deadline=datetime.datetime(2026, 12, 18, 10, 0, tzinfo=datetime.UTC)
        )
        report_services.submit(report, user)
        assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED
    elif transition == "reporter submits in one tab":
        report_services.submit(report, user)
        with pytest.raises(report_services.NotAllowed):
            report_services.save_draft(period, report.reporter, user, answers(period, projects=999))
        assert Report.objects.get(pk=report.pk).values.get(indicator__sort_order=1).number == 5
    elif transition == "Board stops asking the agency's kind":
        period.agency_kinds.set([])
        period.save()
        with pytest.raises(report_services.NotAllowed) as refused:
            report_services.submit(report, user)
        assert "không yêu cầu" in refused.value.message
        assert Report.objects.get(pk=report.pk).state == ReportState.DRAFT
