"""The yearly report: the figures on a small known network, its XLSX and PDF, its cost, and who may see it."""

import datetime
import io
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clubs.models import ClubPage
from events.enums import EventStatus, Organiser, RegistrationStatus
from events.models import Registration
from portal.models import AdministrativeUnit
from reports import pdf, xlsx, yearly
from tests.factories.clubs import club_editor, club_kind, make_club
from tests.factories.events import event_index, make_event
from tests.factories.portal import AgencyFactory, AgencyKindFactory, board_user, nominator
from tests.factories.training import NominationRoundFactory, invite, nominate
from tests.factories.training_cohorts import CohortFactory, completed_enrolment
from training.certificates import services as certificates
from training.certificates.enums import CertificateKind
from training.cohorts import services as cohort_services
from training.models import Certificate, Nomination
from training.nominations.enums import NominationStatus

pytestmark = pytest.mark.django_db

YEAR = 2025
# The idea bank by sector and by district, the mentor network (one aggregate each over profiles, requests and
# sessions), the competitions (entries' aggregate, competitions with their counts): reporting.figures.ACTIVITY_TABLES.
ACTIVITY_QUERIES = 7
URL = "/admin/reports/bao-cao-nam/"


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


def register(event, n, status=RegistrationStatus.CONFIRMED, attended=False):
    # Past events no longer take registrations through the service: these stand for ones made at the time.
    return Registration.objects.create(
        event=event, full_name=f"Người tham dự {n}", email=f"thamdu{event.pk}-{n}@example.vn", phone="0905000000",
        consent_at=event.start, status=status, attended=attended,
    )


def certify_cohort(agency, count, issued_on, board):
    cohort = CohortFactory()
    for _ in range(count):
        enrolment = completed_enrolment(cohort=cohort, board=board, agency=agency)
        cohort_services.certify(enrolment.user.trainer_profile, board)
    certificates.issue_for_cohort(cohort, CertificateKind.COMPLETION, board, issued_on=issued_on)
    return certificates.issue_for_cohort(cohort, CertificateKind.CERTIFICATION, board, issued_on=issued_on)


def submitted(agency, count, when, accepted=0):
    round_ = NominationRoundFactory()
    user = nominator(agency)
    invite(round_, agency, quota=count)
    board = board_user()
    for index in range(count):
        status = NominationStatus.ACCEPTED if index < accepted else NominationStatus.SUBMITTED
        nomination = nominate(user, round_, status=status, board=board)
        Nomination.objects.filter(pk=nomination.pk).update(submitted_at=when)


@pytest.fixture
def network(site_tree, home):
    """Two units with clubs, events and agencies, one inactive unit without data, and things outside 2025."""
    directory, _news = site_tree
    tam_ky = AdministrativeUnit.objects.create(name="Thành phố Tam Kỳ", slug="tam-ky", kind="thành phố", sort_order=1)
    dien_ban = AdministrativeUnit.objects.create(name="Thị xã Điện Bàn", slug="dien-ban", kind="thị xã", sort_order=2)
    AdministrativeUnit.objects.create(name="Huyện đã sáp nhập", slug="cu", is_active=False, sort_order=3)
    district = club_kind("cap-huyen", "CLB khởi nghiệp cấp huyện")
    university = club_kind("dai-hoc", "CLB khởi nghiệp trường đại học")
    district.sort_order, university.sort_order = 1, 2
    district.save(), university.save()

    old_club = make_club(directory, "CLB Khởi nghiệp Tam Kỳ", district, tam_ky, founded_on=datetime.date(2020, 5, 1))
    make_club(directory, "CLB Khởi nghiệp Đại học Quảng Nam", university, tam_ky, founded_on=datetime.date(2025, 3, 1))
    make_club(directory, "CLB thành lập năm sau", district, dien_ban, founded_on=datetime.date(2026, 2, 1))
    undated = make_club(directory, "CLB Khởi nghiệp Điện Bàn", district, dien_ban)
    ClubPage.objects.filter(pk=undated.pk).update(first_published_at=at(2025, 6, 1))
    make_club(directory, "CLB chưa xuất bản", university, dien_ban, publish=False, founded_on=datetime.date(2021, 1, 1))

    kind = AgencyKindFactory(name="UBND cấp huyện")
    ubnd_tam_ky = AgencyFactory(name="UBND thành phố Tam Kỳ", kind=kind, unit=tam_ky, sort_order=1)
    so_khcn = AgencyFactory(name="Sở Khoa học và Công nghệ", kind=AgencyKindFactory(name="Sở, ngành"), sort_order=2)
    ubnd_dien_ban = AgencyFactory(name="UBND thị xã Điện Bàn", kind=kind, unit=dien_ban, sort_order=3)
    AgencyFactory(name="Hội Nông dân tỉnh", kind=kind)  # nothing in 2025: not listed

    submitted(ubnd_tam_ky, 3, at(2025, 2, 10), accepted=1)
    submitted(ubnd_tam_ky, 1, at(2024, 12, 30))
    submitted(so_khcn, 1, at(2025, 2, 12), accepted=1)

    board = board_user()
    certify_cohort(ubnd_tam_ky, 2, datetime.date(2025, 7, 1), board)
    certify_cohort(ubnd_tam_ky, 1, datetime.date(2024, 7, 1), board)
    (revoked,) = certify_cohort(ubnd_dien_ban, 1, datetime.date(2025, 7, 1), board)
    certificates.revoke(revoked, board, "Cấp nhầm")
    certify_cohort(so_khcn, 1, datetime.date(2025, 8, 1), board)

    events = event_index(home)
    club_event = make_event(old_club, "Ngày hội khởi nghiệp Tam Kỳ", start=at(2025, 4, 10), capacity=3)
    for n in range(3):
        register(club_event, n, attended=n < 2)
    register(club_event, 3, status=RegistrationStatus.WAITLISTED)
    register(club_event, 4, status=RegistrationStatus.CANCELLED, attended=False)
    agency_event = make_event(
        events, "Hội thảo Điện Bàn", start=at(2025, 9, 1), organiser=Organiser.AGENCY, agency=ubnd_dien_ban
    )
    register(agency_event, 0)
    board_event = make_event(events, "Hội nghị mạng lưới CLB năm 2025", start=at(2025, 11, 1))
    register(board_event, 0, attended=True)
    register(board_event, 1)
    make_event(events, "Sự kiện đã hủy", start=at(2025, 5, 1), status=EventStatus.CANCELLED)
    make_event(events, "Sự kiện năm sau", start=at(2026, 3, 1))
    return {"tam_ky": tam_ky, "dien_ban": dien_ban, "so_khcn": so_khcn, "site_tree": site_tree}


