"""Clubs' yearly self-report (issue 16 item 5) from outside: the Board opens it with its short form, a club's
editors file it without a dispatch before their deadline (Asia/Ho_Chi_Minh, to the minute), another club's editor
gets 404 and a crafted POST changes nothing; what is filed shows in the directory (member count with its date),
keeps a club off the quiet-clubs report, and comes into the Board's compiled yearly report, hostile text made
safe in XLSX, DOCX and PDF."""

import datetime
import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from reporting import compile, self_reports, services
from reporting.enums import IndicatorKind, PeriodKind, ReportState
from reporting.models import PeriodExtension, Report, ReportingPeriod
from reporting.reporters import Reporter
from tests.clock import local_datetime
from tests.factories.clubs import club_editor, club_kind, make_club
from tests.factories.portal import AdministrativeUnitFactory, AgencyKindFactory, board_user, nominator
from tests.factories.reporting import file_report, file_self_report, make_period, open_self_report

pytestmark = pytest.mark.django_db

PERIODS = "/admin/snippets/reporting/reportingperiod/"
SECRET = "Kế hoạch QZXKEHOACHCLBA"
HOSTILE = '=HYPERLINK("http://x")\x07 Hồ Quang Bửu <b>&amp;</b>'


@pytest.fixture
def clubs(site_tree):
    directory, _ = site_tree
    club_a = make_club(directory, title="CLB Khởi nghiệp Hội An", member_count=30)
    club_b = make_club(directory, title="CLB Khởi nghiệp Tây Giang")
    return directory, club_a, club_b, club_editor(club_a), club_editor(club_b)


def test_the_board_opens_the_yearly_self_report_with_its_short_form(client, clubs):
    _directory, club_a, *_ = clubs
    schools = club_kind("dai-hoc-cao-dang", "CLB khởi nghiệp trường Đại học, Cao đẳng")
    client.force_login(board_user())
    listing = client.get(PERIODS).content.decode()
    assert "open-self-report/" in listing
    assert client.get(PERIODS + "open-self-report/").status_code == 200
    response = client.post(
        PERIODS + "open-self-report/",
        {
            "year": "2026",
            "deadline": "2027-01-15T17:00",
            "club_kinds": [club_a.kind_id, schools.pk],
            "instructions": "Nộp sớm.",
        },
    )
    period = ReportingPeriod.objects.get(kind=PeriodKind.CLUB_YEAR)
    assert response.status_code == 302 and response["Location"].endswith(f"/edit/{period.pk}/")
    assert period.title == "Tự báo cáo năm 2026 của các câu lạc bộ"
    edit = client.get(response["Location"])
    assert edit.status_code == 200 and "Kế hoạch năm tới" in edit.content.decode()
    assert (period.starts_on, period.ends_on) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert period.deadline == local_datetime("15/01/2027 17:00") and not period.requires_dispatch
    assert set(period.club_kinds.all()) == {club_a.kind, schools} and not period.agency_kinds.exists()
    lines = [(i.kind, i.known_figure) for i in period.indicators.order_by("sort_order")]
    assert lines == [
        (IndicatorKind.NUMBER, "members"),
        (IndicatorKind.NUMBER, "events"),
        (IndicatorKind.NARRATIVE, ""),
        (IndicatorKind.NARRATIVE, ""),
    ]
    again = client.post(
        PERIODS + "open-self-report/",
        {
            "year": "2026",
            "deadline": "2027-01-20T17:00",
            "club_kinds": [club_a.kind_id],
        },
    )
    assert again.status_code == 200 and "Đã có kỳ tự báo cáo năm 2026" in again.content.decode()
    assert ReportingPeriod.objects.filter(kind=PeriodKind.CLUB_YEAR).count() == 1


def test_the_board_may_ask_several_kinds_in_the_period_form(client, clubs):
    from tests.reporting.test_admin import inline

    _directory, club_a, *_ = clubs
    schools = club_kind("dai-hoc-cao-dang", "CLB khởi nghiệp trường Đại học, Cao đẳng")
    districts, departments = AgencyKindFactory(), AgencyKindFactory()
    client.force_login(board_user())
    response = client.post(
        PERIODS + "add/",
        {
            "title": "Báo cáo năm 2027",
            "kind": "year",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "deadline": "2028-01-10 16:30",
            "instructions": "",
            "agency_kinds": [districts.pk, departments.pk],
            "club_kinds": [club_a.kind_id, schools.pk],
            **inline(
                "indicators",
                [
                    {
                        "label": "Số dự án",
                        "kind": "number",
                        "unit": "",
                        "known_figure": "",
                        "help_text": "",
                        "options": "",
                    }
                ],
            ),
            **inline("extensions", []),
        },
    )
    assert response.status_code == 302  # two kinds of each: an error page before (modelcluster's sort)
    period = ReportingPeriod.objects.get(title="Báo cáo năm 2027")
    assert set(period.agency_kinds.all()) == {districts, departments}
    assert set(period.club_kinds.all()) == {club_a.kind, schools}


