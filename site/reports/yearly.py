"""The Board's yearly report: per administrative unit and per agency, the clubs, nominations, certified source
trainers, events and participants of one year. Aggregated in SQL (seven queries, whatever the size of the
network) and merged in Python into rows the admin page, the XLSX and the PDF all read; then the tables of what the
portal's other subjects show of the year (reporting.figures.ACTIVITY_TABLES: the idea bank by sector and district,
the mentor network's activity, competitions when they come), each in a fixed number of queries.

What each figure means:
- clubs: live club pages that existed at the end of the year (founded by then, or first published by then when
  the founding date is unknown); "new" were founded (or, undated, first published) in the year.
- nominations: submitted in the year (Vietnam time), and of those the ones accepted.
- trainers certified: people holding a valid source-trainer certificate issued in the year (a re-issued one
  dates from the certificate it replaces), counted under the agency that nominated them and that agency's unit.
- events: live, not cancelled events starting in the year, under the unit of the organising club (or agency);
  Board events belong to no unit. Participants: confirmed registrations, and of those the ones marked present.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clubs.models import ClubKind, ClubPage
from events.enums import EventStatus, Organiser, RegistrationStatus
from events.models import EventPage
from portal.documents.tables import Table
from portal.models import AdministrativeUnit, Agency
from portal.ordering import vi
from reporting import figures as portal_figures
from training.certificates.enums import CertificateKind
from training.models import Certificate, Nomination
from training.nominations.enums import NominationStatus

FIRST_YEAR = 2017  # the network's first five-year plan began in 2017 (the founding notice)
FIGURE_LABELS = {
    "clubs": gettext_lazy("Số CLB"),
    "new_clubs": gettext_lazy("CLB thành lập mới"),
    "submitted": gettext_lazy("Hồ sơ đề cử đã nộp"),
    "accepted": gettext_lazy("Hồ sơ được chọn"),
    "certified": gettext_lazy("Giảng viên nguồn được công nhận"),
    "events": gettext_lazy("Sự kiện"),
    "confirmed": gettext_lazy("Lượt đăng ký đã xác nhận"),
    "attended": gettext_lazy("Lượt có mặt"),
}
UNIT_FIGURES = ["clubs", "new_clubs", "submitted", "accepted", "certified", "events", "confirmed", "attended"]
AGENCY_FIGURES = ["submitted", "accepted", "certified", "events", "confirmed", "attended"]


def year_range():
    return FIRST_YEAR, timezone.localdate().year + 1


@dataclass
class Row:
    label: str
    figures: dict = field(default_factory=dict)
    kind: str = ""  # the agency's kind, or the unit's level
    unit: str = ""  # the agency's unit
    clubs_by_kind: dict = field(default_factory=dict)  # kind id -> count (units only)

    def __getitem__(self, name):
        return self.figures.get(name, 0)

    @property
    def is_empty(self):
        return not any(self.figures.values())


@dataclass
class YearlyReport:
    year: int
    units: list  # [Row], every active unit and any unit with figures, then "no unit"
    agencies: list  # [Row], agencies with any figure
    kinds: list  # [{"pk", "label", "clubs", "new_clubs"}]
    totals: Row
    activity: list = field(default_factory=list)  # [Table] from reporting.figures.ACTIVITY_TABLES


def _year_bounds(year):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(timezone.datetime(year, 1, 1), tz)
    end = timezone.make_aware(timezone.datetime(year + 1, 1, 1), tz)
    return start, end


def club_counts(year):
    """(unit id, kind id) -> {"clubs", "new_clubs"}. One query."""
    start, end = _year_bounds(year)
    existed = Q(founded_on__lt=date(year + 1, 1, 1)) | Q(founded_on__isnull=True, first_published_at__lt=end)
    new = Q(founded_on__year=year) | Q(
        founded_on__isnull=True, first_published_at__gte=start, first_published_at__lt=end
    )
    rows = (
        ClubPage.objects.live()
        .values("unit_id", "kind_id")
        .annotate(clubs=Count("pk", filter=existed), new_clubs=Count("pk", filter=new))
        .order_by()
    )
    return {(row["unit_id"], row["kind_id"]): row for row in rows}


def nomination_counts(year):
    """agency id -> {"submitted", "accepted"}. One query."""
    start, end = _year_bounds(year)
    rows = (
        Nomination.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .values("agency_id")
        .annotate(submitted=Count("pk"), accepted=Count("pk", filter=Q(status=NominationStatus.ACCEPTED)))
        .order_by()
    )
    return {row["agency_id"]: row for row in rows}


def certified_counts(year):
    """agency id -> people given a valid source-trainer certificate in the year. One query.

    A certificate re-issued to correct it (revoked, then replaced) dates from the one it replaces: the person
    was certified when first issued, and the replacement must not count them again in a later year."""
    rows = (
        Certificate.objects.valid()
        .filter(kind=CertificateKind.CERTIFICATION, enrolment__isnull=False)
        .annotate(first_issued=Coalesce("replaces__issued_on", "issued_on"))
        .filter(first_issued__year=year)
        .values(agency_id=F("enrolment__nomination__agency_id"))
        .annotate(certified=Count("enrolment__nomination", distinct=True))
        .order_by()
    )
    return {row["agency_id"]: row["certified"] for row in rows}


def event_counts(year):
    """[{organiser, club's unit id, agency id, agency's unit id, events, confirmed, attended}]. One query."""
    start, end = _year_bounds(year)
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    return list(
        EventPage.objects.live()
        .filter(start__gte=start, start__lt=end)
        .exclude(status=EventStatus.CANCELLED)
        .values("organiser", "club__unit_id", "agency_id", "agency__unit_id")
        .annotate(
            events=Count("pk", distinct=True),
            confirmed=Count("registrations", filter=confirmed),
            attended=Count("registrations", filter=confirmed & Q(registrations__attended=True)),
        )
        .order_by()
    )


def build(year):
    """The report of `year`. Seven queries (units, agencies, kinds, clubs, nominations, certificates, events), and
    the activity tables' own fixed number."""
    units = list(AdministrativeUnit.objects.order_by("sort_order", vi("name")))
    agencies = list(Agency.objects.select_related("kind", "unit").order_by("sort_order", vi("name")))
    kinds = list(ClubKind.objects.order_by("sort_order", vi("name")))
    clubs = club_counts(year)
    nominations = nomination_counts(year)
    certified = certified_counts(year)
    events = event_counts(year)

    by_unit = defaultdict(lambda: defaultdict(int))
    clubs_by_unit_kind = defaultdict(lambda: defaultdict(int))
    by_kind = defaultdict(lambda: defaultdict(int))
    by_agency = defaultdict(lambda: defaultdict(int))

    for (unit_id, kind_id), row in clubs.items():
        for name in ("clubs", "new_clubs"):
            by_unit[unit_id][name] += row[name]
            by_kind[kind_id][name] += row[name]
        clubs_by_unit_kind[unit_id][kind_id] += row["clubs"]
    for agency_id, row in nominations.items():
        for name in ("submitted", "accepted"):
            by_agency[agency_id][name] += row[name]
    for agency_id, count in certified.items():
        by_agency[agency_id]["certified"] += count
    for row in events:
        by_agency_event = row["organiser"] == Organiser.AGENCY and row["agency_id"]
        if row["organiser"] == Organiser.CLUB:
            unit_id = row["club__unit_id"]
        else:
            unit_id = row["agency__unit_id"] if by_agency_event else None
        for name in ("events", "confirmed", "attended"):
            by_unit[unit_id][name] += row[name]
            if by_agency_event:
                by_agency[row["agency_id"]][name] += row[name]

    agency_rows = []
    for agency in agencies:
        figures = {name: by_agency[agency.pk][name] for name in AGENCY_FIGURES} if agency.pk in by_agency else {}
        if figures and any(figures.values()):
            agency_rows.append(
                Row(agency.name, figures, kind=agency.kind.name, unit=agency.unit.name if agency.unit else "")
            )
        # An agency's nominations and trainers count under its unit; its events are already there.
        for name in ("submitted", "accepted", "certified"):
            by_unit[agency.unit_id][name] += by_agency[agency.pk][name] if agency.pk in by_agency else 0

    unit_rows = []
    for unit in units:
        row = Row(
            unit.name,
            {name: by_unit[unit.pk][name] for name in UNIT_FIGURES},
            kind=unit.kind,
            clubs_by_kind={kind.pk: clubs_by_unit_kind[unit.pk][kind.pk] for kind in kinds},
        )
        if unit.is_active or not row.is_empty:
            unit_rows.append(row)
    if None in by_unit and any(by_unit[None].values()):
        unit_rows.append(
            Row(_("Cấp tỉnh, không gắn địa bàn"), {name: by_unit[None][name] for name in UNIT_FIGURES})
        )

    totals = Row(
        _("Tổng cộng"),
        {name: sum(row[name] for row in unit_rows) for name in UNIT_FIGURES},
        clubs_by_kind={kind.pk: sum(row.clubs_by_kind.get(kind.pk, 0) for row in unit_rows) for kind in kinds},
    )
    kind_rows = [
        {"pk": kind.pk, "label": kind.name, **{name: by_kind[kind.pk][name] for name in ("clubs", "new_clubs")}}
        for kind in kinds
    ]
    activity = portal_figures.activity_tables(date(year, 1, 1), date(year, 12, 31))
    return YearlyReport(
        year=year, units=unit_rows, agencies=agency_rows, kinds=kind_rows, totals=totals, activity=activity
    )


