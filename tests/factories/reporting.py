"""Reporting periods, indicators and reports for tests. Reports are filled and submitted through the services."""

import datetime

from django.utils import timezone

from reporting import services
from reporting.enums import IndicatorKind, PeriodKind
from reporting.models import Indicator, ReportingPeriod
from reporting.reporters import Reporter
from tests.factories.training import pdf_file


def make_period(agency_kinds=(), club_kinds=(), deadline=None, title="Báo cáo quý IV năm 2026", **fields):
    """A quarter with three indicators: a number pre-filled with the agency's nominations, a choice, a narrative."""
    period = ReportingPeriod.objects.create(
        title=title, kind=PeriodKind.QUARTER,
        starts_on=fields.pop("starts_on", datetime.date(2026, 10, 1)),
        ends_on=fields.pop("ends_on", datetime.date(2026, 12, 31)),
        deadline=deadline or timezone.now() + datetime.timedelta(days=10), **fields,
    )
    period.agency_kinds.set(agency_kinds)
    period.club_kinds.set(club_kinds)
    period.save()  # modelcluster keeps a parental relation in memory until the period is saved
    Indicator.objects.create(
        period=period, label="Số dự án khởi nghiệp được hỗ trợ", kind=IndicatorKind.NUMBER, unit="dự án", sort_order=1
    )
    Indicator.objects.create(
        period=period, label="Số sự kiện đã tổ chức", kind=IndicatorKind.NUMBER, known_figure="events", sort_order=2
    )
    Indicator.objects.create(
        period=period, label="Mức độ triển khai", kind=IndicatorKind.CHOICE, options="Tốt\nKhá\nChưa đạt",
        sort_order=3,
    )
    Indicator.objects.create(period=period, label="Kết quả nổi bật", kind=IndicatorKind.NARRATIVE, sort_order=4)
    return period


def answers(period, projects=5, events=0, choice="Tốt", text="Hỗ trợ 5 dự án nông nghiệp hữu cơ.", note=""):
    indicators = list(period.indicators.order_by("sort_order"))
    return {
        indicators[0].pk: {"number": projects, "note": ""},
        indicators[1].pk: {"number": events, "note": note},
        indicators[2].pk: {"choice": choice},
        indicators[3].pk: {"text": text},
    }


def dispatch(number="12/UBND-KT"):
    return {"number": number, "date": datetime.date(2026, 12, 20), "file": pdf_file()}


def file_report(user, period, reporter=None, submit=True, **values):
    reporter = reporter or Reporter(agency=user.agency)
    report = services.save_draft(period, reporter, user, answers(period, **values), dispatch=dispatch())
    if submit:
        services.submit(report, user)
    return report


def open_self_report(club_kinds, year=2026, deadline=None):
    """The clubs' yearly self-report, opened by the Board with its standard form (reporting.self_reports)."""
    from reporting import self_reports
    from tests.factories.portal import board_user

    deadline = deadline or timezone.now() + datetime.timedelta(days=10)
    return self_reports.open_period(board_user(), year, deadline, club_kinds)


def self_report_answers(period, members=40, activities=6, highlights="Cà phê khởi nghiệp hằng tháng.",
                        plans="Mở lớp tập huấn chuyển đổi số."):
    members_line, activities_line, highlights_line, plans_line = period.indicators.order_by("sort_order")
    return {
        members_line.pk: {"number": members, "note": "Theo danh sách thành viên."},
        activities_line.pk: {"number": activities, "note": "Gồm cả hoạt động chưa đăng."},
        highlights_line.pk: {"text": highlights},
        plans_line.pk: {"text": plans},
    }


def file_self_report(user, period, club, submit=True, now=None, **values):
    reporter = Reporter(club=club)
    report = services.save_draft(period, reporter, user, self_report_answers(period, **values), now=now)
    if submit:
        services.submit(report, user, now=now)
    return report
