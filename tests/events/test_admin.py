"""The Board's screens and the club editor's boundary, driven through the Wagtail admin's HTTP views."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from events import services
from events.models import EventPage, Registration
from tests.factories.clubs import club_editor, make_club, make_site_tree
from tests.factories.events import event_kind, make_event, registration_data, study_tour_kind
from tests.factories.portal import AgencyFactory, board_user

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
REGISTRATIONS_URL = "/admin/snippets/events/registration/"


@pytest.fixture
def board(client):
    user = board_user(username="bandieuhanh")
    client.force_login(user)
    return user


@pytest.fixture
def conference(events_index):
    event = make_event(events_index, title="Hội nghị mạng lưới CLB khởi nghiệp năm 2026", capacity=50)
    services.register(event, **registration_data(full_name="Nguyễn Thị Bích", email="bich@example.vn"))
    services.register(event, **registration_data(
        full_name="=HYPERLINK(\"http://evil\")", email="evil@example.vn", organisation="+cmd|' /C calc'!A0"))
    return event


def test_board_lists_and_filters_registrations(client, board, conference, events_index):
    other = make_event(events_index, title="Hội thảo khác")
    services.register(other, **registration_data(full_name="Lê Văn Khác"))

    html = client.get(REGISTRATIONS_URL, {"event": conference.pk}).content.decode()

    assert "Nguyễn Thị Bích" in html and "Lê Văn Khác" not in html
    assert client.get(REGISTRATIONS_URL, {"status": "nonsense", "event": "abc"}).status_code == 200


def test_csv_export_keeps_vietnamese_and_neutralises_formulas(client, board, conference):
    response = client.get(REGISTRATIONS_URL, {"event": conference.pk, "export": "csv"})

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # the BOM: Excel opens the UTF-8 with its diacritics
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0][:2] == ["Họ và tên", "Thư điện tử"]
    names = {row[0] for row in rows[1:]}
    assert "Nguyễn Thị Bích" in names
    assert "'=HYPERLINK(\"http://evil\")" in names
    assert not any(cell.startswith(("=", "+", "@")) for row in rows[1:] for cell in row)


def test_xlsx_export_keeps_vietnamese_and_stores_formulas_as_text(client, board, conference):
    response = client.get(REGISTRATIONS_URL, {"event": conference.pk, "export": "xlsx"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert "Nguyễn Thị Bích" in [row[0] for row in values]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_board_cannot_invent_a_registration_in_the_admin(client, board):
    response = client.get(REGISTRATIONS_URL + "add/")

    assert response.status_code in (302, 403)
    assert Registration.objects.count() == 0


def test_attendance_grid_marks_who_was_present(client, board, conference):
    EventPage.objects.filter(pk=conference.pk).update(start=timezone.now() - timedelta(hours=1))
    bich, evil = Registration.objects.order_by("pk")
    url = reverse("events_attendance", args=[conference.pk])
    assert "Nguyễn Thị Bích" in client.get(url).content.decode()

    response = client.post(url, {"present": [str(bich.pk), "abc"]})

    assert response.status_code == 302
    bich.refresh_from_db()
    evil.refresh_from_db()
    assert bich.attended is True and bich.attendance_marked_at is not None
    assert evil.attended is False



def test_attendance_grid_reads_only_ascii_ids(client, board, conference):
    """'١٢'.isdigit() is true and int('١٢') is 12: a pasted Arabic-Indic digit must not mark registration 12."""
    EventPage.objects.filter(pk=conference.pk).update(start=timezone.now() - timedelta(hours=1))
    bich, evil = Registration.objects.order_by("pk")
    arabic = str(bich.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    response = client.post(reverse("events_attendance", args=[conference.pk]), {"present": [arabic, "9" * 40]})

    assert response.status_code == 302
    bich.refresh_from_db()
    assert bich.attended is False

def test_attendance_grid_is_board_only(client, conference):
    from tests.factories.portal import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("events_attendance", args=[conference.pk])).status_code in (302, 403)


def test_missing_reports_overview_lists_delegates_without_report(client, board, events_index):
    tour = make_event(
        events_index, title="Đoàn khảo sát CLB khởi nghiệp Đà Nẵng", kind=study_tour_kind(),
        start=timezone.now() - timedelta(days=10),
    )
    agency, other_agency = AgencyFactory(name="Sở Khoa học và Công nghệ"), AgencyFactory(name="Tỉnh đoàn")
    head = services.nominate_delegate(
        tour, full_name="Hồ Quang Bửu", email="buu@example.vn", agency=agency, is_head=True
    )
    services.nominate_delegate(tour, full_name="Trần Văn Cùng Đoàn", email="cung@example.vn", agency=agency)
    services.nominate_delegate(tour, full_name="Phạm Thị Thiếu", email="thieu@example.vn", agency=other_agency)
    from tests.factories.portal import UserFactory

    services.file_tour_report(tour, UserFactory(email=head.email), lessons="Mô hình vườn ươm.", for_delegation=True)

    html = client.get(reverse("events_missing_reports")).content.decode()

    assert "Phạm Thị Thiếu" in html
    assert "Trần Văn Cùng Đoàn" not in html and "Hồ Quang Bửu" not in html


def test_deleting_an_event_with_registrations_is_refused(client, board, conference):
    response = client.post(reverse("wagtailadmin_pages:delete", args=[conference.pk]))

    assert response.status_code == 302
    assert EventPage.objects.filter(pk=conference.pk).exists()


# --- club editors ------------------------------------------------------------------------------------------


@pytest.fixture
def clubs(home, events_index):
    directory, _ = make_site_tree(home)
    own = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    other = make_club(directory, title="CLB Khởi nghiệp thành phố Hội An")
    return own, other, club_editor(own, username="bientap_tamky")


def add_event_url(parent):
    return reverse("wagtailadmin_pages:add", args=("events", "eventpage", parent.pk))


def test_club_editor_cannot_add_events_under_the_board_index_or_another_club(client, clubs, events_index):
    own, other, editor = clubs
    client.force_login(editor)

    for parent in (events_index, other):
        response = client.get(add_event_url(parent))
        assert response.status_code in (302, 403), parent


def test_club_editor_submits_an_event_under_their_club_for_moderation(client, clubs):
    own, other, editor = clubs
    kind = event_kind("hoi-thao", "Hội thảo")
    client.force_login(editor)
    response = client.get(add_event_url(own))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    start = datetime(2026, 12, 5, 8, 0, tzinfo=HCM)
    data.update({
        "title": "Hội thảo khởi nghiệp du lịch số", "slug": "hoi-thao-du-lich-so", "kind": str(kind.pk),
        "start": start.strftime("%Y-%m-%d %H:%M"), "end": (start + timedelta(hours=4)).strftime("%Y-%m-%d %H:%M"),
        "venue": "Nhà Văn hóa Tam Kỳ", "organiser": "agency", "club": str(other.pk), "action-submit": "1",
    })
    data.update(nested_form_data({"description": streamfield([])}))

    response = client.post(add_event_url(own), data)

    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="hoi-thao-du-lich-so")
    assert event.get_parent().pk == own.pk
    assert (event.organiser, event.club_id) == ("club", own.pk)  # taken from the tree, not the form
    assert event.live is False
    assert event.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_club_editor_opens_the_add_event_form_under_their_club(client, clubs):
    own, _, editor = clubs
    client.force_login(editor)

    assert client.get(add_event_url(own)).status_code == 200


def test_board_adds_an_event_under_the_index_with_an_agency_organiser(client, board, events_index):
    kind = event_kind("ngay-hoi", "Ngày hội khởi nghiệp")
    agency = AgencyFactory(name="Tỉnh đoàn Quảng Nam")
    response = client.get(add_event_url(events_index))
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update({
        "title": "Ngày hội khởi nghiệp đổi mới sáng tạo 2026", "slug": "ngay-hoi-2026", "kind": str(kind.pk),
        "start": "2026-12-20 07:30", "end": "2026-12-20 17:00", "organiser": "agency", "agency": "",
        "action-publish": "1",
    })
    data.update(nested_form_data({"description": streamfield([])}))

    refused = client.post(add_event_url(events_index), data)
    assert refused.status_code == 200
    assert "Hãy chọn cơ quan, đơn vị tổ chức." in refused.content.decode()

    data["agency"] = str(agency.pk)
    response = client.post(add_event_url(events_index), data)

    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="ngay-hoi-2026")
    assert event.live is True and event.organiser_name == "Tỉnh đoàn Quảng Nam"
    assert event.local_start == datetime(2026, 12, 20, 7, 30, tzinfo=HCM)


def test_the_board_registrations_list_runs_the_same_queries_with_10_or_200_rows(client, board, events_index):
    """Wagtail's listing is paginated and every column comes with the row (the event by select_related): a column
    that cost a query per row would make the 200-row list run more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    events = [make_event(events_index, title=f"Hội thảo số {n}") for n in range(3)]

    def add(start, count):
        Registration.objects.bulk_create(
            Registration(event=events[n % 3], full_name=f"Người Tham Dự {n}", email=f"nguoi{n}@example.vn",
                         phone="0905123456", organisation="Sở Khoa học", status="confirmed", consent_at=timezone.now())
            for n in range(start, start + count)
        )

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(REGISTRATIONS_URL).status_code == 200
        return len(captured)

    add(0, 10)
    count()
    small = count()
    add(10, 190)

    assert count() == small
