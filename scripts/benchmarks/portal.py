"""The public portal under load: home page, club directory and a club page, served by gunicorn (2 workers) on
loopback with the demo data, uncached. Targets from issue 2: at least 60 requests/second and at most 12 SQL
queries per page. The login page (a plain Django form, no Wagtail page) is measured too, as the floor of what
this machine serves at the moment.

Requests/second depend on what else the machine runs; the CPU time of one request in this process (the best of
several rounds, so other programs' load hardly moves it) is printed first, to compare one change with another.
gunicorn serves as in production: persistent database connections (CONN_MAX_AGE, as settings/production.py).
"""

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


def production_like(env):
    return {**env, "CONN_MAX_AGE": env.get("CONN_MAX_AGE", "60")}


def run(report):
    measured = pages()
    for label, path, has_target in measured:
        queries = report.count_queries(path)
        target = TARGET_QUERIES if has_target else None
        report.add(SECTION, f"{label}: số truy vấn SQL", queries, "truy vấn", target=target)
    client = report.client()
    for label, path, _has_target in measured:
        report.add(SECTION, f"{label}: CPU mỗi yêu cầu (trong tiến trình)", cpu_ms_per_request(client, path), "ms")

    shared_env, report.env = report.env, production_like(report.env)
    try:
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
    finally:
        report.env = shared_env