def figures(row):
    return [row[name] for name in yearly.UNIT_FIGURES]


def test_yearly_figures_per_unit_on_a_known_network(network):
    report = yearly.build(YEAR)

    by_label = {row.label: row for row in report.units}
    assert list(by_label) == ["Thành phố Tam Kỳ", "Thị xã Điện Bàn", "Cấp tỉnh, không gắn địa bàn"]
    # clubs, new clubs, submitted, accepted, certified, events, confirmed, attended
    assert figures(by_label["Thành phố Tam Kỳ"]) == [2, 1, 3, 1, 2, 1, 3, 2]
    assert figures(by_label["Thị xã Điện Bàn"]) == [1, 1, 0, 0, 0, 1, 1, 0]
    assert figures(by_label["Cấp tỉnh, không gắn địa bàn"]) == [0, 0, 1, 1, 1, 1, 2, 1]
    assert figures(report.totals) == [3, 2, 4, 2, 3, 3, 6, 3]
    kinds = {kind["label"]: (kind["clubs"], kind["new_clubs"]) for kind in report.kinds}
    assert kinds == {"CLB khởi nghiệp cấp huyện": (2, 1), "CLB khởi nghiệp trường đại học": (1, 1)}
    tam_ky_kinds = list(by_label["Thành phố Tam Kỳ"].clubs_by_kind.values())
    assert tam_ky_kinds == [1, 1]


def test_yearly_figures_per_agency(network):
    report = yearly.build(YEAR)

    rows = {row.label: ([row[name] for name in yearly.AGENCY_FIGURES], row.unit) for row in report.agencies}
    # submitted, accepted, certified, events, confirmed, attended
    assert rows == {
        "UBND thành phố Tam Kỳ": ([3, 1, 2, 0, 0, 0], "Thành phố Tam Kỳ"),
        "Sở Khoa học và Công nghệ": ([1, 1, 1, 0, 0, 0], ""),
        "UBND thị xã Điện Bàn": ([0, 0, 0, 1, 1, 0], "Thị xã Điện Bàn"),
    }


def test_a_reissued_certificate_counts_in_the_year_first_issued(network):
    (certificate, _other) = Certificate.objects.filter(
        kind=CertificateKind.CERTIFICATION, issued_on=datetime.date(2025, 7, 1), revoked_at__isnull=True
    )
    certificates.reissue(certificate, board_user(), "Sai chính tả họ tên", issued_on=datetime.date(2026, 1, 5))

    assert yearly.build(2025).totals["certified"] == 3
    assert yearly.build(2026).totals["certified"] == 0


