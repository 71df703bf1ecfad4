"""Clubs' yearly self-report (issue 16 item 5): a reporting period of kind CLUB_YEAR with a short form of
indicators (members at year end, activities held, highlights, plans), filed by each club's editors through the
same drafts, deadlines, extensions, returns and reminders as every report (reporting.services).

What clubs file is read back by the clubs app without importing this one (ARCHITECTURE.md: dotted paths read at
run time, clubs.models.REPORT_SIGNALS): the last time a club submitted any report is a sign of life for the
quiet-clubs report, and the member count of its latest submitted report (the indicator pre-filled with the
"members" figure) is shown in the directory with the day it was submitted."""

import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from reporting.enums import IndicatorKind, PeriodKind, ReportState
from reporting.models import Indicator, Report, ReportingPeriod, ReportValue
from reporting.rules import is_board

# label, kind, unit, known figure, help text
INDICATORS = [
    (
        "Số thành viên tính đến cuối năm",
        IndicatorKind.NUMBER,
        "người",
        "members",
        "Số thành viên đang sinh hoạt; danh bạ câu lạc bộ hiển thị số này kèm ngày nộp báo cáo.",
    ),
    (
        "Số hoạt động đã tổ chức trong năm",
        IndicatorKind.NUMBER,
        "hoạt động",
        "events",
        "Cà phê khởi nghiệp, tập huấn, hội thảo, cuộc thi... kể cả hoạt động chưa đăng trên cổng.",
    ),
    ("Hoạt động nổi bật trong năm", IndicatorKind.NARRATIVE, "", "", ""),
    ("Kế hoạch năm tới", IndicatorKind.NARRATIVE, "", "", ""),
]
MEMBERS = "members"


def title_for(year):
    # Data, like every period's title: Vietnamese whatever the Board's language, as the documents it goes into.
    return f"Tự báo cáo năm {year} của các câu lạc bộ"


def open_period(actor, year, deadline, club_kinds, instructions=""):
    """The Board opens the clubs' self-report for `year` (1/1 to 31/12), asked of `club_kinds`, with the standard
    form; the Board may then edit it as any period. One a year: a second one is refused."""
    from reporting.services import NotAllowed, ReportError

    if not is_board(actor):
        raise NotAllowed(_("Chỉ Ban Điều hành mở kỳ báo cáo."))
    starts_on, ends_on = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    with transaction.atomic():
        if ReportingPeriod.objects.filter(kind=PeriodKind.CLUB_YEAR, starts_on=starts_on).exists():
            raise ReportError(_("Đã có kỳ tự báo cáo năm %(year)s của câu lạc bộ.") % {"year": year}, field="year")
        period = ReportingPeriod.objects.create(
            title=title_for(year),
            kind=PeriodKind.CLUB_YEAR,
            starts_on=starts_on,
            ends_on=ends_on,
            deadline=deadline,
            instructions=instructions,
        )
        # By primary key: modelcluster writes them at once, and does not try to sort instances by ClubKind's
        # Meta.ordering, which it cannot read (an expression, portal.ordering.vi: TypeError with two kinds or more).
        period.club_kinds.set([kind.pk for kind in club_kinds])
        for order, (label, kind, unit, known, help_text) in enumerate(INDICATORS):
            Indicator.objects.create(
                period=period,
                label=label,
                kind=kind,
                unit=unit,
                known_figure=known,
                help_text=help_text,
                sort_order=order,
            )
    return period


def within(period):
    """The clubs' self-report periods that fall inside `period` (the year's self-report inside a yearly period):
    the compiled report of `period` carries their figures."""
    if period.kind == PeriodKind.CLUB_YEAR:
        return ReportingPeriod.objects.none()
    return (
        ReportingPeriod.objects.filter(
            kind=PeriodKind.CLUB_YEAR, starts_on__gte=period.starts_on, ends_on__lte=period.ends_on
        )
        .exclude(pk=period.pk)
        .order_by("starts_on", "pk")
    )


# Read by the clubs app (clubs.models.REPORT_SIGNALS). Each returns expressions over a club row (OuterRef("pk")).


def last_report_at():
    """When the club last submitted a report (returned ones count: it did report), or NULL."""
    reports = Report.objects.filter(club_id=OuterRef("pk"), submitted_at__isnull=False).order_by("-submitted_at")
    return Subquery(reports.values("submitted_at")[:1])


def reported_members():
    """{"reported_members", "members_reported_at"}: the member count of the club's latest submitted report that
    has one, and when it was submitted."""
    values = ReportValue.objects.filter(
        report__club_id=OuterRef("pk"),
        report__state=ReportState.SUBMITTED,
        indicator__known_figure=MEMBERS,
        number__isnull=False,
    ).order_by("-report__submitted_at", "-pk")
    return {
        "reported_members": Subquery(values.values("number")[:1]),
        "members_reported_at": Subquery(values.values("report__submitted_at")[:1]),
    }