# --- the report's tables, as headings and rows of plain values: the page, the XLSX and the PDF share them --




def unit_table(report):
    kinds = report.kinds
    headings = [_("Đơn vị hành chính"), *(str(FIGURE_LABELS[name]) for name in UNIT_FIGURES[:2])]
    headings += [_("Trong đó: %(kind)s") % {"kind": kind["label"]} for kind in kinds]
    headings += [str(FIGURE_LABELS[name]) for name in UNIT_FIGURES[2:]]

    def line(row):
        return [
            row.label,
            *(row[name] for name in UNIT_FIGURES[:2]),
            *(row.clubs_by_kind.get(kind["pk"], 0) for kind in kinds),
            *(row[name] for name in UNIT_FIGURES[2:]),
        ]

    return Table(_("Theo đơn vị hành chính"), headings, [line(row) for row in report.units], line(report.totals))


def agency_table(report):
    headings = [_("Cơ quan, đơn vị"), _("Loại cơ quan"), _("Đơn vị hành chính")]
    headings += [str(FIGURE_LABELS[name]) for name in AGENCY_FIGURES]
    rows = [[row.label, row.kind, row.unit, *(row[name] for name in AGENCY_FIGURES)] for row in report.agencies]
    total = [_("Tổng cộng"), "", "", *(sum(row[name] for row in report.agencies) for name in AGENCY_FIGURES)]
    return Table(_("Theo cơ quan, đơn vị"), headings, rows, total)


def kind_table(report):
    headings = [_("Loại câu lạc bộ"), str(FIGURE_LABELS["clubs"]), str(FIGURE_LABELS["new_clubs"])]
    rows = [[kind["label"], kind["clubs"], kind["new_clubs"]] for kind in report.kinds]
    total = [_("Tổng cộng"), report.totals["clubs"], report.totals["new_clubs"]]
    return Table(_("Câu lạc bộ theo loại"), headings, rows, total)


def summary_table(report):
    rows = [[str(FIGURE_LABELS[name]), report.totals[name]] for name in UNIT_FIGURES]
    return Table(_("Tổng hợp"), [_("Chỉ tiêu"), _("Năm %(year)s") % {"year": report.year}], rows)


def tables(report):
    """The network's four tables, then the activity tables (reports.pdf lays out the first four itself)."""
    return [summary_table(report), unit_table(report), agency_table(report), kind_table(report), *report.activity]


def title(year):
    return _("Báo cáo năm %(year)s") % {"year": year}
