"""The life of a report through reporting.services: drafts, submission, the Board's return, and what is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from reporting import services
from reporting.enums import ReportState
from reporting.models import Report, ReportStateChange
from reporting.reporters import Reporter
from tests.factories.clubs import club_editor, make_club
from tests.factories.events import event_index, make_event
from tests.factories.portal import AgencyKindFactory, board_user, nominator
from tests.factories.reporting import answers, dispatch, file_report, make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked():
    kind = AgencyKindFactory()
    user = nominator()
    user.agency.kind = kind
    user.agency.save()
    return user, make_period(agency_kinds=[kind])


def test_a_draft_then_a_submission_with_its_audit_and_email(asked, committed):
    user, period = asked
    reporter = Reporter(agency=user.agency)
    report = services.save_draft(period, reporter, user, answers(period), dispatch=dispatch())
    assert report.state == ReportState.DRAFT and report.values.count() == 4
    with committed():
        services.submit(report, user)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.submitted_by == user
    assert list(report.state_changes.values_list("from_state", "to_state")) == [("draft", "submitted")]
    assert len(mail.outbox) == 1 and user.agency.email in mail.outbox[0].to


def test_a_submitted_report_is_never_changed_by_a_draft_save(asked):
    user, period = asked
    report = file_report(user, period, projects=5)
    with pytest.raises(services.NotAllowed):
        services.save_draft(period, report.reporter, user, answers(period, projects=999))
    assert report.values.get(indicator__sort_order=1).number == Decimal(5)


def test_submission_needs_every_answer_and_the_signed_dispatch(asked):
    user, period = asked
    reporter = Reporter(agency=user.agency)
    report = services.save_draft(period, reporter, user, answers(period, text=""))
    with pytest.raises(services.Incomplete) as refused:
        services.submit(report, user)
    assert "Kết quả nổi bật" in refused.value.message and "công văn" in refused.value.message
    assert Report.objects.get(pk=report.pk).state == ReportState.DRAFT


def test_a_corrected_known_figure_needs_a_note(asked, home):
    user, period = asked
    make_event(event_index(home), title="Ngày hội khởi nghiệp", agency=user.agency, organiser="agency",
               start=datetime.datetime(2026, 11, 5, 8, tzinfo=datetime.UTC),
               end=datetime.datetime(2026, 11, 5, 17, tzinfo=datetime.UTC))
    reporter = Reporter(agency=user.agency)
    report = services.save_draft(period, reporter, user, answers(period, events=3), dispatch=dispatch())
    value = report.values.get(indicator__known_figure="events")
    assert value.known == 1 and value.is_corrected
    with pytest.raises(services.Incomplete):
        services.submit(report, user)
    services.save_draft(period, reporter, user, answers(period, events=3, note="Thêm 2 hội thảo chưa đăng."))
    assert services.submit(report, user).state == ReportState.SUBMITTED


def test_the_board_returns_with_a_reason_and_the_reporter_submits_again(asked, committed):
    user, period = asked
    report = file_report(user, period)
    board = board_user()
    with pytest.raises(services.ReportError):
        services.return_report(report, board, "  ")
    with committed():
        services.return_report(report, board, "Thiếu số liệu quỹ huy động.")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.returned_reason == "Thiếu số liệu quỹ huy động."
    assert "Thiếu số liệu quỹ huy động." in mail.outbox[-1].body
    services.save_draft(period, report.reporter, user, answers(period, projects=7))
    services.submit(report, user)
    assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED
    assert ReportStateChange.objects.filter(report=report).count() == 3


def test_only_the_board_returns_and_only_a_submitted_report(asked):
    user, period = asked
    report = file_report(user, period, submit=False)
    with pytest.raises(services.NotAllowed):
        services.return_report(report, board_user(), "Sửa lại")
    services.submit(report, user)
    with pytest.raises(services.NotAllowed):
        services.return_report(report, user, "Tự trả lại")


def test_a_reporter_not_asked_or_not_its_own_is_refused(asked, site_tree):
    user, period = asked
    stranger = nominator()  # an agency of another kind
    with pytest.raises(services.NotAllowed):
        services.save_draft(period, Reporter(agency=stranger.agency), stranger, answers(period))
    with pytest.raises(services.NotAllowed):
        services.save_draft(period, Reporter(agency=user.agency), stranger, answers(period))
    directory, _ = site_tree
    club = make_club(directory)
    with pytest.raises(services.NotAllowed):  # the period asks no club kind
        services.save_draft(period, Reporter(club=club), club_editor(club), answers(period))
    assert not Report.objects.exists()


def test_a_club_reports_for_itself(site_tree):
    directory, _ = site_tree
    club = make_club(directory)
    editor = club_editor(club)
    period = make_period(club_kinds=[club.kind])
    report = file_report(editor, period, reporter=Reporter(club=club))
    assert report.club == club and report.agency is None and report.state == ReportState.SUBMITTED


def test_a_choice_outside_the_options_is_refused_and_nothing_is_stored(asked):
    user, period = asked
    with pytest.raises(services.ReportError):
        services.save_draft(period, Reporter(agency=user.agency), user, answers(period, choice="Xuất sắc"))
    assert not Report.objects.filter(values__isnull=False).exists()


def test_progress_lists_who_has_and_has_not_reported(asked):
    user, period = asked
    other = nominator(agency=None)
    other.agency.kind = user.agency.kind
    other.agency.save()
    file_report(user, period)
    rows = {reporter.name: report for reporter, report, _deadline in services.progress(period)}
    assert rows[user.agency.name].state == ReportState.SUBMITTED
    assert rows[other.agency.name] is None
