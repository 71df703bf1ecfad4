"""Which events go into which feed, as calendar entries (portal.calendar builds the bytes and answers conditional
requests), and the caching of the public feeds.

Public feeds are rebuilt only when `feed_version()` changes (any event or kind saved or deleted, or a new day):
the bytes sit in Django's cache under that version, and a client holding the current ETag gets a 304 after
two small queries. Personal feeds are small; they are built per request and answered 304 on a content hash.
"""

import hashlib
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.models import Site

from portal.addresses import base_url, public_root
from portal.calendar import ical
from portal.calendar.http import calendar_response, etag_of, not_modified
from portal.operations import feed_cache

from .enums import EventStatus, Organiser, RegistrationStatus
from .models import ClubFollow, EventPage, Registration
from .models.pages import feed_version

CACHE_PREFIX = "events:feed:"
CACHE_SECONDS = 24 * 3600
# Public feeds keep this much of the past, so a subscriber still sees last month's events.
FEED_PAST = timedelta(days=getattr(settings, "EVENTS_FEED_PAST_DAYS", 180))

# Dotted paths of functions(user) -> list[ical.CalendarEntry] merged into a person's private feed, first
# provider first (a UID already given is skipped). Other apps add one line each.
PERSONAL_FEED_PROVIDERS = getattr(
    settings,
    "EVENTS_PERSONAL_FEED_PROVIDERS",
    [
        "events.feeds.registered_events",
        "training.cohorts.calendar.cohort_sessions",
        "events.feeds.followed_club_events",
    ],
)

ENTRY_FIELDS = (
    "uid", "sequence", "title", "summary", "start", "end", "all_day", "status", "venue", "address", "url_path",
    "kind__name", "organiser", "club__title", "agency__name", "updated_at", "first_published_at",
)


def _url_of(url_path, roots):
    for root in roots:
        if url_path.startswith(root.root_path):
            return (public_root(root.root_url) or base_url()) + "/" + url_path[len(root.root_path):]
    return base_url() + url_path


def entries_from_rows(rows, roots=None):
    """Calendar entries from `EventPage.objects.values(*ENTRY_FIELDS)` rows: no model instances, no N+1."""
    roots = Site.get_site_root_paths() if roots is None else roots
    board = str(Organiser.BOARD.label)
    entries = []
    for row in rows:
        organiser = row["club__title"] or row["agency__name"] if row["organiser"] != Organiser.BOARD else board
        cancelled = row["status"] == EventStatus.CANCELLED
        summary = row["title"]
        if cancelled:
            summary = _("[ĐÃ HỦY] %(title)s") % {"title": summary}
        url = _url_of(row["url_path"], roots)
        lines = [row["summary"], _("Đơn vị tổ chức: %(name)s") % {"name": organiser or board}, url]
        entries.append(
            ical.CalendarEntry(
                uid=ical.event_uid(row["uid"]),
                summary=summary,
                start=row["start"],
                end=row["end"],
                all_day=row["all_day"],
                sequence=row["sequence"],
                status=ical.CANCELLED if cancelled else ical.CONFIRMED,
                location=", ".join(part for part in (row["venue"], row["address"]) if part),
                description="\n".join(line for line in lines if line),
                url=url,
                categories=(row["kind__name"],),
                last_modified=row["updated_at"],
                created=row["first_published_at"],
            )
        )
    if any(entry.all_day for entry in entries):
        entries = [_localise_all_day(entry) for entry in entries]
    return entries


def _localise_all_day(entry):
    if not entry.all_day:
        return entry
    return replace(entry, start=timezone.localtime(entry.start).date(), end=timezone.localtime(entry.end).date())


def public_events():
    """Events any visitor may see: live, not behind a view restriction (registrants are never in here)."""
    return EventPage.objects.live().public()


def feed_rows(queryset):
    return queryset.filter(end__gte=timezone.now() - FEED_PAST).order_by("start", "pk").values(*ENTRY_FIELDS)


def event_ics(event):
    """The one-event .ics (download and e-mail attachment): bytes and a file name."""
    rows = EventPage.objects.filter(pk=event.pk).values(*ENTRY_FIELDS)
    body = ical.build_calendar(entries_from_rows(rows), name=event.title)
    return body, ical.filename(event.title)


