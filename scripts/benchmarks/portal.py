"""The public portal through gunicorn (2 workers, the production settings): home page, club directory, a club page,
the news list, the events list and an event page uncached, with the login page (a plain Django form, no Wagtail
page) beside them; at most 12 SQL queries per page. CPU per request is read from /proc for the workers, in
interleaved rounds with a static file from the same gunicorn (the floor); requests/second and latencies are printed
too but depend on what else the machine runs.

Issue 14's page targets are a share of a peer: a comparable public Wagtail site's page (the issue measured
bakerydemo's home), at most a third of its CPU on every page. With BENCH_PEER set (scripts/bench.py's docstring)
the peer runs under its own gunicorn (2 sync workers) beside ours and is measured in the same interleaved rounds:
each page's CPU / the peer's, min / median / max, target <= 0.33, the verdict the median's. Without it the pages
get their ratio to the static file only, with no verdict, and one row says the peer was not measured.

Then the page cache (portal.operations.page_cache, in Redis as in production): the home page as an anonymous
visitor gets it, against the same static file in interleaved rounds: CPU per request at most 1.5x the file's
(issue 14) and requests/second at least half the file's (issue 6).
"""

import contextlib
import statistics

SECTION = "Cổng thông tin"
TARGET_QUERIES = 12
DEMO_CLUB_SLUG = "clb-khoi-nghiep-thanh-pho-tam-ky"
CPU_REQUESTS = 20
# /proc counts CPU in 10 ms ticks: a request of about a millisecond (a static file, a cached page) needs hundreds
# of requests for its reading to mean anything (20 requests read 0.5 ms steps).
CHEAP_REQUESTS = 400
TARGET_PEER_RATIO = 0.33  # issue 14: at most a third of the peer page's CPU


def pages():
    """(label, path, has_target) of every page measured; has_target: the query ceiling and the peer's third."""
    from clubs.models import ClubPage, NewsIndexPage
    from events.models import EventIndexPage, EventPage

    club = ClubPage.objects.live().filter(slug=DEMO_CLUB_SLUG).first() or ClubPage.objects.live().first()
    news = NewsIndexPage.objects.live().first()
    events = EventIndexPage.objects.live().first()
    event = EventPage.objects.live().order_by("pk").first()
    if club is None or news is None or events is None or event is None:
        raise RuntimeError("no live club, news list, events list or event: did seed_demo run?")
    return [
        ("Trang chủ", "/", True),
        ("Danh bạ CLB", "/cau-lac-bo/", True),
        ("Trang CLB", club.url, True),
        ("Danh sách tin tức", news.url, True),
        ("Danh sách sự kiện", events.url, True),
        ("Trang sự kiện", event.url, True),
        ("Trang đăng nhập (mức sàn Django)", "/tai-khoan/dang-nhap/", False),
    ]


def serving_peer(report):
    """The peer under its own gunicorn when BENCH_PEER is set (yields its base URL), else None."""
    if report.peer is None:
        return contextlib.nullcontext(None)
    return report.serve_peer(workers=2)


@contextlib.contextmanager
def serving_env(report, page_cache_seconds):
    """gunicorn's environment for one run: persistent connections as in production, the page cache on or off."""
    shared = report.env
    report.env = {
        **shared, "CONN_MAX_AGE": shared.get("CONN_MAX_AGE", "60"), "PAGE_CACHE_SECONDS": str(page_cache_seconds)
    }
    try:
        yield
    finally:
        report.env = shared


@contextlib.contextmanager
def page_cache_seconds(seconds):
    """In this process (the development settings keep the page cache off unless PAGE_CACHE_SECONDS is set)."""
    from django.conf import settings

    before, settings.PAGE_CACHE_SECONDS = settings.PAGE_CACHE_SECONDS, seconds
    try:
        yield
    finally:
        settings.PAGE_CACHE_SECONDS = before


STATIC_PATH = "/static/portal/css/portal.css"


