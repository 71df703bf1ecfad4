"""The idea bank on the home page (portal.pages.home.SECTION_PROVIDERS): how many ideas are published and the
newest few, the published entries by sector and by district (each a link to the showcase filtered by it), and
the mentor network's activity (mentors listed, sessions held this year), and how many competitions take
entries now.

Three queries whatever the size of the bank and of the network (the total rides on each latest row as a window
count; both breakdowns come from one grouped count; the mentors and the year's sessions from one aggregate), kept
per cache generation by portal.pages.home like every section. The year's sessions and the open competitions change
with the calendar alone: the values hold until the province's next 1 January, the next deadline passing or the
next competition opening, whichever comes first (`sections_valid_until`)."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Min, Q, Subquery, Window
from django.utils import timezone

from portal.inputs import deadlines
from portal.ordering import vietnamese_sort_key

from .competitions.models import Competition
from .mentoring.enums import ProfileState
from .mentoring.models import MentorProfile
from .models import Entry

HOME_IDEAS_COUNT = 3


def bank_breakdown():
    """(sectors, districts), each [{slug, name, count}] of those with any public entry, in the Board's order then
    Vietnamese order of names. One query: the public entries counted per (sector, district) pair (at most as many
    rows as pairs of reference data, whatever the number of entries), summed here both ways."""
    pairs = (
        Entry.objects.published()
        .values(
            "sector__slug",
            "sector__name",
            "sector__sort_order",
            "district__slug",
            "district__name",
            "district__sort_order",
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
    sectors, districts = {}, {}
    for pair in pairs:
        for rows, prefix in ((sectors, "sector__"), (districts, "district__")):
            row = rows.setdefault(
                pair[prefix + "slug"],
                {
                    "slug": pair[prefix + "slug"],
                    "name": pair[prefix + "name"],
                    "order": pair[prefix + "sort_order"],
                    "count": 0,
                },
            )
            row["count"] += pair["count"]

    def ordered(rows):
        return sorted(rows.values(), key=lambda row: (row["order"], vietnamese_sort_key(row["name"])))

    return ordered(sectors), ordered(districts)


def mentoring_activity(year):
    """(mentors listed in the network, sessions held in `year`), in one query: every session belongs to one
    request of one mentor, so joining the mentors to their sessions counts each session once."""
    listed = Q(state=ProfileState.ADMITTED, consent=True)
    held = Q(requests__sessions__held_on__gte=date(year, 1, 1), requests__sessions__held_on__lte=date(year, 12, 31))
    counts = MentorProfile.objects.aggregate(
        mentors=Count("pk", filter=listed, distinct=True), sessions=Count("requests__sessions", filter=held)
    )
    return counts["mentors"], counts["sessions"]


def competitions_now(now):
    """Scalar subqueries riding on the latest entries' query (no query of their own): how many published
    competitions take entries at `now`, the earliest deadline among them and the next opening. Entering needs a
    published idea, so with an empty bank there is nothing to show."""
    published = Competition.objects.published().order_by().values("is_published")
    open_now = published.filter(opens_at__lte=now, closes_at__gte=deadlines.cutoff(now))

    def scalar(queryset, aggregate):
        return Subquery(queryset.annotate(value=aggregate).values("value")[:1])

    return {
        "open_competitions": scalar(open_now, Count("pk")),
        "first_deadline": scalar(open_now, Min("closes_at")),
        "next_opening": scalar(published.filter(opens_at__gt=now), Min("opens_at")),
    }


def _until(year_end, entry):
    """When the section's values go stale: the new year, a deadline passing (its minute over), an opening."""
    moments = [year_end]
    if entry is not None and entry.first_deadline:
        moments.append(deadlines.minute_of(entry.first_deadline) + timedelta(minutes=1))
    if entry is not None and entry.next_opening:
        moments.append(entry.next_opening)
    return min(moments)


def latest_ideas(request):
    now = timezone.now()
    entries = list(
        Entry.objects.showcase().annotate(total=Window(Count("pk")), **competitions_now(now))[:HOME_IDEAS_COUNT]
    )
    first = entries[0] if entries else None
    sectors, districts = bank_breakdown()
    today = timezone.localdate()
    mentors, sessions = mentoring_activity(today.year)
    year_end = datetime.combine(date(today.year + 1, 1, 1), time(), tzinfo=timezone.get_current_timezone())
    return {
        "idea_total": entries[0].total if entries else 0,
        "latest_ideas": entries,
        "idea_sectors": sectors,
        "idea_districts": districts,
        "mentor_total": mentors,
        "mentoring_year": today.year,
        "mentoring_sessions": sessions,
        "open_competitions": (first.open_competitions or 0) if first else 0,
        "sections_valid_until": _until(year_end, first),
    }