def test_yearly_report_query_count_does_not_grow_with_the_network(network, django_assert_num_queries):
    with CaptureQueriesContext(connection) as small:
        yearly.build(YEAR)
    directory, _news = network["site_tree"]
    for n in range(5):
        club = make_club(directory, unit=network["dien_ban"], founded_on=datetime.date(2025, 1, 1))
        register(make_event(club, start=at(2025, 6, n + 1)), n)
    submitted(AgencyFactory(unit=network["tam_ky"]), 4, at(2025, 3, 3), accepted=2)

    with django_assert_num_queries(len(small.captured_queries)):
        report = yearly.build(YEAR)
    assert len(small.captured_queries) == 7 + ACTIVITY_QUERIES
    assert report.totals["clubs"] == 8


def test_an_empty_year_gives_zeros_not_errors(network):
    report = yearly.build(2018)

    assert figures(report.totals) == [0] * 8
    assert [row.label for row in report.units] == ["Thành phố Tam Kỳ", "Thị xã Điện Bàn"]
    assert report.agencies == []
    assert pdf.render_pdf(report).startswith(b"%PDF")


# --- XLSX ----------------------------------------------------------------------------------------------


def load(content):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


def test_xlsx_has_a_sheet_per_breakdown_with_bold_vietnamese_headings(network):
    workbook = load(xlsx.render_xlsx(yearly.build(YEAR)))

    assert workbook.sheetnames == [
        "Tổng hợp", "Theo đơn vị hành chính", "Theo cơ quan, đơn vị", "Câu lạc bộ theo loại",
        "Ngân hàng ý tưởng theo lĩnh vực", "Ngân hàng ý tưởng theo địa bàn", "Mạng lưới chuyên gia, cố vấn",
        "Cuộc thi, giải thưởng",
    ]
    units = workbook["Theo đơn vị hành chính"]
    assert units["A1"].value == "Báo cáo năm 2025 – Theo đơn vị hành chính"
    assert [cell.value for cell in units[3]] == [
        "Đơn vị hành chính", "Số CLB", "CLB thành lập mới", "Trong đó: CLB khởi nghiệp cấp huyện",
        "Trong đó: CLB khởi nghiệp trường đại học", "Hồ sơ đề cử đã nộp", "Hồ sơ được chọn",
        "Giảng viên nguồn được công nhận", "Sự kiện", "Lượt đăng ký đã xác nhận", "Lượt có mặt",
    ]
    assert all(cell.font.bold for cell in units[3])
    assert [cell.value for cell in units[4]] == ["Thành phố Tam Kỳ", 2, 1, 1, 1, 3, 1, 2, 1, 3, 2]
    total = units[units.max_row]
    assert total[0].value == "Tổng cộng" and total[0].font.bold and total[1].value == 3
    assert units.column_dimensions["A"].width >= len("Cấp tỉnh, không gắn địa bàn")
    summary = workbook["Tổng hợp"]
    assert [summary["A4"].value, summary["B4"].value] == ["Số CLB", 3]


def test_xlsx_neutralises_names_a_spreadsheet_would_run_as_formulas(network):
    AgencyFactory(name="=HYPERLINK(\"http://evil.example\",\"Bấm\")", unit=network["tam_ky"])
    agency = AgencyFactory(name="@SUM(1+1)")
    submitted(agency, 1, at(2025, 4, 4))

    workbook = load(xlsx.render_xlsx(yearly.build(YEAR)))

    names = [row[0].value for row in workbook["Theo cơ quan, đơn vị"].iter_rows(min_row=4)]
    assert "'@SUM(1+1)" in names
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


# --- PDF -----------------------------------------------------------------------------------------------


def pdf_text(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages)), reader


def test_pdf_carries_vietnamese_headings_tables_and_charts(network):
    content = pdf.render_pdf(yearly.build(YEAR), board_name="Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam")

    text, reader = pdf_text(content)

    assert "Báo cáo năm 2025" in text
    assert "Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam" in text
    assert "Thành phố Tam Kỳ" in text and "Thị xã Điện Bàn" in text
    assert "Sở Khoa học và Công nghệ" in text
    # The charts' titles and legends (drawn with reportlab.graphics).
    assert "Số CLB và giảng viên nguồn được công nhận theo đơn vị hành chính" in text
    assert "CLB khởi nghiệp cấp huyện: 2" in text
    fonts = {font for page in reader.pages for font in str(page["/Resources"]["/Font"].get_object())}
    assert reader.metadata.title == "Báo cáo năm 2025"
    assert len(reader.pages) >= 2 and fonts


def test_pdf_is_the_same_bytes_for_the_same_report(network):
    report = yearly.build(YEAR)

    assert pdf.render_pdf(report) == pdf.render_pdf(report)


# --- the admin screen ------------------------------------------------------------------------------------


def test_board_reads_the_report_for_a_year(client, network):
    client.force_login(board_user())

    response = client.get(URL, {"year": YEAR})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo năm 2025" in html and "Thành phố Tam Kỳ" in html
    assert "?year=2025&amp;format=xlsx" in html and "?year=2025&amp;format=pdf" in html