def serve_public_feed(request, key, build, filename):
    """Answer a public feed: 304 if current, cached bytes if built since the last change, else build once."""
    changed, version = feed_version()
    version = f"{version}|{timezone.localdate()}"
    etag = etag_of(f"{key}|{version}")
    if response := not_modified(request, etag, changed):
        return response
    body = _cached_body(key, etag, build)
    feed_cache.allow(request)  # anonymous visitors' next requests are answered before the view, still counted
    return calendar_response(body, etag=etag, last_modified=changed, filename=filename)


# The latest bytes of each public feed in this process, keyed by feed and tagged with its ETag: served
# without unpickling megabytes from the cache backend. Bounded by the number of feeds (all, kinds, clubs).
_LOCAL_FEEDS = {}


def _cached_body(key, etag, build):
    """This process's copy, else the shared cache's (built by another process), else build once."""
    local = _LOCAL_FEEDS.get(key)
    if local is not None and local[0] == etag:
        return local[1]
    cache_key = CACHE_PREFIX + hashlib.sha1(f"{key}|{etag}".encode()).hexdigest()
    body = cache.get(cache_key)
    if body is None:
        body = build()
        cache.set(cache_key, body, CACHE_SECONDS)
    _LOCAL_FEEDS[key] = (etag, body)
    return body


def clear_local_feeds():
    _LOCAL_FEEDS.clear()


# --- the personal feed's providers ----------------------------------------------------------------------


def registered_events(user):
    """Events the person registered for: a held place as CONFIRMED, a waiting-list place as TENTATIVE, and a
    registration they cancelled as CANCELLED (kept, not dropped, so their calendar app removes the entry).

    The person's own changes raise SEQUENCE too: each promotion from the waiting list, cancellation and
    registering again adds one to the event's own sequence, so clients accept the new status (RFC 5545 §3.8.7.4)."""
    mine = {}  # event id -> [active status or None, number of personal changes (a new registration is one)]
    for event_id, status, promoted_at, cancelled_at in Registration.objects.for_user(user).values_list(
        "event_id", "status", "promoted_at", "cancelled_at"
    ):
        state = mine.setdefault(event_id, [None, -1])
        if status != RegistrationStatus.CANCELLED:
            state[0] = status
        state[1] += 1 + (promoted_at is not None) + (cancelled_at is not None)
    events = EventPage.objects.live().filter(pk__in=mine)
    # An event the person only cancelled stays in the feed as long as public feeds keep past events.
    events = events.exclude(
        ~Q(pk__in=[pk for pk, (status, _changes) in mine.items() if status]),
        end__lt=timezone.now() - FEED_PAST,
    )
    rows = events.order_by("start", "pk").values("pk", *ENTRY_FIELDS)
    entries = []
    for row, entry in zip(rows, entries_from_rows(rows), strict=True):
        status, changes = mine[row["pk"]]
        entry = replace(entry, sequence=entry.sequence + changes)
        if entry.status == ical.CANCELLED:
            pass  # the event itself is cancelled: that says everything
        elif status is None:
            entry = replace(
                entry, status=ical.CANCELLED, summary=_("[Đã hủy đăng ký] %(title)s") % {"title": entry.summary}
            )
        elif status == RegistrationStatus.WAITLISTED:
            entry = replace(
                entry, status="TENTATIVE", summary=_("[Danh sách chờ] %(title)s") % {"title": entry.summary}
            )
        entries.append(entry)
    return entries


def followed_club_events(user):
    clubs = ClubFollow.objects.filter(user=user).values("club_id")
    return entries_from_rows(feed_rows(public_events().filter(club__in=clubs)))


def personal_entries(user):
    """Every provider's entries, one per UID (the first provider wins: a registration beats a follow)."""
    seen, entries = set(), []
    for dotted_path in PERSONAL_FEED_PROVIDERS:
        for entry in import_string(dotted_path)(user):
            if entry.uid not in seen:
                seen.add(entry.uid)
                entries.append(entry)
    return entries


def serve_personal_feed(request, user):
    body = ical.build_calendar(
        personal_entries(user), name=_("Lịch của tôi – Khởi nghiệp Quảng Nam"),
        description=_("Sự kiện đã đăng ký, buổi học và sự kiện của câu lạc bộ đang theo dõi."),
    )
    etag = etag_of(body)
    if response := not_modified(request, etag):
        return response
    return calendar_response(body, etag=etag, filename="lich-ca-nhan.ics", private=True)
