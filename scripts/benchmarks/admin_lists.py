"""Benchmark of the Board's admin lists that grow with the province's records (issue 14 item 3): idea entries,
mentors, mentoring requests, certificates, users, trainers, enrolments. With 10,000 rows each list runs the same
number of queries as with 100 and takes at most 1.5× its time (the nominations' list is in training_nominations.py).
Timings are ROUNDS rounds, the
sizes interleaved within each (min / median / max of the ratios).

`run(report)` is called by scripts/bench.py with Django set up; everything it creates is rolled back.
Run alone: `.venv/bin/python scripts/benchmarks/admin_lists.py` (a throwaway SQLite test database).
"""

SECTION = "Danh sách quản trị của Ban"
SIZES = (100, 10_000)
ROUNDS = 3


class _Rollback(Exception):
    pass


def _page_measures():
    """`_queries` and `_page_ms` of training_nominations.py, the nominations' list benchmark, loaded by path as
    bench.py loads modules (one copy of how an admin page is counted and timed)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent / "training_nominations.py"
    spec = importlib.util.spec_from_file_location("benchmarks._training_nominations", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._queries, module._page_ms


def run(report):
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        try:
            with transaction.atomic():
                _run(report, Client)
                raise _Rollback
        except _Rollback:
            pass


def _run(report, Client):
    from django.db import transaction
    from django.utils import timezone

    from tests.factories.admin_rows import ADMIN_LISTS
    from tests.factories.portal import board_user

    _queries, _page_ms = _page_measures()
    lists = ADMIN_LISTS
    client = Client()
    client.force_login(board_user(last_login=timezone.now()))
    small, large = SIZES
    queries = {}
    small_ms = {url: [] for url in lists}
    large_ms = {url: [] for url in lists}
    for url, add in lists.items():
        add(0, small)
        queries[(url, small)] = _queries(client, url)
    # Interleaved: in each round each list is timed at 100 rows, then grown to 10,000 in a savepoint, timed and
    # rolled back to 100, so a busier moment of the machine falls on both sides of a ratio.
    for round_ in range(ROUNDS):
        for url, add in lists.items():
            small_ms[url].append(_page_ms(client, url))
            with transaction.atomic():
                add(small, large - small)
                if round_ == 0:
                    queries[(url, large)] = _queries(client, url)
                large_ms[url].append(_page_ms(client, url))
                transaction.set_rollback(True)

    for url in lists:
        report.add(SECTION, f"{url}: số truy vấn với {small} dòng", queries[(url, small)], "truy vấn")
        report.add(SECTION, f"{url}: số truy vấn với {large:,} dòng", queries[(url, large)], "truy vấn",
                   target=queries[(url, small)])
        report.ratio(SECTION, f"{url}: thời gian trang {large:,} / {small} dòng", large_ms[url], small_ms[url],
                     target=1.5)


if __name__ == "__main__":
    from _standalone import run_standalone

    run_standalone(run)
