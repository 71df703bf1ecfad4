"""Benchmark of the ToT nominations, every target a ratio to a floor measured in the same run (issue 14 item 3):
- the Board's admin listing and the agency's list with 10,000 nominations: the same number of queries as with 100,
  and at most 1.5× the time of the list of 100;
- the CSV and XLSX exports of 10,000 nominations (the Board's and the agency's): at most 3× the floor, which is
  fetching the same rows in the same order from the database and writing them with the csv module, or openpyxl's
  write-only mode;
- memory flat: the export's Python peak at 10,000 rows at most 1.5× the peak at 4,000 (the exporter's chunk is 2,000).
Timings are ROUNDS interleaved rounds (min / median / max of the ratios).

`run(report)` is called by scripts/bench.py with Django set up; everything it creates is rolled back.
Run alone: `.venv/bin/python scripts/benchmarks/training_nominations.py` (a throwaway SQLite test database).
"""

import datetime
import statistics
import time
import tracemalloc

SECTION = "Đề cử ToT"
SIZES = (100, 10_000)
MEMORY_SIZE = 4_000  # above the exporter's chunk (2,000 rows): from here on memory should stay flat
REPEAT = 5
ROUNDS = 3


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
    submitted = datetime.datetime(2026, 3, 2, 8, tzinfo=datetime.UTC)
    statuses = [NominationStatus.SUBMITTED, NominationStatus.ACCEPTED, NominationStatus.WAITLISTED]
    created = Nomination.objects.bulk_create(
        Nomination(
            round=round_, agency=agency, full_name=f"Nguyễn Thị Ứng Viên {i}", folded_name=f"nguyen thi ung vien {i}",
            gender="nu" if i % 2 else "nam", date_of_birth=datetime.date(1980 + i % 20, 1 + i % 12, 1 + i % 27),
            position="Chuyên viên", workplace="Phòng Kinh tế – Hạ tầng", phone=f"09{i:08d}",
            email=f"ungvien{i}@example.vn", status=statuses[i % 3], experience="Cố vấn khởi nghiệp",
            submitted_at=submitted + datetime.timedelta(minutes=i),  # each was submitted, as the statuses say
        )
        for i in range(have, target)
    )
    tag, _ = Tag.objects.get_or_create(name="du lịch nông nghiệp – nông thôn", defaults={"slug": "du-lich-nn-nt"})
    NominationSector.objects.bulk_create(NominationSector(content_object=n, tag=tag) for n in created)


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx)


def _page_ms(client, url):
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def _export_time(client, url):
    start = time.perf_counter()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    assert response.status_code == 200 and size > 0
    return time.perf_counter() - start


def _floor_time(round_, kind, with_scores):
    """The same rows in the same order (the database's work, Vietnamese collation included) written with the csv
    module or openpyxl's write-only mode: what is left of an export without our formatting and checks."""
    import csv
    import io

    from openpyxl import Workbook

    from training.models import Nomination
    from training.nominations.exports import FIELDS, SCORE_FIELDS, headings, in_order

    start = time.perf_counter()
    nominations = Nomination.objects.filter(round=round_)
    if with_scores:  # the Board's export: the reviews' average and spread too
        nominations = nominations.with_scores()
    fields = FIELDS + (SCORE_FIELDS if with_scores else [])
    values = in_order(nominations).values_list(*fields).iterator(chunk_size=2000)
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headings(with_scores))
        writer.writerows(values)
        out.getvalue().encode()
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(headings(with_scores))
        for row in values:  # Excel takes no time zone: the submission time as a plain date and time
            sheet.append([v.replace(tzinfo=None) if isinstance(v, datetime.datetime) else v for v in row])
        workbook.save(io.BytesIO())
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
    round_, agency_user, board = _world()
    board_client, agency_client = Client(), Client()
    board_client.force_login(board)
    agency_client.force_login(agency_user)
    listings = {
        "Danh sách hồ sơ của Ban (admin)": (board_client, "/admin/snippets/training/nomination/"),
        "Danh sách hồ sơ của cơ quan": (agency_client, "/tot/de-cu/ho-so/"),
    }
    exports = {
        "Xuất CSV của Ban (admin)": (board_client, "/admin/snippets/training/nomination/?export=csv", "csv"),
        "Xuất XLSX của Ban (admin)": (board_client, "/admin/snippets/training/nomination/?export=xlsx", "xlsx"),
        "Xuất CSV của cơ quan": (agency_client, "/tot/de-cu/ho-so/xuat.csv", "csv"),
        "Xuất XLSX của cơ quan": (agency_client, "/tot/de-cu/ho-so/xuat.xlsx", "xlsx"),
    }
    small, large = SIZES
    queries, small_ms, peaks = {}, {}, {}
    _grow(round_, agency_user.agency, small)
    for name, (client, url) in listings.items():
        queries[(name, small)] = _queries(client, url)
        small_ms[name] = [_page_ms(client, url)]
    # The small lists' rounds are measured at the small size, before the data grows; the large ones after.
    for _ in range(ROUNDS - 1):
        for name, (client, url) in listings.items():
            small_ms[name].append(_page_ms(client, url))
    _grow(round_, agency_user.agency, MEMORY_SIZE)
    for name, (client, url, _kind) in exports.items():
        peaks[(name, MEMORY_SIZE)] = _export_peak(client, url)
    _grow(round_, agency_user.agency, large)
    for name, (client, url, _kind) in exports.items():
        peaks[(name, large)] = _export_peak(client, url)
    large_ms = {name: [] for name in listings}
    export_s = {name: [] for name in exports}
    floor_s = {name: [] for name in exports}
    for _ in range(ROUNDS):  # interleaved: a slower moment of the machine falls on both sides of a ratio
        for name, (client, url) in listings.items():
            large_ms[name].append(_page_ms(client, url))
        for name, (client, url, kind) in exports.items():
            floor_s[name].append(_floor_time(round_, kind, with_scores=client is board_client))
            export_s[name].append(_export_time(client, url))

    for name, (client, url) in listings.items():
        queries[(name, large)] = _queries(client, url)
        report.add(SECTION, f"{name}: số truy vấn với {small} hồ sơ", queries[(name, small)], "truy vấn")
        report.add(SECTION, f"{name}: số truy vấn với {large:,} hồ sơ", queries[(name, large)], "truy vấn",
                   target=queries[(name, small)])
        report.ratio(SECTION, f"{name}: thời gian trang {large:,} / {small} hồ sơ", large_ms[name], small_ms[name],
                     target=1.5)
    for name in exports:
        report.ratio(SECTION, f"{name}: {large:,} hồ sơ / mức sàn (đọc cùng các dòng và ghi bằng thư viện)",
                     export_s[name], floor_s[name], target=3)
        report.add(SECTION, f"{name}: bộ nhớ Python cao nhất {large:,} / {MEMORY_SIZE:,} hồ sơ",
                   round(peaks[(name, large)] / peaks[(name, MEMORY_SIZE)], 2), "×", target=1.5)


if __name__ == "__main__":
    from _standalone import run_standalone

    run_standalone(run)
