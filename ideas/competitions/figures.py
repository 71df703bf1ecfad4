"""Competitions and awards in the Board's compiled and yearly reports (reporting.figures.ACTIVITY_TABLES), first
and last day of the period inclusive, the province's calendar days:

- what happened in the period: competitions opened for entries, entries sent (still in, not withdrawn), results
  released and the winners they named;
- each competition whose results were released in the period: its organiser, its entries and its winners by award.
Two queries whatever the number of competitions and entries."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from portal.documents.tables import Table

from ..figures import moments
from .enums import WINNING, Award, EntryStatus
from .models import Competition, CompetitionEntry


def activity_tables(start, end):
    since, until = moments(start, end)
    in_period = {"competition__released_at__gte": since, "competition__released_at__lt": until}
    entries = CompetitionEntry.objects.aggregate(
        sent=Count("pk", filter=Q(submitted_at__gte=since, submitted_at__lt=until) & ~Q(status=EntryStatus.WITHDRAWN)),
        winners=Count("pk", filter=Q(status=EntryStatus.AWARDED, **in_period)),
    )
    by_award = {
        award: Count("entries", filter=Q(entries__award=award, entries__status=EntryStatus.AWARDED))
        for award in WINNING
    }
    competitions = list(
        Competition.objects.filter(Q(opens_at__gte=since, opens_at__lt=until) | Q(released_at__gte=since,
                                                                                  released_at__lt=until))
        .select_related("organiser")
        .annotate(live=Count("entries", filter=~Q(entries__status=EntryStatus.WITHDRAWN)), **by_award)
        .order_by("released_at", "opens_at", "pk")
    )
    released = [c for c in competitions if c.released_at and since <= c.released_at < until]
    summary = [
        [_("Cuộc thi, giải thưởng mở nhận hồ sơ trong kỳ"), sum(since <= c.opens_at < until for c in competitions)],
        [_("Hồ sơ dự thi đã đăng ký trong kỳ (không tính hồ sơ đã rút)"), entries["sent"]],
        [_("Cuộc thi, giải thưởng công bố kết quả trong kỳ"), len(released)],
        [_("Ý tưởng, dự án đạt giải (kết quả công bố trong kỳ)"), entries["winners"]],
    ]
    tables = [Table(title=_("Cuộc thi, giải thưởng"), headings=[_("Chỉ tiêu"), _("Số lượng")], rows=summary)]
    if released:
        tables.append(
            Table(
                title=_("Kết quả các cuộc thi, giải thưởng công bố trong kỳ"),
                headings=[_("Cuộc thi, giải thưởng"), _("Đơn vị tổ chức"), _("Hồ sơ dự thi")]
                + [Award(award).label for award in WINNING],
                rows=[
                    [c.title, c.organiser.name if c.organiser_id else _("Ban Điều hành"), c.live]
                    + [getattr(c, award) for award in WINNING]
                    for c in released
                ],
            )
        )
    return tables
