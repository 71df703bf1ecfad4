"""Benchmark of the ToT nominations: the Board's admin listing and the agency's list with 10,000 nominations
(same number of queries as with 10, a page well under 300 ms), and the XLSX export of 10,000 nominations
(well under 10 s, memory flat: the peak grows little from 4,000 to 10,000 rows).

`run(report)` is called by scripts/bench.py with Django set up; everything it creates is rolled back.
Run alone: `.venv/bin/python scripts/benchmarks/training_nominations.py` (a throwaway SQLite test database).
"""

import datetime
import statistics
import time
import tracemalloc

SECTION = "Đề cử ToT"
SIZES = (10, 10_000)
MEMORY_SIZE = 4_000  # above the exporter's chunk (2,000 rows): from here on memory should stay flat
REPEAT = 5


class _Rollback(Exception):
    pass


def _world():
    from tests.factories.portal import board_user, nominator
    from tests.factories.training import NominationRoundFactory, invite

    round_ = NominationRoundFactory(title="Đợt đo hiệu năng")
    agency_user = nominator()
    invite(round_, agency_user.agency, quota=20_000)
    return round_, agency_user, board_user()


def _grow(round_, agency, target):
    from taggit.models import Tag

    from training.models import Nomination, NominationSector
    from training.nominations.enums import NominationStatus

    have = Nomination.objects.filter(round=round_).count()
    if have >= target:
        return
    statuses = [NominationStatus.SUBMITTED, NominationStatus.ACCEPTED, NominationStatus.WAITLISTED]
    created = Nomination.objects.bulk_create(
        Nomination(
            round=round_, agency=agency, full_name=f"Nguyễn Thị Ứng Viên {i}", folded_name=f"nguyen thi ung vien {i}",
            gender="nu" if i % 2 else "nam", date_of_birth=datetime.date(1980 + i % 20, 1 + i % 12, 1 + i % 27),
            position="Chuyên viên", workplace="Phòng Kinh tế – Hạ tầng", phone=f"09{i:08d}",
            email=f"ungvien{i}@example.vn", status=statuses[i % 3], experience="Cố vấn khởi nghiệp",
        )
        for i in range(have, target)
    )
    tag, _ = Tag.objects.get_or_create(name="du lịch nông nghiệp – nông thôn", defaults={"slug": "du-lich-nn-nt"})
    NominationSector.objects.bulk_create(NominationSector(content_object=n, tag=tag) for n in created)


def _measure(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    queries = len(ctx)  # now: the next request's request_started signal empties the query log
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return queries, statistics.median(times)


def _export_time(client, url):
    start = time.perf_counter()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    assert response.status_code == 200 and size > 0
    return time.perf_counter() - start


def _export_peak(client, url):
    """Peak Python memory of one export, in MB (tracemalloc slows the export: timed separately)."""
    tracemalloc.start()
    response = client.get(url)
    for _chunk in response.streaming_content:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


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
    from django.db import connection

    round_, agency_user, board = _world()
    board_client, agency_client = Client(), Client()
    board_client.force_login(board)
    agency_client.force_login(agency_user)
    listings = {
        "Danh sách hồ sơ của Ban (admin)": (board_client, "/admin/snippets/training/nomination/"),
        "Danh sách hồ sơ của cơ quan": (agency_client, "/tot/de-cu/ho-so/"),
    }
    exports = {
        "Xuất XLSX của Ban (admin)": (board_client, "/admin/snippets/training/nomination/?export=xlsx"),
        "Xuất XLSX của cơ quan": (agency_client, "/tot/de-cu/ho-so/xuat.xlsx"),
    }
    small, large = SIZES
    listing_results, peaks = {}, {}
    for size in (small, MEMORY_SIZE, large):
        _grow(round_, agency_user.agency, size)
        connection.queries_log.clear()
        if size in SIZES:
            for name, (client, url) in listings.items():
                listing_results[(name, size)] = _measure(client, url)
        if size in (MEMORY_SIZE, large):
            for name, (client, url) in exports.items():
                peaks[(name, size)] = _export_peak(client, url)

    for name in listings:
        small_queries, _small_ms = listing_results[(name, small)]
        queries, ms = listing_results[(name, large)]
        report.add(SECTION, f"{name}: số truy vấn với {small} hồ sơ", small_queries, "truy vấn")
        report.add(SECTION, f"{name}: số truy vấn với {large:,} hồ sơ", queries, "truy vấn", target=small_queries)
        report.add(SECTION, f"{name}: thời gian trang với {small} hồ sơ", round(_small_ms, 1), "ms")
        report.add(SECTION, f"{name}: thời gian trang với {large:,} hồ sơ", round(ms, 1), "ms", target=300)
    for name, (client, url) in exports.items():
        report.add(SECTION, f"{name}: {large:,} hồ sơ, thời gian", round(_export_time(client, url), 2), "s",
                   target=10)
        report.add(SECTION, f"{name}: bộ nhớ Python cao nhất với {MEMORY_SIZE:,} hồ sơ",
                   round(peaks[(name, MEMORY_SIZE)], 1), "MB")
        report.add(SECTION, f"{name}: bộ nhớ Python cao nhất với {large:,} hồ sơ", round(peaks[(name, large)], 1),
                   "MB", target=round(1.5 * peaks[(name, MEMORY_SIZE)], 1))


if __name__ == "__main__":
    from _standalone import run_standalone

    run_standalone(run)