def run(report):
    """Query counts (a fixed target: they must not grow), then through gunicorn in ROUNDS interleaved rounds each
    page's CPU per request (from /proc) against the static file's from the same gunicorn and, with a peer
    (BENCH_PEER), against the peer page's from its own gunicorn in the same rounds: issue 14's verdict, at most a
    third. Without a peer the ratio to the static file is printed without a verdict, to compare one change with
    another."""
    measured = pages()
    with page_cache_seconds(0):
        for label, path, has_target in measured:
            queries = report.count_queries(path)
            target = TARGET_QUERIES if has_target else None
            report.add(SECTION, f"{label}: số truy vấn SQL", queries, "truy vấn", target=target)

    cpu = {path: [] for _label, path, _target in measured}
    static_cpu, peer_cpu, rates = [], [], {path: [] for _label, path, _target in measured}
    with serving_env(report, page_cache_seconds=0):
        with report.serve_gunicorn(workers=2) as base_url, serving_peer(report) as peer_url:
            for _ in range(report.rounds):  # interleaved: the machine's other load weighs on all alike
                static_cpu.append(report.cpu_ms(base_url + STATIC_PATH, requests=CHEAP_REQUESTS))
                if peer_url is not None:  # cpu_ms warms it first: its image renditions are made, then looked up
                    peer_cpu.append(report.cpu_ms(peer_url + report.peer.path, requests=CPU_REQUESTS,
                                                  master_pid=report.peer_pid))
                for _label, path, _target in measured:
                    cpu[path].append(report.cpu_ms(base_url + path, requests=CPU_REQUESTS))
            for _label, path, _target in measured:
                result = report.load(base_url + path, seconds=max(2.0, report.seconds / report.rounds))
                rates[path] = result
    report.add(SECTION, f"Tệp tĩnh {STATIC_PATH}: CPU mỗi yêu cầu (gunicorn, /proc)",
               f"{min(static_cpu):.2f} / {statistics.median(static_cpu):.2f} / {max(static_cpu):.2f}", "ms")
    if peer_cpu:
        report.add(SECTION, f"Trang đối chiếu {report.peer.path} ({report.peer.directory.name}, gunicorn 2 worker): "
                   "CPU mỗi yêu cầu (/proc; min / trung vị / max)",
                   f"{min(peer_cpu):.1f} / {statistics.median(peer_cpu):.1f} / {max(peer_cpu):.1f}", "ms")
    else:
        report.add(SECTION, "Trang đối chiếu (issue 14): không đo, chưa có kết luận cho mục tiêu ≤ 1/3",
                   "đặt BENCH_PEER (xem scripts/bench.py)")
    for label, path, has_target in measured:
        values = cpu[path]
        report.add(SECTION, f"{label}: CPU mỗi yêu cầu (gunicorn, /proc; min / trung vị / max)",
                   f"{min(values):.1f} / {statistics.median(values):.1f} / {max(values):.1f}", "ms")
        report.ratio(SECTION, f"{label}: CPU so với tệp tĩnh", values, static_cpu)
        if peer_cpu and has_target:
            report.ratio(SECTION, f"{label}: CPU so với trang đối chiếu", values, peer_cpu, target=TARGET_PEER_RATIO)
        result = rates[path]
        report.add(SECTION, f"{label}: yêu cầu/giây ({result.connections} kết nối, {result.tool}), p50 / p99",
                   f"{result.rps} req/s, {result.p50} / {result.p99}", "ms")
        if result.errors:
            report.add(SECTION, f"{label}: lỗi", result.errors, "yêu cầu", target=0)
    cached_against_static(report)


CACHE_SECTION = "Bộ nhớ đệm trang (Redis, cài đặt production)"
TARGET_RATE_RATIO = 0.5  # issue 6: at least half the static file's rate
TARGET_CPU_RATIO = 1.5  # issue 14: at most 1.5x the static file's CPU


def cached_against_static(report):
    """A cached anonymous page (Django's page cache in Redis) against a static file from the same gunicorn, in
    interleaved rounds: CPU per request (/proc) and requests per second."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = report.client()
    with page_cache_seconds(300):
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            hit = client.get("/")
    report.add(CACHE_SECTION, "Trang chủ lấy từ bộ nhớ đệm: số truy vấn SQL", len(queries), "truy vấn", target=1)
    if hit.get("X-Page-Cache") != "hit":
        report.add(CACHE_SECTION, "LỖI", "trang chủ không được lấy từ bộ nhớ đệm", ok=False)
        return

    seconds = max(2.0, report.seconds / report.rounds)
    page_cpu, static_cpu, page_rps, static_rps, errors = [], [], [], [], 0
    with serving_env(report, page_cache_seconds=300), report.serve_gunicorn(workers=2) as base_url:
        for _ in range(report.rounds):  # interleaved rounds: the machine's other load weighs on both alike
            static_cpu.append(report.cpu_ms(base_url + STATIC_PATH, requests=CHEAP_REQUESTS))
            page_cpu.append(report.cpu_ms(base_url + "/", requests=CHEAP_REQUESTS))
            static = report.load(base_url + STATIC_PATH, seconds=seconds)
            page = report.load(base_url + "/", seconds=seconds)
            static_rps.append(static.rps)
            page_rps.append(page.rps)
            errors += static.errors + page.errors
    report.add(CACHE_SECTION, "Trang chủ từ bộ nhớ đệm: CPU mỗi yêu cầu (/proc; min / trung vị / max)",
               f"{min(page_cpu):.2f} / {statistics.median(page_cpu):.2f} / {max(page_cpu):.2f}", "ms")
    report.add(CACHE_SECTION, f"Tệp tĩnh {STATIC_PATH}: CPU mỗi yêu cầu (/proc)",
               f"{min(static_cpu):.2f} / {statistics.median(static_cpu):.2f} / {max(static_cpu):.2f}", "ms")
    report.ratio(CACHE_SECTION, "CPU trang từ bộ nhớ đệm / tệp tĩnh", page_cpu, static_cpu, target=TARGET_CPU_RATIO)
    report.add(CACHE_SECTION, f"Yêu cầu/giây trang / tệp tĩnh ({page.tool}, {page.connections} kết nối)",
               f"{statistics.median(page_rps)} / {statistics.median(static_rps)}", "req/s")
    report.ratio(CACHE_SECTION, "Tỉ lệ yêu cầu/giây trang từ bộ nhớ đệm / tệp tĩnh", page_rps, static_rps,
                 target=TARGET_RATE_RATIO, higher_is_better=True)
    if errors:
        report.add(CACHE_SECTION, "lỗi", errors, "yêu cầu", target=0)
