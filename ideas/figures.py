"""The idea bank's figures for reports (reporting.figures reads them by dotted path, as it reads every app's).

Known figure (pre-filled for a reporter; first and last day of the period inclusive, the province's calendar days):
- `published`: entries of the bank made public in the period and still public (state published, consent given).
  A district committee (an agency with an administrative unit): entries in its unit; a club: entries naming the
  club; any other reporter: None (the figure means nothing for it).

Tables for the Board's compiled and yearly reports (reporting.figures.ACTIVITY_TABLES): `bank_tables(start, end)`
gives the bank by sector and by district, each row with the entries published in the period and those public at
its end. One query per table, whatever the size of the bank; rows in the Board's order, then Vietnamese order of
names (portal.ordering.vi)."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.documents.tables import Table
from portal.models import AdministrativeUnit
from portal.ordering import vi

from .enums import EntryState
from .models import Entry, Sector


def moments(start, end):
    """The period's first and last day as [since, until) in the province's time: the last second counts."""
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time(), tzinfo=zone)
    return since, datetime.combine(end + timedelta(days=1), time(), tzinfo=zone)


def published(agency=None, club=None, start=None, end=None):
    since, until = moments(start, end)
    entries = Entry.objects.published().filter(published_at__gte=since, published_at__lt=until)
    if club is not None:
        return entries.filter(club=club).count()
    if agency is not None and agency.unit_id:
        return entries.filter(district_id=agency.unit_id).count()
    return None


def _counted(queryset, relation, since, until):
    """(name, published in the period, public at its end) per row of `queryset` having any, in one query."""
    public = Q(**{f"{relation}__state": EntryState.PUBLISHED, f"{relation}__consent": True})
    until_end = public & Q(**{f"{relation}__published_at__lt": until})
    in_period = until_end & Q(**{f"{relation}__published_at__gte": since})
    rows = (
        queryset.annotate(in_period=Count(relation, filter=in_period), in_bank=Count(relation, filter=until_end))
        .filter(in_bank__gt=0)
        .order_by("sort_order", vi("name"))
        .values_list("name", "in_period", "in_bank")
    )
    return [list(row) for row in rows]


def bank_tables(start, end):
    since, until = moments(start, end)
    headings = [_("Ý tưởng, dự án công bố trong kỳ"), _("Đang công bố đến cuối kỳ")]
    tables = []
    for title, first, queryset, relation in (
        (_("Ngân hàng ý tưởng theo lĩnh vực"), _("Lĩnh vực"), Sector.objects.all(), "entries"),
        (_("Ngân hàng ý tưởng theo địa bàn"), _("Địa bàn"), AdministrativeUnit.objects.all(), "idea_entries"),
    ):
        rows = _counted(queryset, relation, since, until)
        total = [_("Tổng cộng"), sum(row[1] for row in rows), sum(row[2] for row in rows)]
        tables.append(Table(title=title, headings=[first, *headings], rows=rows, total=total))
    return tables
