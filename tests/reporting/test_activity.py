"""The portal's own figures in the Board's reports (issue 17 item 4, reporting.figures.ACTIVITY_TABLES): the idea
bank by sector and district and the mentor network's activity in the compiled report of a period and in the
yearly report, on the screen and in every document (XLSX, DOCX, PDF), a hostile sector name safe in each, at a
constant cost; and the new known figures pre-filled for the reporter they concern."""

import io
import subprocess
import unicodedata
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.module_loading import import_string

from ideas.mentoring import services as mentoring
from ideas.models import Sector
from portal.documents.tables import Table
from reporting import compile, figures
from reporting.models import Indicator
from reporting.reporters import Reporter
from tests.factories.ideas import bulk_entries, make_entry, sector
from tests.factories.mentoring import bulk_mentors, make_mentor
from tests.factories.portal import AdministrativeUnitFactory, AgencyFactory, UserFactory, board_user
from tests.factories.reporting import make_period

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://x","Bấm")\x07 Nông <b>&amp;</b> nghiệp'
SHOWN = "Nông <b>&amp;</b> nghiệp"  # what every output must show of it, as typed, the control character gone
COMPILE = "/admin/snippets/reporting/reportingperiod/compile/{pk}/"
YEARLY = "/admin/reports/bao-cao-nam/?year=2026"


@pytest.fixture
def bank(site_tree, clock):
    """A quarter (1/10–31/12/2026) with entries inside and outside it, a hostile sector, a mentor and sessions."""
    dai_loc = AdministrativeUnitFactory(name="Huyện Đại Lộc", slug="dai-loc")
    hostile = sector("nguy-hiem", HOSTILE)
    clock.at("30/09/2026 23:59:59")
    make_entry(sector=hostile, district=dai_loc)
    clock.at("01/10/2026 00:00")
    owner = UserFactory()
    entry = make_entry(owner, sector=hostile, district=dai_loc)
    mentor = make_mentor(districts=[dai_loc])
    request = mentoring.accept(mentor.user, mentoring.request_mentoring(owner, mentor, "Xin góp ý", entry=entry))
    mentoring.log_session(owner, request, date(2026, 10, 1), "Thị trường", "Tốt")
    clock.at("01/01/2027 00:00")
    make_entry(sector=hostile, district=dai_loc)  # after the quarter
    clock.stop()
    return {"period": make_period(), "unit": dai_loc, "sector": hostile}