@pytest.mark.parametrize("who", ["editor", "nominator"])
def test_only_the_board_opens_it(client, clubs, who):
    _directory, club_a, _club_b, editor_a, _editor_b = clubs
    user = editor_a if who == "editor" else nominator()
    client.force_login(user)
    response = client.post(
        PERIODS + "open-self-report/",
        {
            "year": "2026",
            "deadline": "2027-01-15T17:00",
            "club_kinds": [club_a.kind_id],
        },
    )
    assert response.status_code in (302, 403)
    assert not ReportingPeriod.objects.exists()
    with pytest.raises(services.NotAllowed):
        self_reports.open_period(user, 2026, timezone.now(), [club_a.kind])


def test_a_club_files_it_without_a_dispatch(client, clubs):
    _directory, club_a, _club_b, editor_a, _editor_b = clubs
    period = open_self_report([club_a.kind])
    url = f"/bao-cao/ky/{period.pk}/clb/{club_a.pk}/"
    client.force_login(editor_a)
    page = client.get(url).content.decode()
    assert "Số thành viên tính đến cuối năm" in page and "Cổng đã có: 30" in page
    assert 'name="dispatch_file"' not in page
    members, activities, highlights, plans = period.indicators.order_by("sort_order")
    data = {
        f"v{members.pk}": "42",
        f"n{members.pk}": "Kết nạp 12 thành viên.",
        f"v{activities.pk}": "7",
        f"n{activities.pk}": "Gồm 7 buổi cà phê khởi nghiệp.",
        f"v{highlights.pk}": "Ngày hội khởi nghiệp.",
        f"v{plans.pk}": SECRET,
        "action": "submit",
    }
    assert client.post(url, data).status_code == 302
    report = Report.objects.get(club=club_a, period=period)
    assert report.state == ReportState.SUBMITTED and not report.dispatch_file
    assert report.values.get(indicator=members).number == Decimal(42)


def test_an_agency_report_still_needs_its_dispatch(clubs):
    kind = AgencyKindFactory()
    user = nominator()
    user.agency.kind = kind
    user.agency.save()
    period = make_period(agency_kinds=[kind])
    report = services.save_draft(period, Reporter(agency=user.agency), user, {})
    assert "công văn (số, ngày, bản ký PDF)" in services.missing(report)


@pytest.fixture
def filed(clubs):
    directory, club_a, club_b, editor_a, editor_b = clubs
    period = open_self_report([club_a.kind])
    report = file_self_report(editor_a, period, club_a, members=42, plans=SECRET)
    return period, report, club_a, club_b, editor_a, editor_b


def test_another_clubs_editor_gets_404_and_reads_nothing(client, filed):
    period, report, club_a, club_b, _editor_a, editor_b = filed
    client.force_login(editor_b)
    own = client.get(f"/bao-cao/ky/{period.pk}/clb/{club_b.pk}/")
    assert own.status_code == 200 and SECRET not in own.content.decode()
    url = f"/bao-cao/ky/{period.pk}/clb/{club_a.pk}/"
    assert client.get(url).status_code == 404
    members = period.indicators.get(known_figure="members")
    assert client.post(url, {f"v{members.pk}": "1", "action": "submit"}).status_code == 404
    for admin_url in (
        f"{PERIODS}compile/{period.pk}/?export=xlsx",
        f"{PERIODS}compile/{period.pk}/?export=pdf",
        f"{PERIODS}progress/{period.pk}/",
        f"/admin/snippets/reporting/report/inspect/{report.pk}/",
    ):
        response = client.get(admin_url)
        assert response.status_code in (302, 403), admin_url
        assert SECRET.encode() not in response.content
    assert SECRET not in client.get("/bao-cao/").content.decode()
    report.refresh_from_db()
    assert report.values.get(indicator=members).number == Decimal(42)


