"""The public portal under load: home page, club directory and a club page, served by gunicorn (2 workers) on
loopback with the demo data, uncached. Targets from issue 2: at least 60 requests/second and at most 12 SQL
queries per page. The login page (a plain Django form, no Wagtail page) is measured too, as the floor of what
this machine serves at the moment.

Requests/second depend on what else the machine runs; the CPU time of one request in this process (the best of
several rounds, so other programs' load hardly moves it) is printed first, to compare one change with another.
gunicorn serves as in production: persistent database connections (CONN_MAX_AGE, as settings/production.py).

Then issue 6's cache target: the home page as an anonymous visitor gets it from the page cache
(portal.operations.page_cache), against a static file served by WhiteNoise through the same gunicorn, in alternating
turns, with the ratio of their rates (target at least 0.5).
"""

import contextlib
import subprocess
import sys
import time

SECTION = "Cổng thông tin"
TARGET_RPS = 60
TARGET_QUERIES = 12
DEMO_CLUB_SLUG = "clb-khoi-nghiep-thanh-pho-tam-ky"
CPU_ROUNDS, CPU_REQUESTS = 7, 20


def pages():
    from clubs.models import ClubPage

    club = ClubPage.objects.live().filter(slug=DEMO_CLUB_SLUG).first() or ClubPage.objects.live().first()
    if club is None:
        raise RuntimeError("no live club: did seed_demo run?")
    return [
        ("Trang chủ", "/", True),
        ("Danh bạ CLB", "/cau-lac-bo/", True),
        ("Trang CLB", club.url, True),
        ("Trang đăng nhập (mức sàn Django)", "/tai-khoan/dang-nhap/", False),
    ]


def cpu_ms_per_request(client, path):
    """The best round's CPU time per request (ms): process time, not wall time, over CPU_REQUESTS requests."""
    best = float("inf")
    for _ in range(CPU_ROUNDS):
        began = time.process_time()
        for _ in range(CPU_REQUESTS):
            client.get(path)
        best = min(best, (time.process_time() - began) / CPU_REQUESTS * 1000)
    return round(best, 1)


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


def run(report):
    measured = pages()
    with page_cache_seconds(0):
        for label, path, has_target in measured:
            queries = report.count_queries(path)
            target = TARGET_QUERIES if has_target else None
            report.add(SECTION, f"{label}: số truy vấn SQL", queries, "truy vấn", target=target)
        client = report.client()
        for label, path, _has_target in measured:
            cpu = cpu_ms_per_request(client, path)
            report.add(SECTION, f"{label}: CPU mỗi yêu cầu (trong tiến trình)", cpu, "ms")

    with serving_env(report, page_cache_seconds=0):
        with report.serve_gunicorn(workers=2) as base_url:
            for label, path, has_target in measured:
                result = report.load(base_url + path)
                report.add(
                    SECTION,
                    f"{label}: yêu cầu/giây ({result.connections} kết nối, {result.tool})",
                    result.rps,
                    "req/s",
                    target=TARGET_RPS if has_target else None,
                    higher_is_better=True,
                )
                for name in ("p50", "p90", "p99"):
                    report.add(SECTION, f"{label}: độ trễ {name}", getattr(result, name), "ms")
                if result.errors:
                    report.add(SECTION, f"{label}: lỗi", result.errors, "yêu cầu", target=0)
    cached_against_static(report)


CACHE_SECTION = "Bộ nhớ đệm trang"
STATIC_PATH = "/static/portal/css/portal.css"
TARGET_RATIO = 0.5
TURNS = 3


def cached_against_static(report):
    """Issue 6: a cached anonymous page answers at no less than half the rate of a static file, same stack."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=report.root,
                   env=report.env, check=True)  # fmt: skip
    client = report.client()
    with page_cache_seconds(300):
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            hit = client.get("/")
        cpu = cpu_ms_per_request(client, "/")
    report.add(CACHE_SECTION, "Trang chủ lấy từ bộ nhớ đệm: số truy vấn SQL", len(queries), "truy vấn", target=1)
    report.add(CACHE_SECTION, "Trang chủ lấy từ bộ nhớ đệm: CPU mỗi yêu cầu", cpu, "ms")
    if hit.get("X-Page-Cache") != "hit":
        report.add(CACHE_SECTION, "LỖI", "trang chủ không được lấy từ bộ nhớ đệm", ok=False)
        return

    seconds = max(2.0, report.seconds / TURNS)
    page_rps, static_rps, errors = [], [], 0
    with serving_env(report, page_cache_seconds=300), report.serve_gunicorn(workers=2) as base_url:
        for _ in range(TURNS):  # alternating turns: the machine's other load weighs on both alike
            static = report.load(base_url + STATIC_PATH, seconds=seconds)
            page = report.load(base_url + "/", seconds=seconds)
            static_rps.append(static.rps)
            page_rps.append(page.rps)
            errors += static.errors + page.errors
    page_rate, static_rate = sum(page_rps) / TURNS, sum(static_rps) / TURNS
    tool = page.tool
    report.add(CACHE_SECTION, f"Tệp tĩnh {STATIC_PATH} (WhiteNoise): yêu cầu/giây ({tool})", round(static_rate, 1),
               "req/s")  # fmt: skip
    report.add(CACHE_SECTION, f"Trang chủ từ bộ nhớ đệm: yêu cầu/giây ({tool})", round(page_rate, 1), "req/s")
    ratio = round(page_rate / static_rate, 2) if static_rate else 0
    report.add(CACHE_SECTION, "Tỉ lệ trang từ bộ nhớ đệm / tệp tĩnh", ratio, "×", target=TARGET_RATIO,
               higher_is_better=True)  # fmt: skip
    if errors:
        report.add(CACHE_SECTION, "lỗi", errors, "yêu cầu", target=0)
