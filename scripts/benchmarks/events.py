"""Benchmark of the calendar feeds (issue 14, item 4), in interleaved rounds, every target a ratio to a floor of
the same round: the public feed of 5,000 events (/lich/tat-ca.ics) built cold through the full Django request
against the same VEVENTs built and serialised with bare icalendar calls from in-memory data (≤ 1.2×); the
unchanged feed from the cache against the same bytes as a static file through WhiteNoise (rate ≥ 0.5 of the
file's); the 304 of a client holding the current ETag against the static file (≤ 2× its time). Then under
gunicorn: the demo data's feed against a static file of the same bytes, requests per second (≥ 0.5) and CPU per
request. Requests carry visitors' addresses (X-Real-IP, scripts/bench.py), so the feed rate limit counts per
visitor as behind nginx.

`run(report)` is called by scripts/bench.py with Django set up; everything it creates is rolled back.
Run alone: `.venv/bin/python scripts/benchmarks/events.py` (a throwaway SQLite test database).
"""

import statistics
import time
from pathlib import Path

SECTION = "Lịch sự kiện (iCalendar)"
EVENTS = 5000
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


def measure(report, rounds):
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

    def get(path, **headers):
        return client.get(path, HTTP_X_REAL_IP=report.client_ip(), **headers)

    def get_feed():
        response = get("/lich/tat-ca.ics")
        assert response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") == len(rows)
        return response

    def not_modified():
        assert get("/lich/tat-ca.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304

    figures = {name: [] for name in ("floor", "cold", "warm", "static", "not_modified")}
    for _ in range(rounds):  # interleaved, so every pair sees the same machine load
        figures["floor"].append(_median_ms(lambda: bare_icalendar(rows), 1))
        figures["cold"].append(_median_ms(get_feed, 1, before=lambda: (cache.clear(), clear_local_feeds())))
        body = get_feed().content
        etag = get_feed()["ETag"]
        figures["warm"].append(_median_ms(lambda: get("/lich/tat-ca.ics"), FAST_ROUNDS))
        figures["static"].append(static_file_ms(body))
        figures["not_modified"].append(_median_ms(not_modified, FAST_ROUNDS))
    return figures


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
            result = _median_ms(
                lambda: b"".join(client.get("/static/lich-tinh.ics", HTTP_X_REAL_IP="198.51.0.1").streaming_content),
                FAST_ROUNDS,
            )
        get_finder.cache_clear()
    return result


def run(report):
    from django.db import transaction

    rounds = getattr(report, "rounds", 3)
    try:
        with transaction.atomic():
            figures = measure(report, rounds)
            raise _Rollback
    except _Rollback:
        pass
    # What the rolled-back requests kept (the 5,000 events' feed, its version) sits under the stamp of the last
    # write inside the transaction: a new stamp, as a commit or a rollback in production is followed by a write.
    from events.feeds import clear_local_feeds
    from portal.operations import feed_cache, page_cache

    page_cache.invalidate()
    clear_local_feeds()
    feed_cache.clear_local()

    def spread(name, digits=1):
        values = figures[name]
        return " / ".join(f"{v:.{digits}f}" for v in (min(values), statistics.median(values), max(values)))

    report.add(SECTION, f"Lịch {EVENTS} sự kiện, dựng mới (yêu cầu HTTP đầy đủ; min / trung vị / max)",
               spread("cold"), "ms")
    report.add(SECTION, f"Cùng {EVENTS} VEVENT dựng bằng icalendar từ dữ liệu trong bộ nhớ (mức sàn)",
               spread("floor"), "ms")
    report.ratio(SECTION, "Lịch dựng mới / mức sàn icalendar", figures["cold"], figures["floor"], target=1.2)
    report.add(SECTION, "Lịch không đổi, lấy từ bộ nhớ đệm", spread("warm", 2), "ms")
    report.add(SECTION, "Cùng nội dung phục vụ như tệp tĩnh (WhiteNoise)", spread("static", 2), "ms")
    report.ratio(SECTION, "Tốc độ lịch từ bộ nhớ đệm / tệp tĩnh (nghịch đảo thời gian)", figures["static"],
                 figures["warm"], target=0.5, higher_is_better=True)
    report.add(SECTION, "Vòng 304 Not Modified (If-None-Match)", spread("not_modified", 2), "ms")
    report.ratio(SECTION, "Thời gian 304 / tệp tĩnh", figures["not_modified"], figures["static"], target=2)
    if hasattr(report, "serve_gunicorn"):
        load_against_static(report, rounds)


FEED_PATH = "/lich/tat-ca.ics"
STATIC_COPY = "bench/lich-tat-ca.ics"  # under STATIC_ROOT, served by WhiteNoise like every collected file


def load_against_static(report, rounds):
    """Under gunicorn with the demo data: the public feed against a static file of the same bytes (the feed's body
    written to STATIC_ROOT before gunicorn starts, so WhiteNoise serves it like any collected file), interleaved
    rounds of requests per second, and the CPU per request (/proc) of the feed, of its 304 and of the file.
    Each request comes from another visitor (X-Real-IP), so each one is counted against the feed rate limit."""
    from django.conf import settings
    from django.test import Client

    body = Client(HTTP_HOST="localhost").get(FEED_PATH, HTTP_X_REAL_IP=report.client_ip()).content
    copy = Path(settings.STATIC_ROOT, STATIC_COPY)
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(body)
    with report.serve_gunicorn(workers=2) as base_url:
        feed_url, static_url = base_url + FEED_PATH, base_url + settings.STATIC_URL + STATIC_COPY
        served, etag = _body_and_etag(feed_url)
        assert served == body == _body_and_etag(static_url)[0], (len(served), len(body))
        seconds = max(2.0, report.seconds / rounds)
        feed, static, cpu_feed, cpu_304, cpu_static, errors = [], [], [], [], [], 0
        for _ in range(rounds):
            # About a millisecond each: enough requests for /proc's 10 ms ticks to resolve 0.03 ms.
            cpu_static.append(report.cpu_ms(static_url, requests=300))
            cpu_feed.append(report.cpu_ms(feed_url, requests=300))
            cpu_304.append(report.cpu_ms(feed_url, requests=300, headers={"If-None-Match": etag}))
            static_result = report.load(static_url, seconds=seconds)
            feed_result = report.load(feed_url, seconds=seconds)
            static.append(static_result.rps)
            feed.append(feed_result.rps)
            errors += static_result.errors + feed_result.errors
    report.add(SECTION, f"Lịch công khai (dữ liệu mẫu, {len(body) // 1024} KiB) / tệp tĩnh cùng nội dung dưới tải: "
               "yêu cầu/giây (trung vị)", f"{statistics.median(feed)} / {statistics.median(static)}", "req/s")
    report.ratio(SECTION, "Lịch công khai / tệp tĩnh cùng nội dung (yêu cầu/giây)", feed, static, target=0.5,
                 higher_is_better=True)
    report.add(SECTION, "Lịch / 304 / tệp tĩnh: CPU mỗi yêu cầu (gunicorn, /proc, trung vị)",
               f"{statistics.median(cpu_feed):.2f} / {statistics.median(cpu_304):.2f} / "
               f"{statistics.median(cpu_static):.2f}", "ms")
    report.ratio(SECTION, "CPU mỗi yêu cầu: lịch / tệp tĩnh cùng nội dung", cpu_feed, cpu_static)
    report.ratio(SECTION, "CPU mỗi yêu cầu: 304 / tệp tĩnh cùng nội dung", cpu_304, cpu_static, target=2)
    report.add(SECTION, "Lỗi dưới tải (kể cả 429)", errors, "yêu cầu", target=0)


def _body_and_etag(url):
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(urllib.request.Request(url, headers={"X-Real-IP": "198.51.0.2"}), timeout=120) as response:
        return response.read(), response.headers["ETag"]


if __name__ == "__main__":
    from _standalone import run_standalone

    run_standalone(run)
