"""The Board's compilation of a period: totals by district and by kind, choices, narratives side by side, its XLSX
with hostile text made safe, in a constant number of queries."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import compile
from reporting.reporters import Reporter
from tests.factories.clubs import club_editor, make_club
from tests.factories.portal import AdministrativeUnitFactory, AgencyKindFactory, board_user, nominator
from tests.factories.reporting import file_report, make_period

pytestmark = pytest.mark.django_db

HOSTILE = "=HYPERLINK(\"http://x\")\x07 Nguyễn Thị Ánh <b>&amp;</b>"


def agency_user(kind, unit):
    user = nominator()
    user.agency.kind, user.agency.unit = kind, unit
    user.agency.save()
    return user


@pytest.fixture
def period(site_tree):
    kind = AgencyKindFactory(name="UBND cấp huyện")
    tam_ky, hoi_an = AdministrativeUnitFactory(name="Tam Kỳ"), AdministrativeUnitFactory(name="Hội An")
    directory, _ = site_tree
    club = make_club(directory, unit=tam_ky)
    period = make_period(agency_kinds=[kind], club_kinds=[club.kind])
    file_report(agency_user(kind, tam_ky), period, projects=5, text="Tam Kỳ: 5 dự án.")
    file_report(agency_user(kind, hoi_an), period, projects=7, choice="Khá", text=HOSTILE)
    agency_user(kind, hoi_an)  # asked, never reported
    file_report(club_editor(club), period, reporter=Reporter(club=club), projects=2, text="CLB: cà phê khởi nghiệp.")
    return period


def test_totals_by_district_and_by_kind(period):
    compiled = compile.compile_period(period)
    projects = period.indicators.get(sort_order=1)
    assert compiled.expected == 4 and compiled.submitted == 3 and len(compiled.missing_names) == 1
    assert compiled.totals[projects.pk] == Decimal(14)
    assert compiled.by_unit["Tam Kỳ"][projects.pk] == Decimal(7) and compiled.by_unit["Tam Kỳ"]["reports"] == 2
    assert compiled.by_unit["Hội An"][projects.pk] == Decimal(7)
    assert compiled.by_kind["UBND cấp huyện"][projects.pk] == Decimal(12)
    assert list(compiled.by_unit) == ["Hội An", "Tam Kỳ"]  # Vietnamese order
    choice = period.indicators.get(sort_order=3)
    assert compiled.choices[choice.pk] == {"Tốt": 2, "Khá": 1}
    (_indicator, texts), = compiled.narratives
    assert [text for _name, text in texts if text.startswith("Tam")] == ["Tam Kỳ: 5 dự án."]
    assert len(texts) == 3


def test_a_figure_is_written_the_vietnamese_way():
    assert compile.figure(Decimal("1234567")) == "1.234.567"
    assert compile.figure(Decimal("1234.50")) == "1.234,5"


def test_the_board_screen_and_its_xlsx_with_hostile_text(client, period):
    client.force_login(board_user())
    url = f"/admin/snippets/reporting/reportingperiod/compile/{period.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tam Kỳ: 5 dự án." in body and "<b>&amp;</b>" not in body and "&lt;b&gt;" in body
    response = client.get(url + "?export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    hostile = [value for value in cells if "Nguyễn Thị Ánh" in value]
    assert hostile and all(not value.startswith("=") and "\x07" not in value for value in hostile)
    assert any(value == "Tam Kỳ" for value in cells)


def test_only_the_board_compiles(client, period):
    user = nominator()
    client.force_login(user)
    assert client.get(f"/admin/snippets/reporting/reportingperiod/compile/{period.pk}/").status_code in (302, 403)


def test_the_compilation_costs_the_same_with_more_reports(period, site_tree):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            compile.compile_period(period)
        return len(captured)

    before = queries()
    kind = period.agency_kinds.first()
    for _ in range(3):
        file_report(agency_user(kind, AdministrativeUnitFactory()), period)
    assert queries() == before


def test_the_compiled_report_and_the_call_for_reports_as_administrative_documents(client, period, tmp_path):
    import subprocess

    from docx import Document as read_docx

    client.force_login(board_user())
    base = "/admin/snippets/reporting/reportingperiod/"
    response = client.get(f"{base}compile/{period.pk}/?export=docx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    opened = read_docx(io.BytesIO(response.content))
    text = "\n".join(
        [p.text for p in opened.paragraphs]
        + [p.text for t in opened.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    )
    for element in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: .../BC-BĐH", "BÁO CÁO", "TM. BAN ĐIỀU HÀNH",
                    "Nơi nhận:", "Theo địa bàn", "Tam Kỳ: 5 dự án.", "Nguyễn Thị Ánh"):
        assert element in text, element
    assert "\x07" not in text and "=HYPERLINK" in text  # DOCX is not a spreadsheet: the text stays as typed
    response = client.get(f"{base}compile/{period.pk}/?export=pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    (tmp_path / "tong-hop.pdf").write_bytes(response.content)
    extracted = subprocess.run(["pdftotext", str(tmp_path / "tong-hop.pdf"), "-"], capture_output=True, text=True)
    assert "TM. BAN ĐIỀU HÀNH" in extracted.stdout and "Nguyễn Thị Ánh" in extracted.stdout
    dispatch = client.get(f"{base}dispatch/{period.pk}/?export=docx")
    opened = read_docx(io.BytesIO(dispatch.content))
    cells = [p.text for t in opened.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    assert "Số: .../BĐH-KN" in cells and any(c.startswith("V/v báo cáo kết quả") for c in cells)
    assert client.get(f"{base}dispatch/{period.pk}/?export=pdf").content.startswith(b"%PDF")
    assert client.get(f"{base}dispatch/{period.pk}/").status_code == 200