def test_board_downloads_xlsx_and_pdf(client, network):
    client.force_login(board_user())

    spreadsheet = client.get(URL, {"year": YEAR, "format": "xlsx"})
    document = client.get(URL, {"year": YEAR, "format": "pdf"})

    assert spreadsheet["Content-Disposition"] == 'attachment; filename="bao-cao-nam-2025.xlsx"'
    assert load(spreadsheet.content)["Theo đơn vị hành chính"]["A4"].value == "Thành phố Tam Kỳ"
    assert document["Content-Type"] == "application/pdf"
    assert document["Content-Disposition"] == 'attachment; filename="bao-cao-nam-2025.pdf"'
    text, _reader = pdf_text(document.content)
    assert "Báo cáo năm 2025" in text
    assert "Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam" in text


def test_the_current_year_is_the_default(client, db):
    client.force_login(board_user())

    response = client.get(URL)

    assert response.status_code == 200
    assert f"Báo cáo năm {timezone.localdate().year}" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "Hãy nhập năm bằng chữ số"),
        ({"year": "1999"}, "Năm phải từ 2017 đến"),
        ({"year": "99999999999999999999"}, "Năm phải từ 2017 đến"),
        ({"year": ""}, "Trường này là bắt buộc"),
        ({"year": "2025", "format": "odt"}, "Hãy chọn"),  # docx is a format since issue 16
    ],
)
def test_bad_input_gets_a_clear_message_not_a_500(client, db, params, message):
    client.force_login(board_user())

    response = client.get(URL, params)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Content-Disposition" not in response


def test_club_editor_is_refused(client, site_tree):
    directory, _news = site_tree
    client.force_login(club_editor(make_club(directory)))

    page = client.get(URL, {"year": YEAR})
    download = client.get(URL, {"year": YEAR, "format": "xlsx"})

    # Wagtail turns PermissionDenied in its admin into a redirect to the dashboard with a message.
    assert (page.status_code, page["Location"]) == (302, "/admin/")
    assert download.status_code == 302 and "Content-Disposition" not in download
    assert URL not in client.get("/admin/").content.decode()


def test_agency_nominator_is_refused(client, db):
    client.force_login(nominator())

    response = client.get(URL, {"year": YEAR, "format": "pdf"})

    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/pdf"


def test_anonymous_is_sent_to_the_login(client, db):
    response = client.get(URL, {"year": YEAR})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_board_finds_the_report_in_the_reports_menu(client, db):
    client.force_login(board_user())

    assert URL in client.get("/admin/").content.decode()


def test_pdf_bar_chart_keeps_the_units_with_most_clubs_when_there_are_many(site_tree):
    from reportlab.graphics.charts.barcharts import VerticalBarChart

    directory, _news = site_tree
    for n in range(26):
        unit = AdministrativeUnit.objects.create(name=f"Xã Thử Nghiệm {n:02d}", slug=f"xa-{n}", sort_order=n)
        for _ in range(2 if n == 25 else 1):
            make_club(directory, unit=unit, founded_on=datetime.date(2025, 1, 1))
    report = yearly.build(YEAR)

    (chart,) = [item for item in pdf.bar_chart(report).contents if isinstance(item, VerticalBarChart)]
    text, _reader = pdf_text(pdf.render_pdf(report))

    assert len(chart.categoryAxis.categoryNames) == 24
    assert chart.categoryAxis.categoryNames[-1] == "Xã Thử Nghiệm 25"
    assert chart.data[0][-1] == 2
    assert "(24 đơn vị nhiều nhất)" in text


def test_board_downloads_the_yearly_report_in_the_administrative_format(client, network):
    from docx import Document as read_docx

    client.force_login(board_user())
    editable = client.get(URL, {"year": YEAR, "format": "docx"})
    assert editable["Content-Disposition"] == 'attachment; filename="bao-cao-nam-2025.docx"'
    opened = read_docx(io.BytesIO(editable.content))
    text = "\n".join(
        [p.text for p in opened.paragraphs]
        + [p.text for t in opened.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    )
    for element in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: .../BC-BĐH",
                    "Kết quả hỗ trợ khởi nghiệp đổi mới sáng tạo năm 2025", "Thành phố Tam Kỳ", "Nơi nhận:",
                    "TM. BAN ĐIỀU HÀNH"):
        assert element in text, element
    signed = client.get(URL, {"year": YEAR, "format": "vanban"})
    assert signed["Content-Disposition"] == 'attachment; filename="bao-cao-nam-2025-van-ban.pdf"'
    text, _reader = pdf_text(signed.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "TM. BAN ĐIỀU HÀNH" in text
