"""iCalendar documents (RFC 5545) as pure functions: data in, bytes out. No database, no request.

Every feed and download (events' public and personal feeds, the one-event .ics, cohort sessions) is
`build_calendar` over `CalendarEntry` values; the icalendar library escapes text and folds lines. Every text
property (the calendar's own NAME/X-WR-CALNAME and description included) first goes through portal.inputs.text:
no control character, and line breaks only where the property may hold them (DESCRIPTION), escaped as \\n by the
library; rows saved before text was cleaned on save are therefore safe too. One entry that still cannot be
written is left out (and logged), so a shared feed never fails for everyone because of one record. Timed entries
carry TZID=Asia/Ho_Chi_Minh with its VTIMEZONE; all-day entries are VALUE=DATE with an exclusive DTEND (the day
after the last day). DTSTAMP is the entry's last change, so an unchanged feed serialises to the same bytes.
"""

import functools
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from portal.inputs.text import clean_line, clean_text

logger = logging.getLogger(__name__)

TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
PRODID = "-//Ban Dieu hanh Ho tro khoi nghiep sang tao tinh Quang Nam//Su kien//VI"
UID_DOMAIN = "khoinghiep.quangnam.gov.vn"
REFRESH = timedelta(hours=6)
CONTENT_TYPE = "text/calendar; charset=utf-8"

CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One VEVENT. Providers of the personal feed (events.feeds.PERSONAL_FEED_PROVIDERS) return these.

    Contract for providers: `uid` never changes for the same real-world thing; `sequence` rises whenever its
    time, place or status changes; `status` is CANCELLED (kept in the feed) rather than the entry vanishing.
    `start`/`end` are aware datetimes, or dates with `all_day=True` (`end` = the last day, inclusive).
    """

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    all_day: bool = False
    sequence: int = 0
    status: str = CONFIRMED
    location: str = ""
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = field(default_factory=tuple)
    last_modified: datetime | None = None
    created: datetime | None = None


def event_uid(uuid_value):
    return f"{uuid_value}@{UID_DOMAIN}"


def _vevent(entry, stamp):
    event = Event()
    event.add("uid", clean_line(entry.uid))
    event.add("dtstamp", entry.last_modified or stamp)
    event.add("sequence", entry.sequence)
    event.add("summary", clean_line(entry.summary))
    if entry.all_day:
        first = entry.start.date() if isinstance(entry.start, datetime) else entry.start
        last = entry.end.date() if isinstance(entry.end, datetime) else entry.end
        event.add("dtstart", first)
        event.add("dtend", max(last, first) + timedelta(days=1))
    else:
        event.add("dtstart", entry.start.astimezone(TIME_ZONE))
        event.add("dtend", entry.end.astimezone(TIME_ZONE))
    event.add("status", entry.status)
    if location := clean_line(entry.location):
        event.add("location", location)
    if description := clean_text(entry.description):
        event.add("description", description)
    if url := clean_line(entry.url):
        event.add("url", url)
    if categories := [category for category in map(clean_line, entry.categories) if category]:
        event.add("categories", categories)
    if entry.created:
        event.add("created", entry.created)
    if entry.last_modified:
        event.add("last-modified", entry.last_modified)
    return event


def build_calendar(entries, *, name, description="", stamp=None, method="PUBLISH"):
    """The VCALENDAR bytes of `entries`: CRLF line endings, folded at 75 octets, UTF-8, one VTIMEZONE."""
    stamp = stamp or datetime(2000, 1, 1, tzinfo=TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    name = clean_line(name)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(TIME_ZONE))
    if description := clean_text(description):
        calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    # Each entry serialised once, here (a broken one fails alone), and its bytes joined into the calendar's:
    # serialising the components a second time in the calendar's to_ical() was half the cost of a cold feed.
    chunks, timed = [], False
    for entry in entries:
        try:
            chunks.append(_vevent(entry, stamp).to_ical())
        except Exception:
            logger.exception("calendar entry %r left out of %r: it cannot be written", entry.uid, name)
            continue
        timed = timed or not entry.all_day
    if timed:  # where add_missing_timezones() puts it: before every VEVENT
        calendar.add_component(_vtimezone())
    head = calendar.to_ical()
    return head[: -len(END)] + b"".join(chunks) + END


END = b"END:VCALENDAR\r\n"


@functools.cache
def _vtimezone():
    """The VTIMEZONE of TIME_ZONE, as add_missing_timezones() writes it (the same whatever the entries)."""
    calendar = Calendar()
    event = Event()
    event.add("dtstart", datetime(2026, 1, 1, tzinfo=TIME_ZONE))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.walk("VTIMEZONE")[0]


def filename(title, suffix=".ics"):
    from portal.pages.search import ascii_slug

    return (ascii_slug(title)[:80] or "su-kien") + suffix
