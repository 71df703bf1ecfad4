"""The Board's reporting screens in the Wagtail admin, through HTTP: a period with its form of indicators and an
extension, who has and has not reported, a report inspected and returned with a reason."""

import pytest
from django.core import mail

from reporting.enums import ReportState
from reporting.models import ReportingPeriod
from tests.factories.portal import AgencyKindFactory, board_user, nominator
from tests.factories.reporting import file_report, make_period

pytestmark = pytest.mark.django_db

PERIODS = "/admin/snippets/reporting/reportingperiod/"
REPORTS = "/admin/snippets/reporting/report/"


@pytest.fixture
def board(client):
    user = board_user()
    client.force_login(user)
    return user


@pytest.fixture
def filed():
    kind = AgencyKindFactory(name="UBND cấp huyện")
    user, late = nominator(), nominator()
    for person in (user, late):
        person.agency.kind = kind
        person.agency.save()
    period = make_period(agency_kinds=[kind])
    return period, file_report(user, period, text="Hỗ trợ 12 dự án OCOP."), user, late


def inline(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
        data.update({f"{prefix}-{index}-ORDER": index + 1, f"{prefix}-{index}-id": "", f"{prefix}-{index}-DELETE": ""})
    return data


def test_the_board_opens_a_period_with_indicators_and_an_extension(client, board):
    agency = nominator().agency
    response = client.post(PERIODS + "add/", {
        "title": "Báo cáo 6 tháng đầu năm 2027", "kind": "half_year", "starts_on": "2027-01-01",
        "ends_on": "2027-06-30", "deadline": "2027-07-10 16:30", "instructions": "Gửi kèm công văn.",
        "agency_kinds": [agency.kind_id],
        **inline("indicators", [
            {"label": "Số dự án được hỗ trợ", "kind": "number", "unit": "dự án", "known_figure": "", "help_text": "",
             "options": ""},
            {"label": "Số giảng viên nguồn", "kind": "number", "unit": "", "known_figure": "certified_trainers",
             "help_text": "Tính đến cuối kỳ.", "options": ""},
            {"label": "Kết quả nổi bật", "kind": "narrative", "unit": "", "known_figure": "", "help_text": "",
             "options": ""},
        ]),
        **inline("extensions", [{"agency": agency.pk, "club": "", "deadline": "2027-07-15 08:00"}]),
    })
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    period = ReportingPeriod.objects.get(title="Báo cáo 6 tháng đầu năm 2027")
    assert period.deadline.hour == 9  # 16:30 Asia/Ho_Chi_Minh
    assert list(period.indicators.values_list("known_figure", flat=True)) == ["", "certified_trainers", ""]
    assert list(period.agency_kinds.all()) == [agency.kind]
    assert period.extensions.get().agency == agency


def test_a_choice_indicator_without_options_is_refused(client, board):
    response = client.post(PERIODS + "add/", {
        "title": "Kỳ lỗi", "kind": "ad_hoc", "starts_on": "2027-01-01", "ends_on": "2027-01-31",
        "deadline": "2027-02-05 16:00",
        **inline("indicators", [{"label": "Mức độ", "kind": "choice", "unit": "", "known_figure": "",
                                 "help_text": "", "options": ""}]),
        **inline("extensions", []),
    })
    assert response.status_code == 200 and not ReportingPeriod.objects.filter(title="Kỳ lỗi").exists()


def test_who_has_and_has_not_reported(client, board, filed):
    period, report, user, late = filed
    page = client.get(f"{PERIODS}progress/{period.pk}/").content.decode()
    assert user.agency.name in page and late.agency.name in page
    assert "Đã nộp: 1. Chưa nộp: 1." in page


def test_inspect_and_return_with_a_reason(client, board, filed, committed):
    period, report, user, _late = filed
    page = client.get(f"{REPORTS}inspect/{report.pk}/").content.decode()
    assert "Hỗ trợ 12 dự án OCOP." in page and "Trả lại để sửa" in page
    assert client.post(f"{REPORTS}return/{report.pk}/", {"reason": " "}).status_code == 200
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    with committed():
        response = client.post(f"{REPORTS}return/{report.pk}/", {"reason": "Thiếu số liệu <quỹ> & vốn."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.returned_reason == "Thiếu số liệu <quỹ> & vốn."
    assert mail.outbox and "Thiếu số liệu <quỹ> & vốn." in mail.outbox[-1].body


def test_the_board_neither_adds_edits_nor_deletes_reports(client, board, filed):
    _period, report, *_ = filed
    assert client.get(f"{REPORTS}add/").status_code == 302
    assert client.get(f"{REPORTS}edit/{report.pk}/").status_code == 302
    assert client.post(f"{REPORTS}delete/{report.pk}/").status_code == 302
    report.refresh_from_db()


def test_a_period_with_reports_is_not_deleted(client, board, filed):
    period, *_ = filed
    client.post(f"{PERIODS}delete/{period.pk}/")
    assert ReportingPeriod.objects.filter(pk=period.pk).exists()


def test_an_agency_nominator_gets_no_board_screen(client, filed):
    period, report, user, _late = filed
    client.force_login(user)
    for url in (f"{PERIODS}progress/{period.pk}/", f"{REPORTS}inspect/{report.pk}/", f"{REPORTS}return/{report.pk}/"):
        assert client.get(url).status_code in (302, 403)
