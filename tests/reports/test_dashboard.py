"""The Board's dashboard panels: what they count, where they link, what they cost, and who sees them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services as event_services
from reports.dashboard import (
    EventsPanel,
    ModerationPanel,
    NominationsPanel,
    RegistrationsPanel,
    SessionsPanel,
)
from tests.factories.clubs import club_editor, make_club, make_news
from tests.factories.events import make_event, registration_data
from tests.factories.portal import AgencyFactory, board_user, nominator
from tests.factories.training import NominationRoundFactory, invite, nominate
from tests.factories.training_cohorts import CohortFactory, add_sessions, enrol
from training.models import AgencyQuota
from training.nominations.enums import NominationStatus

pytestmark = pytest.mark.django_db

PANEL_IDS = ["board-nominations", "board-moderation", "board-sessions", "board-events", "board-registrations"]


def render(panel, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return panel.render_html({"request": request, "csrf_token": "x"})


def query_count(panel, user):
    with CaptureQueriesContext(connection) as context:
        render(panel, user)
    return len(context.captured_queries)


@pytest.fixture
def board():
    return board_user()


@pytest.fixture
def events_index(home):
    from tests.factories.events import event_index

    return event_index(home)


# --- nominations ------------------------------------------------------------------------------------------


def submitted_round(count, **fields):
    round_ = NominationRoundFactory(**fields)
    agency_user = nominator(AgencyFactory())
    invite(round_, agency_user.agency, quota=count + 1)
    for _ in range(count):
        nominate(agency_user, round_, status=NominationStatus.SUBMITTED)
    return round_


def test_nominations_panel_counts_submitted_per_open_round_with_deadline_and_links(board):
    open_round = submitted_round(2, title="Đợt tuyển chọn giảng viên nguồn năm 2026")
    NominationRoundFactory(
        title="Đợt đã đóng, không còn hồ sơ",
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=30),
    )

    extended = open_round.closes_at + timedelta(days=5)
    AgencyQuota.objects.filter(round=open_round).update(deadline_extension=extended)

    html = render(NominationsPanel(), board)

    assert "Đợt tuyển chọn giảng viên nguồn năm 2026" in html
    assert f"gia hạn riêng đến {timezone.localtime(extended):%d/%m/%Y}" in html
    assert "Đợt đã đóng, không còn hồ sơ" not in html
    assert "2 hồ sơ" in html
    assert f"?round={open_round.pk}&amp;status=submitted" in html
    assert timezone.localtime(open_round.closes_at).strftime("%H:%M %d/%m/%Y") in html


def test_nominations_panel_keeps_a_closed_round_while_nominations_await_review(board):
    round_ = submitted_round(1, title="Đợt đã hết hạn còn hồ sơ")
    round_.opens_at = timezone.now() - timedelta(days=40)
    round_.closes_at = timezone.now() - timedelta(days=1)
    round_.save()

    rows = NominationsPanel().data(None)["rows"]

    assert [(row["round"].title, row["round"].awaiting, row["is_open"]) for row in rows] == [
        ("Đợt đã hết hạn còn hồ sơ", 1, False)
    ]


def test_nominations_panel_query_count_does_not_grow(board, django_assert_num_queries):
    submitted_round(1)
    small = query_count(NominationsPanel(), board)
    for _ in range(3):
        submitted_round(3)

    with django_assert_num_queries(small):
        render(NominationsPanel(), board)
    assert small == 1


# --- moderation -------------------------------------------------------------------------------------------


def submit_for_moderation(page, user):
    page.save_revision(user=user)
    page.get_workflow().start(page, user)


def test_moderation_panel_totals_pages_awaiting_review_and_links_to_the_workflow_report(board, site_tree):
    directory, _news_index = site_tree
    club = make_club(directory)
    editor = club_editor(club)
    for title in ("Tin chờ duyệt một", "Tin chờ duyệt hai"):
        submit_for_moderation(make_news(club, title=title, publish=False), editor)

    data = ModerationPanel().data(None)
    html = render(ModerationPanel(), board)

    assert (data["totals"]["awaiting"], data["totals"]["news"], data["totals"]["events"]) == (2, 2, 0)
    assert "2 trang đang chờ duyệt (2 tin, 0 sự kiện)" in html
    assert "/admin/reports/workflow/?status=in_progress" in html
    # Wagtail's own "Awaiting your review" lists the pages; ours does not repeat their titles.
    assert "Tin chờ duyệt một" not in html


def test_moderation_panel_query_count_does_not_grow(board, site_tree):
    directory, _news_index = site_tree
    club = make_club(directory)
    editor = club_editor(club)
    submit_for_moderation(make_news(club, publish=False), editor)
    small = query_count(ModerationPanel(), board)
    for _ in range(4):
        submit_for_moderation(make_news(club, publish=False), editor)

    assert query_count(ModerationPanel(), board) == small == 1


# --- cohort sessions --------------------------------------------------------------------------------------


def test_sessions_panel_lists_the_next_14_days_only(board):
    today = timezone.localdate()
    cohort = CohortFactory(name="Lớp ToT Tam Kỳ", start_date=today, end_date=today + timedelta(days=60))
    add_sessions(cohort, 4, first=today + timedelta(days=1), every_days=10)  # days 1, 11, 21, 31
    enrol(cohort, 3, board)

    data = SessionsPanel().data(None)
    html = render(SessionsPanel(), board)

    assert data["total"] == 2
    assert [session.trainees for session in data["sessions"]] == [3, 3]
    assert "Lớp ToT Tam Kỳ" in html
    assert f"/admin/tot/lop/{cohort.pk}/" in html


def test_sessions_panel_query_count_does_not_grow(board):
    today = timezone.localdate()
    cohort = CohortFactory(start_date=today, end_date=today + timedelta(days=30))
    add_sessions(cohort, 1, first=today + timedelta(days=1))
    small = query_count(SessionsPanel(), board)
    for _ in range(3):
        other = CohortFactory(start_date=today, end_date=today + timedelta(days=30))
        add_sessions(other, 4, first=today + timedelta(days=1), every_days=2)
        enrol(other, 2, board)

    assert query_count(SessionsPanel(), board) == small == 2


# --- events and registrations -----------------------------------------------------------------------------


def test_events_panel_shows_confirmed_capacity_and_waiting_list(board, events_index):
    event = make_event(events_index, title="Hội nghị mạng lưới CLB năm 2026", capacity=2)
    make_event(events_index, title="Hội thảo đã qua", start=timezone.now() - timedelta(days=3))
    for n in range(3):
        event_services.register(event, **registration_data(n))

    data = EventsPanel().data(None)
    html = render(EventsPanel(), board)

    (row,) = data["rows"]
    assert (row["event"].confirmed, row["event"].capacity, row["event"].waitlisted, row["free"]) == (2, 2, 1, 0)
    assert "Hội thảo đã qua" not in html
    assert f"/admin/snippets/events/registration/?event={event.pk}" in html


def test_events_and_registrations_panels_query_counts_do_not_grow(board, events_index):
    event = make_event(events_index, capacity=10)
    event_services.register(event, **registration_data())
    small = query_count(EventsPanel(), board), query_count(RegistrationsPanel(), board)
    for _ in range(4):
        other = make_event(events_index, capacity=5)
        for _ in range(3):
            event_services.register(other, **registration_data())

    assert (query_count(EventsPanel(), board), query_count(RegistrationsPanel(), board)) == small == (2, 2)


def test_registrations_panel_counts_the_last_7_days_and_lists_the_latest(board, events_index):
    event = make_event(events_index, title="Ngày hội khởi nghiệp Hội An")
    old = event_services.register(event, **registration_data(full_name="Lê Văn Cũ"))
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    event_services.register(event, **registration_data(full_name="Trần Thị Mới"))

    data = RegistrationsPanel().data(None)
    html = render(RegistrationsPanel(), board)

    assert data["recent"] == 1
    assert [r.full_name for r in data["registrations"]] == ["Trần Thị Mới", "Lê Văn Cũ"]
    assert "Trần Thị Mới" in html and "Ngày hội khởi nghiệp Hội An" in html


# --- who sees the panels ----------------------------------------------------------------------------------


def test_board_dashboard_shows_the_panels(client, board):
    client.force_login(board)

    html = client.get("/admin/").content.decode()

    for panel_id in PANEL_IDS:
        assert f'id="{panel_id}' in html, panel_id


def test_superuser_dashboard_shows_the_panels(client):
    from tests.factories.portal import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    html = client.get("/admin/").content.decode()

    assert all(f'id="{panel_id}' in html for panel_id in PANEL_IDS)


def test_club_editor_dashboard_lacks_the_board_panels(client, site_tree):
    directory, _news_index = site_tree
    editor = club_editor(make_club(directory))
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    html = response.content.decode()
    assert not any(f'id="{panel_id}' in html for panel_id in PANEL_IDS)
    assert "Hồ sơ đề cử chờ xét" not in html



def test_every_panel_link_opens_for_the_board(client, board, site_tree, events_index):
    import html as html_lib
    import re

    directory, _news_index = site_tree
    club = make_club(directory)
    submit_for_moderation(make_news(club, publish=False), club_editor(club))
    submitted_round(1)
    today = timezone.localdate()
    cohort = CohortFactory(start_date=today, end_date=today + timedelta(days=30))
    add_sessions(cohort, 1, first=today + timedelta(days=1))
    enrol(cohort, 1, board)
    event = make_event(events_index, capacity=5)
    event_services.register(event, **registration_data())
    client.force_login(board)

    page = client.get("/admin/").content.decode()
    panels = page[page.index('id="board-nominations'):page.index('id="board-registrations')]
    panels += page[page.index('id="board-registrations'):][:6000]
    links = {html_lib.unescape(href) for href in re.findall(r'href="(/admin/[^"]+)"', panels)}

    assert len(links) >= 9
    for link in sorted(links):
        assert client.get(link).status_code == 200, link
