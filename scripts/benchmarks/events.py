"""Benchmark of the calendar feeds: the public feed of 5,000 events (/events/lich.ics) through the full
Django request, against the floor: the same VEVENTs built and serialised with bare icalendar calls from
in-memory data in the same run (target ≤ 1.2× the floor). Then the unchanged feed served from the cache
(never rebuilt per request) and the 304 round trip of a client that holds the current ETag.

`run(report)` is called by scripts/bench.py with Django set up; everything it creates is rolled back.
Run alone: `.venv/bin/python scripts/benchmarks/events.py` (a throwaway SQLite test database).
"""

import statistics
import time
from pathlib import Path

SECTION = "Lịch sự kiện (iCalendar)"
EVENTS = 5000
ROUNDS = 5
FAST_ROUNDS = 200


class _Rollback(Exception):
    pass


def _median_ms(function, rounds, before=None):
    samples = []
    for _ in range(rounds):
        if before:
            before()
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def floor_rows():
    """The feed's data as plain tuples in memory, fetched before the clock starts."""
    from events import feeds

    return [
        (f"{row['uid']}@khoinghiep.quangnam.gov.vn", row["title"], row["start"], row["end"], row["sequence"],
         f"{row['venue']}, {row['address']}",
         f"{row['summary']}\nĐơn vị tổ chức: Ban Điều hành\nhttp://localhost{row['url_path']}",
         f"http://localhost{row['url_path']}", [row["kind__name"]], row["updated_at"], row["first_published_at"])
        for row in feeds.feed_rows(feeds.public_events())
    ]


def bare_icalendar(rows):
    """The floor: bare icalendar calls, the same properties and the same VTIMEZONE as the feed."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    calendar = Calendar()
    calendar.add("prodid", "-//bench//VI")
    calendar.add("version", "2.0")
    for uid, title, start, end, sequence, location, description, url, categories, updated, created in rows:
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", updated)
        event.add("sequence", sequence)
        event.add("summary", title)
        event.add("dtstart", start.astimezone(zone))
        event.add("dtend", end.astimezone(zone))
        event.add("status", "CONFIRMED")
        event.add("location", location)
        event.add("description", description)
        event.add("url", url)
        event.add("categories", categories)
        event.add("created", created)
        event.add("last-modified", updated)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def measure():
    from django.core.cache import cache
    from django.test import Client

    from events import feeds
    from events.feeds import clear_local_feeds
    from portal.models import HomePage
    from tests.factories.events import bulk_events, event_index, event_kind

    index = event_index(HomePage.objects.get())
    in_feed = feeds.feed_rows(feeds.public_events()).count()  # the demo's own events, if any
    bulk_events(index, event_kind(), index.get_children().count() + max(EVENTS - in_feed, 0))
    client = Client(HTTP_HOST="localhost")
    rows = floor_rows()
    assert len(rows) >= EVENTS, len(rows)

    def get_feed():
        response = client.get("/lich/tat-ca.ics")
        assert response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") == len(rows)
        return response

    floors, colds = [], []
    for _ in range(ROUNDS):  # interleaved, so both see the same machine load
        floors.append(_median_ms(lambda: bare_icalendar(rows), 1))
        colds.append(_median_ms(get_feed, 1, before=lambda: (cache.clear(), clear_local_feeds())))
    floor, cold = statistics.median(floors), statistics.median(colds)
    etag = get_feed()["ETag"]
    cached = _median_ms(lambda: client.get("/lich/tat-ca.ics"), FAST_ROUNDS)
    not_modified = _median_ms(
        lambda: client.get("/lich/tat-ca.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304 or 1 / 0, FAST_ROUNDS
    )
    static = static_file_ms(get_feed().content)
    return floor, cold, cached, not_modified, static


def static_file_ms(body):
    """The same bytes served as a static file by WhiteNoise through the same middleware stack."""
    import tempfile

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finder
    from django.test import Client, override_settings

    with tempfile.TemporaryDirectory() as directory:
        Path(directory, "lich-tinh.ics").write_bytes(body)
        get_finder.cache_clear()
        with override_settings(
            STATICFILES_DIRS=[*settings.STATICFILES_DIRS, directory], WHITENOISE_USE_FINDERS=True
        ):
            client = Client(HTTP_HOST="localhost")
            assert client.get("/static/lich-tinh.ics").status_code == 200
            result = _median_ms(lambda: b"".join(client.get("/static/lich-tinh.ics").streaming_content), FAST_ROUNDS)
        get_finder.cache_clear()
    return result


def run(report):
    from django.db import transaction

    try:
        with transaction.atomic():
            floor, cold, cached, not_modified, static = measure()
            raise _Rollback
    except _Rollback:
        pass
    report.add(SECTION, f"Lịch {EVENTS} sự kiện, dựng mới (yêu cầu HTTP đầy đủ)", round(cold, 1), "ms")
    report.add(
        SECTION, f"Cùng {EVENTS} VEVENT dựng bằng icalendar từ dữ liệu trong bộ nhớ (mức sàn)", round(floor, 1), "ms"
    )
    report.add(SECTION, "Mức sàn cho mỗi sự kiện", round(floor / EVENTS, 3), "ms")
    report.add(SECTION, "Tỉ lệ lịch dựng mới so với mức sàn", round(cold / floor, 2), "×", target=1.2)
    report.add(SECTION, "Lịch không đổi, lấy từ bộ nhớ đệm", round(cached, 2), "ms")
    report.add(SECTION, "Cùng nội dung phục vụ như tệp tĩnh (WhiteNoise), để so sánh", round(static, 2), "ms")
    report.add(SECTION, "Tỉ lệ lịch lấy từ bộ nhớ đệm so với tệp tĩnh", round(cached / static, 2), "×", target=1.5)
    report.add(SECTION, "Vòng 304 Not Modified (If-None-Match)", round(not_modified, 2), "ms")
    if hasattr(report, "serve_gunicorn"):
        load_against_static(report)


def load_against_static(report):
    """Under gunicorn with the demo data: the public feed against a static file, requests per second."""
    import urllib.error

    with report.serve_gunicorn(workers=2) as base_url:
        feed = report.load(base_url + "/lich/tat-ca.ics")
        try:  # static files are served once collected (make run does collectstatic)
            static = report.load(base_url + "/static/portal/css/portal.css")
        except urllib.error.HTTPError:
            static = None
    report.add(SECTION, "Lịch công khai (dữ liệu mẫu) dưới tải: yêu cầu/giây", round(feed.rps), "req/s")
    report.add(SECTION, "Lịch công khai dưới tải: p50", round(feed.p50, 2), "ms")
    report.add(SECTION, "Lịch công khai dưới tải: lỗi", feed.errors, "yêu cầu", target=0)
    if static is not None and static.rps:
        report.add(SECTION, "Tệp tĩnh portal.css dưới tải: yêu cầu/giây", round(static.rps), "req/s")
        report.add(
            SECTION, "Lịch công khai so với tệp tĩnh (yêu cầu/giây)", round(feed.rps / static.rps, 2), "×",
            target=0.5, higher_is_better=True,
        )


if __name__ == "__main__":
    from _standalone import run_standalone

    run_standalone(run)