def cells(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return book, [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]


def docx_text(content):
    from docx import Document as read_docx

    opened = read_docx(io.BytesIO(content))
    return "\n".join(
        [p.text for p in opened.paragraphs]
        + [p.text for t in opened.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    )


def pdf_text(content, tmp_path):
    (tmp_path / "out.pdf").write_bytes(content)
    result = subprocess.run(["pdftotext", str(tmp_path / "out.pdf"), "-"], capture_output=True, text=True)
    return unicodedata.normalize("NFC", result.stdout)


def test_the_compiled_report_carries_the_bank_and_the_mentoring_of_its_period(bank):
    compiled = compile.compile_period(bank["period"])

    by_sector, by_district, network, competitions = compiled.activity
    bank["sector"].refresh_from_db()  # cleaned on save: the control character is gone
    assert "\x07" not in bank["sector"].name
    assert by_sector.rows == [[bank["sector"].name, 1, 2]]  # published in the quarter; public at its end
    assert by_district.rows == [["Huyện Đại Lộc", 1, 2]]
    assert dict(network.rows)["Buổi cố vấn đã thực hiện trong kỳ"] == 1
    assert competitions.title == "Cuộc thi, giải thưởng"  # none released in the quarter: the summary alone
    assert compile.tables(compiled)[-4:] == compiled.activity


@pytest.mark.parametrize("raw", [False, True], ids=["saved", "raw row"])
def test_a_hostile_sector_name_is_safe_on_the_screen_and_in_every_document(client, bank, tmp_path, raw):
    if raw:  # a row written without the save-time cleaning (QuerySet.update sends no signal): its \x07 stays
        Sector.objects.filter(pk=bank["sector"].pk).update(name=HOSTILE)
    client.force_login(board_user())
    url = COMPILE.format(pk=bank["period"].pk)

    page = client.get(url).content.decode()
    assert "Ngân hàng ý tưởng theo lĩnh vực" in page and "<b>&amp;</b>" not in page
    assert "Nông &lt;b&gt;&amp;amp;&lt;/b&gt; nghiệp" in page

    book, values = cells(client.get(url + "?export=xlsx").content)
    named = [value for value in values if isinstance(value, str) and SHOWN in value]
    assert named and all(value.startswith("'=") and "\x07" not in value for value in named)
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)

    text = docx_text(client.get(url + "?export=docx").content)
    assert "III. HOẠT ĐỘNG TRÊN CỔNG THÔNG TIN KHỞI NGHIỆP" in text and "IV. KẾT QUẢ NỔI BẬT" in text
    assert SHOWN in text and "\x07" not in text

    assert SHOWN in pdf_text(client.get(url + "?export=pdf").content, tmp_path)


def test_the_yearly_report_carries_them_too_in_every_format(client, bank, tmp_path, home):
    client.force_login(board_user())

    page = client.get(YEARLY).content.decode()
    assert "Ngân hàng ý tưởng theo địa bàn" in page and "Nông &lt;b&gt;&amp;amp;&lt;/b&gt; nghiệp" in page
    book, values = cells(client.get(YEARLY + "&format=xlsx").content)
    assert "Mạng lưới chuyên gia, cố vấn" in book.sheetnames
    assert any(isinstance(v, str) and v.startswith("'=") and SHOWN in v for v in values)
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    assert SHOWN in docx_text(client.get(YEARLY + "&format=docx").content)
    for wanted in ("pdf", "vanban"):
        text = pdf_text(client.get(f"{YEARLY}&format={wanted}").content, tmp_path)
        assert SHOWN in text and "Buổi cố vấn đã thực hiện trong kỳ" in text, wanted


def test_the_compilation_costs_the_same_with_a_bigger_bank_and_network(bank):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            compile.compile_period(bank["period"])
        return len(captured)

    before = queries()
    bulk_entries(500, sector_=sector("du-lich", "Du lịch"), district=AdministrativeUnitFactory())
    bulk_mentors(200, bank["sector"], bank["unit"])
    assert queries() == before


@pytest.mark.parametrize("path", figures.ACTIVITY_TABLES)
def test_every_activity_provider_gives_tables_in_fixed_queries(path, site_tree):
    """The contract a new provider (competitions) keeps: (start, end) -> [Table], the same queries at any size."""
    provider = import_string(path)
    with CaptureQueriesContext(connection) as empty:
        tables = provider(date(2026, 1, 1), date(2026, 12, 31))
    assert tables and all(isinstance(table, Table) for table in tables)
    bulk_entries(50)
    with CaptureQueriesContext(connection) as fuller:
        provider(date(2026, 1, 1), date(2026, 12, 31))
    assert len(empty) == len(fuller)


def test_the_known_figures_are_pre_filled_for_the_reporter_they_concern(bank):
    period = bank["period"]
    published = Indicator.objects.create(period=period, label="Ý tưởng công bố", known_figure="ideas_published")
    admitted = Indicator.objects.create(period=period, label="Cố vấn mới", known_figure="mentors_admitted")
    district = Reporter(agency=AgencyFactory(unit=bank["unit"]))
    province = Reporter(agency=AgencyFactory())

    assert figures.known_values(period, district, [published, admitted]) == {published.pk: 1, admitted.pk: 1}
    assert figures.known_values(period, province, [published, admitted]) == {published.pk: None, admitted.pk: None}