def test_a_crafted_post_on_the_submitted_self_report_changes_nothing(client, filed):
    period, report, club_a, _club_b, editor_a, _editor_b = filed
    client.force_login(editor_a)
    url = f"/bao-cao/ky/{period.pk}/clb/{club_a.pk}/"
    before = sorted(report.values.values_list("indicator_id", "number", "text"))
    data = {f"v{i.pk}": "999" if i.kind == "number" else "Sửa lén" for i in period.indicators.all()}
    for action in ("save", "submit"):
        assert client.post(url, {**data, "action": action}).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert sorted(report.values.values_list("indicator_id", "number", "text")) == before
    assert "42 thành viên" in client.get("/cau-lac-bo/").content.decode()


def test_the_deadline_holds_to_its_last_minute_in_vietnam_time_and_an_extension_past_it(client, clubs, clock):
    _directory, club_a, club_b, editor_a, editor_b = clubs
    clock.at("10/01/2027 08:00")
    period = open_self_report([club_a.kind], deadline=local_datetime("15/01/2027 17:00"))
    PeriodExtension.objects.create(period=period, club=club_b, deadline=local_datetime("20/01/2027 17:00"))
    members = period.indicators.get(known_figure="members")

    def post(editor, club, number):
        client.force_login(editor)
        return client.post(f"/bao-cao/ky/{period.pk}/clb/{club.pk}/", {f"v{members.pk}": number, "action": "save"})

    clock.at("15/01/2027 17:00:59")  # 10:00:59 UTC
    assert post(editor_a, club_a, "41").status_code == 302
    clock.at("15/01/2027 17:01")
    response = post(editor_a, club_a, "99")
    assert response.status_code == 302  # read-only now: told so, nothing saved
    report = Report.objects.get(period=period, club=club_a)
    assert report.values.get(indicator=members).number == Decimal(41)
    with pytest.raises(services.DeadlinePassed):
        services.submit(report, editor_a)
    assert post(editor_b, club_b, "15").status_code == 302  # its extension runs to the 20th
    assert Report.objects.get(period=period, club=club_b).values.get(indicator=members).number == Decimal(15)


def test_the_directory_shows_the_reported_count_with_the_vietnamese_date(client, clubs, clock):
    directory, club_a, club_b, editor_a, _editor_b = clubs
    clock.at("20/12/2026 08:00")
    period = open_self_report([club_a.kind], deadline=local_datetime("15/01/2027 17:00"))
    before = client.get("/cau-lac-bo/").content.decode()
    assert "30 thành viên" in before and "tính đến" not in before  # the page's own count, undated
    clock.at("01/01/2027 00:30")  # 31/12/2026 17:30 UTC: the date is Vietnam's
    file_self_report(editor_a, period, club_a, members=42)
    listing = client.get("/cau-lac-bo/").content.decode()
    assert "42 thành viên (tính đến 01/01/2027)" in listing
    assert "CLB Khởi nghiệp Tây Giang" in listing and listing.count("thành viên (tính đến") == 1
    assert "42 (tính đến 01/01/2027)" in client.get(club_a.url).content.decode()


def test_a_returned_self_report_no_longer_sets_the_count(client, filed):
    period, report, club_a, *_ = filed
    services.return_report(report, board_user(), "Bổ sung kế hoạch cụ thể.")
    listing = client.get("/cau-lac-bo/").content.decode()
    assert "30 thành viên" in listing and "42 thành viên" not in listing


def test_a_recent_report_keeps_a_club_off_the_quiet_list_for_90_days(client, clubs, clock):
    from wagtail.models import Page

    from clubs.models import ClubPage

    _directory, club_a, club_b, editor_a, _editor_b = clubs
    clock.at("10/01/2027 09:00")
    Page.objects.filter(pk__in=[club_a.pk, club_b.pk]).update(
        last_published_at=local_datetime("01/01/2026 08:00"), first_published_at=local_datetime("01/01/2026 08:00")
    )
    period = open_self_report([club_a.kind], deadline=local_datetime("15/01/2027 17:00"))
    file_self_report(editor_a, period, club_a)  # submitted 10/01/2027 09:00
    assert [c.pk for c in ClubPage.objects.quiet()] == [club_b.pk]
    clock.at("10/04/2027 09:00")  # 90 days later to the second: not yet quiet
    assert [c.pk for c in ClubPage.objects.quiet()] == [club_b.pk]
    clock.at("10/04/2027 09:00:01")
    assert {c.pk for c in ClubPage.objects.quiet()} == {club_a.pk, club_b.pk}
    client.force_login(board_user())
    response = client.get("/admin/reports/clb-it-hoat-dong/")
    html = response.content.decode()
    assert "Báo cáo gần nhất" in html
    row = next(c for c in response.context["object_list"] if c.pk == club_a.pk)
    assert row.last_report_at == local_datetime("10/01/2027 09:00")
    csv = b"".join(client.get("/admin/reports/clb-it-hoat-dong/", {"export": "csv"}).streaming_content)
    assert "Báo cáo gần nhất" in csv.decode("utf-8-sig")


