"""The Board's compilation of a period: who has reported, the totals of every number indicator by district
(administrative unit) and by kind of reporter, the counts of every choice, and the narratives side by side.

`compile_period()` reads the database once per kind of row (a constant number of queries, and as many again for
each clubs' yearly self-report inside the period, whose table it adds), adds what the portal itself shows of the
period (the idea bank by sector and district, the mentor network's activity, and whatever else
reporting.figures.ACTIVITY_TABLES names, each in a fixed number of queries) and returns a plain `Compiled` value;
the screen, the XLSX and the administrative documents are drawn from it alone."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.documents.tables import Table
from portal.ordering import vietnamese_sort_key as vi_key
from reporting import services
from reporting.enums import IndicatorKind, ReportState
from reporting.models import Report, ReportValue


@dataclass
class Compiled:
    period: object
    indicators: list
    expected: int = 0
    submitted: int = 0
    missing_names: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)  # indicator pk -> Decimal
    by_unit: dict = field(default_factory=dict)  # unit label -> {indicator pk: Decimal}, plus "reports": n
    by_kind: dict = field(default_factory=dict)  # kind label -> same
    choices: dict = field(default_factory=dict)  # indicator pk -> {option: count}
    narratives: list = field(default_factory=list)  # [(indicator, [(reporter name, text)])]
    rows: list = field(default_factory=list)  # [(reporter name, submitted at, {indicator pk: Decimal})]
    self_reports: list = field(default_factory=list)  # [Compiled] of the clubs' self-reports inside the period
    activity: list = field(default_factory=list)  # [Table] of the portal's own figures (figures.ACTIVITY_TABLES)

    @property
    def numbers(self):
        return [i for i in self.indicators if i.kind == IndicatorKind.NUMBER]


def no_unit():
    return _("Cấp tỉnh (không gắn địa bàn)")


def compile_period(period):
    """The compilation of `period`, with those of the clubs' yearly self-reports that fall inside it."""
    from reporting import figures, self_reports

    compiled = compile_one(period)
    compiled.self_reports = [
        compile_one(inner) for inner in self_reports.within(period).prefetch_related("indicators")
    ]
    compiled.activity = figures.activity_tables(period.starts_on, period.ends_on)
    return compiled


def compile_one(period):
    indicators = list(period.indicators.all())
    compiled = Compiled(period=period, indicators=indicators)
    progress = services.progress(period)
    compiled.expected = len(progress)
    compiled.missing_names = [
        reporter.name for reporter, report, _deadline in progress
        if report is None or report.state != ReportState.SUBMITTED
    ]
    reports = list(
        Report.objects.filter(period=period, state=ReportState.SUBMITTED)
        .select_related("agency__kind", "agency__unit", "club__kind", "club__unit")
    )
    compiled.submitted = len(reports)
    values = defaultdict(dict)
    for value in ReportValue.objects.filter(report__in=reports):
        values[value.report_id][value.indicator_id] = value
    texts = defaultdict(list)
    for report in sorted(reports, key=lambda r: vi_key(r.reporter_name)):
        reporter = report.reporter
        unit = reporter.unit.name if reporter.unit else no_unit()
        kind = str(reporter.kind)
        compiled.by_unit.setdefault(unit, {"reports": 0})["reports"] += 1
        compiled.by_kind.setdefault(kind, {"reports": 0})["reports"] += 1
        numbers = {}
        compiled.rows.append((reporter.name, report.submitted_at, numbers))
        for indicator in indicators:
            value = values[report.pk].get(indicator.pk)
            if value is None:
                continue
            if indicator.kind == IndicatorKind.NUMBER and value.number is not None:
                numbers[indicator.pk] = value.number
                for bucket in (compiled.totals, compiled.by_unit[unit], compiled.by_kind[kind]):
                    bucket[indicator.pk] = bucket.get(indicator.pk, Decimal(0)) + value.number
            elif indicator.kind == IndicatorKind.CHOICE and value.choice:
                counts = compiled.choices.setdefault(indicator.pk, {})
                counts[value.choice] = counts.get(value.choice, 0) + 1
            elif indicator.kind == IndicatorKind.NARRATIVE and value.text:
                texts[indicator.pk].append((reporter.name, value.text))
    compiled.by_unit = dict(sorted(compiled.by_unit.items(), key=lambda item: vi_key(item[0])))
    compiled.by_kind = dict(sorted(compiled.by_kind.items(), key=lambda item: vi_key(item[0])))
    compiled.narratives = [(i, texts[i.pk]) for i in indicators if i.kind == IndicatorKind.NARRATIVE]
    return compiled


def figure(value):
    """A total as people write it: no trailing ",00", thousands with dots (Vietnamese)."""
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != value.to_integral() else f"{value:,.0f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def label(indicator):
    return f"{indicator.label} ({indicator.unit})" if indicator.unit else indicator.label


def tables(compiled):
    """The compilation as tables of figures, for the screen, the XLSX and the documents."""
    numbers = compiled.numbers
    result = [Table(
        title=_("Tổng hợp chỉ tiêu"),
        headings=[_("Chỉ tiêu"), _("Tổng cộng")],
        rows=[[label(i), figure(compiled.totals.get(i.pk, 0))] for i in numbers],
    )]
    for title, groups, first in (
        (_("Theo địa bàn"), compiled.by_unit, _("Địa bàn")),
        (_("Theo loại đơn vị"), compiled.by_kind, _("Loại đơn vị")),
    ):
        result.append(Table(
            title=title,
            headings=[first, _("Số báo cáo"), *(label(i) for i in numbers)],
            rows=[[name, bucket["reports"], *(figure(bucket.get(i.pk, 0)) for i in numbers)]
                  for name, bucket in groups.items()],
            total=[_("Tổng cộng"), compiled.submitted, *(figure(compiled.totals.get(i.pk, 0)) for i in numbers)],
        ))
    for indicator in compiled.indicators:
        if indicator.kind == IndicatorKind.CHOICE:
            counts = compiled.choices.get(indicator.pk, {})
            result.append(Table(
                title=indicator.label, headings=[_("Lựa chọn"), _("Số đơn vị")],
                rows=[[option, counts.get(option, 0)] for option in indicator.option_list()],
            ))
    for indicator, texts in compiled.narratives:
        result.append(Table(
            title=indicator.label, headings=[_("Đơn vị báo cáo"), _("Nội dung")], rows=[list(t) for t in texts]
        ))
    result += [self_report_table(inner) for inner in compiled.self_reports]
    return result + compiled.activity


def self_report_table(compiled):
    """A clubs' self-report inside a wider period: one row per club that submitted, with its figures."""
    numbers = compiled.numbers
    return Table(
        title=_("%(period)s: %(submitted)s/%(expected)s câu lạc bộ đã nộp")
        % {"period": compiled.period.title, "submitted": compiled.submitted, "expected": compiled.expected},
        headings=[_("Câu lạc bộ"), _("Ngày nộp"), *(label(i) for i in numbers)],
        rows=[[name, f"{timezone.localtime(at):%d/%m/%Y}", *(figure(values.get(i.pk)) for i in numbers)]
              for name, at, values in compiled.rows],
        total=[_("Tổng cộng"), "", *(figure(compiled.totals.get(i.pk, 0)) for i in numbers)],
    )