@pytest.fixture
def year_with_hostile_clubs(site_tree):
    directory, _ = site_tree
    unit = AdministrativeUnitFactory(name="Hội An")
    club = make_club(directory, title=f"CLB {HOSTILE}", unit=unit)
    quiet = make_club(directory, title="CLB Khởi nghiệp Nông Sơn", kind=club.kind)
    kind = AgencyKindFactory(name="UBND cấp huyện")
    agency_user = nominator()
    agency_user.agency.kind, agency_user.agency.unit = kind, unit
    agency_user.agency.save()
    year = make_period(agency_kinds=[kind], title="Báo cáo năm 2026", starts_on=datetime.date(2026, 1, 1))
    file_report(agency_user, year, text="UBND: 5 dự án.")
    self_report = open_self_report([club.kind])
    file_self_report(club_editor(club), self_report, club, members=42, activities=7, highlights=HOSTILE, plans=HOSTILE)
    return year, self_report, club, quiet


def test_the_compiled_yearly_report_carries_the_clubs_self_reports(year_with_hostile_clubs):
    year, self_report, club, _quiet = year_with_hostile_clubs
    compiled = compile.compile_period(year)
    (inner,) = compiled.self_reports
    assert inner.period == self_report and (inner.submitted, inner.expected) == (1, 2)
    tables = compile.tables(compiled)
    table = tables[tables.index(compiled.activity[0]) - 1]  # the last before the portal's own figures
    assert table.title == "Tự báo cáo năm 2026 của các câu lạc bộ: 1/2 câu lạc bộ đã nộp"
    assert table.rows == [[club.title, timezone.localdate().strftime("%d/%m/%Y"), "42", "7"]]
    assert table.total == ["Tổng cộng", "", "42", "7"]
    assert compile.compile_period(self_report).self_reports == []  # the self-report's own compilation
    quarter = make_period(title="Quý IV", starts_on=datetime.date(2026, 10, 1))
    assert compile.compile_period(quarter).self_reports == []


def test_hostile_text_reaches_xlsx_docx_and_pdf_safely(client, year_with_hostile_clubs, tmp_path):
    from docx import Document as read_docx

    year, self_report, _club, _quiet = year_with_hostile_clubs
    client.force_login(board_user())
    for period in (year, self_report):
        url = f"{PERIODS}compile/{period.pk}/"
        page = client.get(url).content.decode()
        assert "Hồ Quang Bửu" in page and "<b>&amp;</b>" not in page
        book = openpyxl.load_workbook(io.BytesIO(client.get(url + "?export=xlsx").content))
        cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        hostile = [value for value in cells if "Hồ Quang Bửu" in value]
        assert hostile and all(not v.startswith("=") and "\x07" not in v for v in hostile), period
        if period == year:
            assert any("Tự báo cáo năm 2026 của các câu lạc bộ" in value for value in cells)
        opened = read_docx(io.BytesIO(client.get(url + "?export=docx").content))
        text = "\n".join(
            [p.text for p in opened.paragraphs]
            + [p.text for t in opened.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
        )
        assert "Hồ Quang Bửu <b>&amp;</b>" in text and "\x07" not in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in text
        pdf = client.get(url + "?export=pdf").content
        assert pdf.startswith(b"%PDF")
        (tmp_path / "bao-cao.pdf").write_bytes(pdf)
        extracted = subprocess.run(["pdftotext", str(tmp_path / "bao-cao.pdf"), "-"], capture_output=True, text=True)
        words = " ".join(extracted.stdout.split())  # a table cell wraps its lines
        assert "Hồ Quang Bửu <b>&amp;</b>" in words and "TM. BAN ĐIỀU HÀNH" in words


def test_next_years_form_is_pre_filled_with_the_last_reported_count(client, filed):
    _period, _report, club_a, _club_b, editor_a, _editor_b = filed
    next_year = open_self_report([club_a.kind], year=2027)
    client.force_login(editor_a)
    page = client.get(f"/bao-cao/ky/{next_year.pk}/clb/{club_a.pk}/").content.decode()
    assert "Cổng đã có: 42" in page and "Cổng đã có: 30" not in page
