#!/usr/bin/env python
"""Load run (issue 6): the portal at a province's scale under mixed traffic. `make bench-load`.

    .venv/bin/python scripts/benchmarks/load.py [--duration 60] [--connections 32] [--workers 4]

1. PostgreSQL database `load_scale` on 127.0.0.1:5432 (LOAD_DATABASE_URL overrides; created if missing):
   migrated, `seed_demo` once, then scaled by scripts/benchmarks/_province.py to 2,000 clubs, 20,000 news items,
   20,000 nominations, 5,000 events and 2,000 certificates (skipped when the counts are there).
2. gunicorn (sync workers) with the production settings: portal.settings.production, SECRET_KEY and
   ALLOWED_HOSTS set, SECURE_SSL_REDIRECT=0 (no TLS on loopback), the cache in Redis
   (LOAD_REDIS_URL, default redis://127.0.0.1:6379/2, emptied first), CONN_MAX_AGE=600, static files collected.
3. wrk on loopback: each calendar feed fetched once (a site builds them once per change, then serves them from the
   cache), a few seconds of warm-up, then `--duration` seconds at `--connections`, one connection per
   wrk thread, so the Lua script can pair each request with its response and time it per route (wrk's Lua API
   gives no latency per request). The mix (ROUTES: weights, real slugs and codes drawn from the database):
   home, directory (filters, pages), club pages, club news lists, news list (tag filter, pages), news items,
   events list (filters), event pages, RSS (network, per club), iCalendar feeds (all, per kind, per club), and
   certificate verification with real codes and with made-up ones.
4. Prints per route: requests, requests/s, p50/p90/p99/max latency, 2xx/3xx (or the route's expected status:
   EXPECTED_STATUS), 429 and errors; the CPU each
   request cost gunicorn, PostgreSQL and Redis (from /proc, so it holds on a busy machine too) and the request rate
   that CPU allows on this machine's cores; writes
   var/bench/load/result.json. Exits 1 on any error (another status, a socket error or a timeout) or a p99 of
   500 ms or more, overall or on any route.

Verification and feeds are rate-limited per client address (portal/security/ratelimit.py: verification 30 per 10
minutes, feeds 120 a minute). The production settings take the client's address from the header the reverse proxy sets
(CLIENT_IP_HEADER, X-Real-IP by default), so the run plays that proxy: every request carries a visitor's address
drawn from 198.51.0.0/16 in that header, as many visitors would. Were no header trusted, every request would come
from 127.0.0.1: the limits would then answer 429, which the run counts apart as the expected outcome on those
routes (column 429), not as errors. A 429 on any other route is an error.
Not a test: the figures depend on the machine and on what else runs on it (the load average is printed).
"""

import argparse
import contextlib
import importlib.util
import json
import math
import os
import random
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "var" / "bench" / "load"
P99_TARGET_MS = 500
WARMUP_SECONDS = 5
# route name, weight in the mix; the paths come from sample_paths()
ROUTES = [
    ("home", 10),
    ("directory", 8),
    ("club", 14),
    ("club_news", 4),
    ("news_list", 6),
    ("news", 14),
    ("events_list", 6),
    ("event", 10),
    ("rss", 6),
    ("ics", 6),
    ("verify", 4),
    ("verify_bad", 2),
]
RATE_LIMITED_ROUTES = {"verify", "verify_bad", "rss", "ics"}
# A made-up certificate code is the verification page with status 404 (training.certificates.views.verify): that
# answer is the route's success, not an error.
EXPECTED_STATUS = {"verify_bad": {404}}
SAMPLE = 300  # distinct pages per route drawn from the database


def environment(args):
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": env.get("SECRET_KEY") or "bench-load-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        # Longer than production's 60 s so each database connection lives through the run and its CPU is counted
        # (cpu_between); reconnecting once a minute per worker costs production next to nothing.
        "CONN_MAX_AGE": env.get("CONN_MAX_AGE", "600"),
        "VAR_DIR": str(OUT_DIR),  # STATIC_ROOT (collectstatic) lives here
        "MEDIA_ROOT": str(OUT_DIR / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "ERROR",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    })
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "site"), str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    # The production settings never generate signing keys, and seed_demo issues signed certificates: the production
    # stack's stand-ins (site/deploy/stack.py), made once in var/bench/load/keys/, unless the environment has real ones.
    env.update(deploy_stack().stand_in_signing_keys(env, OUT_DIR / "keys"))
    return env


def deploy_stack():
    """site/deploy/stack.py, the production stack's builder (nginx configuration, stand-in keys), as a module, loaded
    once (scripts/bench.py uses it too)."""
    if "deploy_stack" not in sys.modules:
        spec = importlib.util.spec_from_file_location("deploy_stack", ROOT / "site" / "deploy" / "stack.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["deploy_stack"] = module
    return sys.modules["deploy_stack"]


def ensure_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Đã tạo cơ sở dữ liệu {name}", flush=True)


def manage(env, *command):
    began = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"manage.py {command[0]}: {time.perf_counter() - began:.1f} s", flush=True)


def prepare(env, factor):
    """Migrate, seed the demo once, collect static files, scale; Django set up in this process afterwards."""
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v", "0")
    os.environ.update(env)
    sys.path[:0] = [str(ROOT / "site"), str(ROOT), str(Path(__file__).parent)]
    import django

    django.setup()
    import _province

    from clubs.models import ClubIndexPage

    if not ClubIndexPage.objects.exists():
        manage(env, "seed_demo")
    else:
        check_media()
    manage(env, "collectstatic", "--noinput", "-v", "0")
    print(f"Quy mô: {_province.scale(factor)}", flush=True)
    from django.core.cache import cache

    cache.clear()  # this run's Redis database: no rate-limit counts or cached pages from an earlier run


def check_media():
    """The database remembers images whose files live in MEDIA_ROOT (var/bench/load/media of the checkout that seeded
    it): from another checkout they are missing, and every page would try to draw its renditions again."""
    from wagtail.images import get_image_model

    images = get_image_model().objects.all()
    missing = [image.file.name for image in images if not image.file.storage.exists(image.file.name)]
    if missing:
        raise SystemExit(
            f"{len(missing)} ảnh của cơ sở dữ liệu không có trong {os.environ['MEDIA_ROOT']} (dựng từ bản checkout "
            "khác?): hãy xóa cơ sở dữ liệu (DROP DATABASE load_scale) để lần chạy sau dựng lại."
        )


def sample_paths(rng):
    """Real URLs for each route, drawn from the database."""
    from taggit.models import Tag
    from wagtail.models import Site

    from clubs.models import ClubKind, ClubPage, NewsPage
    from events.models import EventKind, EventPage
    from portal.models import AdministrativeUnit
    from training.certificates.services import CODE_ALPHABET, CODE_LENGTH
    from training.models import Certificate

    root = Site.objects.get(is_default_site=True).root_page.url_path

    def urls(queryset):
        paths = list(queryset.live().order_by("?").values_list("url_path", flat=True)[:SAMPLE])
        return ["/" + path[len(root) :] for path in paths]

    clubs = urls(ClubPage.objects.all())
    club_ids = list(ClubPage.objects.live().order_by("?").values_list("pk", flat=True)[:50])
    kinds = list(ClubKind.objects.values_list("slug", flat=True))
    units = list(AdministrativeUnit.objects.filter(clubs__isnull=False).distinct().values_list("slug", flat=True))
    event_kinds = list(EventKind.objects.values_list("slug", flat=True))
    tags = list(Tag.objects.filter(clubs_newstag_items__isnull=False).distinct().values_list("slug", flat=True)[:20])
    codes = list(Certificate.objects.order_by("?").values_list("code", flat=True)[:SAMPLE])
    made_up = ["".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(50)]
    return {
        "home": ["/"],
        "directory": ["/cau-lac-bo/", *(f"/cau-lac-bo/?page={n}" for n in (2, 5, 40)),
                      *(f"/cau-lac-bo/?kind={k}" for k in kinds), *(f"/cau-lac-bo/?unit={u}" for u in units[:10]),
                      *(f"/cau-lac-bo/?kind={kinds[0]}&unit={u}&page=2" for u in units[:3])],
        "club": clubs,
        "club_news": [f"{path}tin-tuc/" for path in clubs[:100]],
        "news_list": ["/tin-tuc/", "/tin-tuc/?page=2", "/tin-tuc/?page=50", *(f"/tin-tuc/?tag={t}" for t in tags)],
        "news": urls(NewsPage.objects.all()),
        "events_list": ["/su-kien/", "/su-kien/?when=past", "/su-kien/?page=2",
                        *(f"/su-kien/?kind={k}" for k in event_kinds)],
        "event": urls(EventPage.objects.all()),
        "rss": ["/tin-tuc/rss/", *(f"{path}rss/" for path in clubs[:50])],
        "ics": ["/lich/tat-ca.ics", *(f"/lich/loai/{k}.ics" for k in event_kinds),
                *(f"/lich/clb/{pk}.ics" for pk in club_ids)],
        "verify": [f"/tot/xac-minh/{code}/" for code in codes],
        "verify_bad": [f"/tot/xac-minh/{code}/" for code in made_up],
    }


PORTS = range(8200, 8300)  # this benchmark's loopback ports


@contextlib.contextmanager
def serve_gunicorn(env, workers):
    """gunicorn (sync workers) on the first free port of PORTS; stopped afterwards."""
    from bench import gunicorn

    port = next(port for port in PORTS if _port_free(port))
    with gunicorn(env, port, workers=workers) as (base_url, process):
        yield base_url, process.pid


def _port_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def trusted_ip_header():
    """The HTTP header the settings take the client address from (behind a proxy), or None."""
    from django.conf import settings

    meta = getattr(settings, "CLIENT_IP_HEADER", "")
    if not meta.startswith("HTTP_"):
        return None
    return "-".join(part if part == "IP" else part.capitalize() for part in meta[5:].split("_"))


LUA = r"""
-- Generated by scripts/benchmarks/load.py. One connection per thread: request() and response() alternate,
-- so the time between them is that request's latency, tallied per route.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } load_timespec;
int clock_gettime(int clk_id, load_timespec *tp);
]]
local ts = ffi.new("load_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local routes = ROUTES_JSON
local ip_header = IP_HEADER
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(id * 7919 + 17)
  wheel = {}
  for i, r in ipairs(routes) do
    for _ = 1, r.weight do wheel[#wheel + 1] = i end
  end
  -- flat tables only: wrk 4.1's thread:get() crashes copying nested ones
  rec_route, rec_status, rec_us = {}, {}, {}
end

function request()
  current = wheel[math.random(#wheel)]
  local r = routes[current]
  local headers = {}
  if ip_header then
    headers[ip_header] = "198.51." .. math.random(0, 255) .. "." .. math.random(1, 254)
  end
  started = now_us()
  return wrk.format("GET", r.paths[math.random(#r.paths)], headers)
end

function response(status, headers, body)
  local n = #rec_us + 1
  rec_us[n] = math.floor(now_us() - started)
  rec_route[n], rec_status[n] = current, status
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    local route, status, us = t:get("rec_route"), t:get("rec_status"), t:get("rec_us")
    for n = 1, #us do
      io.write("R\t", routes[route[n]].name, "\t", status[n], "\t", us[n], "\n")
    end
  end
  local e = summary.errors
  io.write("SOCKET\t", e.connect, "\t", e.read, "\t", e.write, "\t", e.timeout, "\n")
  io.write("DURATION\t", summary.duration, "\n")
end
"""


def lua_table(value):
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {lua_table(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(lua_table(item) for item in value) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value)  # a JSON string is a valid Lua string literal for these ASCII paths


def write_script(paths, ip_header):
    routes = [
        {"name": name, "weight": weight,
         "paths": [quote(path, safe="/?=&%-_.~") for path in paths[name]]}
        for name, weight in ROUTES
        if paths[name]
    ]
    script = LUA.replace("ROUTES_JSON", lua_table(routes)).replace(
        "IP_HEADER", json.dumps(ip_header) if ip_header else "nil"
    )
    path = OUT_DIR / "mix.lua"
    path.write_text(script)
    return path


def run_wrk(base_url, script, seconds, connections):
    output = subprocess.run(
        ["wrk", f"-t{connections}", f"-c{connections}", f"-d{int(seconds)}s", "--timeout", "10s", "--latency",
         "-s", str(script), base_url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    latencies, codes, socket_errors, duration = {}, {}, 0, seconds
    for line in output.splitlines():
        kind, *fields = line.split("\t")
        if kind == "R" and len(fields) == 3:
            route, code, micros = fields[0], int(fields[1]), int(fields[2])
            latencies.setdefault(route, []).append(micros)
            route_codes = codes.setdefault(route, {})
            route_codes[code] = route_codes.get(code, 0) + 1
        elif kind == "SOCKET":
            socket_errors = sum(int(v) for v in fields)
        elif kind == "DURATION":
            duration = int(fields[0]) / 1e6
    return latencies, codes, socket_errors, duration, output


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, math.ceil(fraction * len(sorted_values)) - 1))  # nearest rank
    return sorted_values[index] / 1000


def summarise(latencies, codes, socket_errors, duration, rate_limited_expected):
    rows = []
    everything = []
    for name, _weight in ROUTES:
        values = sorted(latencies.get(name, []))
        everything += values
        route_codes = codes.get(name, {})
        expected = EXPECTED_STATUS.get(name, set())
        ok = sum(n for code, n in route_codes.items() if 200 <= code < 400 or code in expected)
        limited = route_codes.get(429, 0) if (name in RATE_LIMITED_ROUTES and rate_limited_expected) else 0
        rows.append(route_row(name, values, duration, ok, limited, sum(route_codes.values()) - ok - limited))
    total_codes = {}
    for route_codes in codes.values():
        for code, n in route_codes.items():
            total_codes[code] = total_codes.get(code, 0) + n
    everything.sort()
    total = route_row("TỔNG", everything, duration, sum(r["ok"] for r in rows), sum(r["limited"] for r in rows),
                      sum(r["errors"] for r in rows) + socket_errors)
    return rows, total, total_codes


def route_row(name, values, duration, ok, limited, errors):
    return {
        "route": name, "requests": len(values), "rps": round(len(values) / duration, 1) if duration else 0.0,
        "p50": round(percentile(values, 0.50), 1), "p90": round(percentile(values, 0.90), 1),
        "p99": round(percentile(values, 0.99), 1), "max": round(values[-1] / 1000, 1) if values else 0.0,
        "ok": ok, "limited": limited, "errors": errors,
    }


def print_table(rows, total):
    headers = ["Tuyến", "Yêu cầu", "YC/giây", "p50 ms", "p90 ms", "p99 ms", "max ms", "2xx/3xx", "429", "Lỗi"]
    keys = ["route", "requests", "rps", "p50", "p90", "p99", "max", "ok", "limited", "errors"]
    body = [[str(row[key]) for key in keys] for row in [*rows, total]]
    widths = [max(len(line[i]) for line in [headers, *body]) for i in range(len(headers))]

    def line(cells):
        return " | ".join(
            f"{cell:<{w}}" if i == 0 else f"{cell:>{w}}" for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "-+-".join("-" * w for w in widths)
    print("", rule, line(headers), rule, *(line(cells) for cells in body[:-1]), rule, line(body[-1]), rule, sep="\n")


def prime_feeds(base_url, paths):
    """Fetch each calendar feed once. Public feeds are built once per change of any event and then served from the
    cache (events/feeds.py); building the province's all-events feed takes over a second of CPU, which a site pays
    once after each edit, not on every request. Without this the measured run would time those first builds."""
    import urllib.request

    for path in paths:
        with urllib.request.urlopen(base_url + quote(path, safe="/?=&%-_.~"), timeout=120) as response:
            response.read()


def _cpu_seconds(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0, None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(fields[1])  # utime+stime, ppid


def server_cpu(master_pid):
    """CPU seconds so far per process of the gunicorn workers, this database's PostgreSQL backends and Redis:
    {(group, pid): seconds}. See cpu_between()."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        backends = [row[0] for row in cursor.fetchall()]
    pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    groups = {pid: "db" for pid in backends}
    for pid in pids:
        if _cpu_seconds(pid)[1] == master_pid:
            groups[pid] = "app"
        elif Path(f"/proc/{pid}/comm").exists() and Path(f"/proc/{pid}/comm").read_text().startswith("redis-server"):
            groups[pid] = "redis"
    return {(group, pid): _cpu_seconds(pid)[0] for pid, group in groups.items()}


def cpu_between(before, after):
    """CPU seconds per group used between two server_cpu() readings. A process that started in between counts
    from zero; one that ended in between (a database connection closed after CONN_MAX_AGE) is left out."""
    used = {"app": 0.0, "db": 0.0, "redis": 0.0}
    for (group, pid), seconds in after.items():
        used[group] += seconds - before.get((group, pid), 0.0)
    return used


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def _commit():
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of measured load (default 60)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--factor", type=float, default=1.0, help="data scale (default 1: a province)")
    parser.add_argument("--database-url", default=os.environ.get(
        "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/load_scale"))
    parser.add_argument("--redis-url", default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/2"))
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        parser.error("the load run is on PostgreSQL: --database-url postgres://...")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    prepare(env, args.factor)

    sys.path.insert(0, str(ROOT / "scripts"))
    rng = random.Random(6)
    paths = sample_paths(rng)
    ip_header = trusted_ip_header()
    script = write_script(paths, ip_header)
    print(f"Địa chỉ khách: {f'trải trong {ip_header}' if ip_header else '127.0.0.1 (429 là dự kiến ở xác minh, feed)'}")
    with serve_gunicorn(env, args.workers) as (base_url, master_pid):
        print(f"gunicorn {args.workers} worker, khởi động {WARMUP_SECONDS} s…", flush=True)
        prime_feeds(base_url, paths["ics"])
        run_wrk(base_url, script, WARMUP_SECONDS, min(args.connections, 8))
        from django.core.cache import cache

        if not ip_header:  # the warm-up's requests do not count against the measured run's limits
            cache.delete_many([f"rl:{name}:127.0.0.1" for name in ("verify", "feed")])
        load_before = os.getloadavg()[0]
        print(f"wrk {args.duration:g} s, {args.connections} kết nối (tải máy {load_before:.2f})…", flush=True)
        cpu_before = server_cpu(master_pid)
        latencies, codes, socket_errors, duration, raw = run_wrk(base_url, script, args.duration, args.connections)
        cpu_used = cpu_between(cpu_before, server_cpu(master_pid))
    rows, total, total_codes = summarise(latencies, codes, socket_errors, duration, rate_limited_expected=not ip_header)
    print_table(rows, total)
    own = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)\s*$", raw, re.M))  # wrk's own figures, to cross-check ours
    print(f"Độ trễ do chính wrk đo (đối chiếu): p50 {own.get('50')}, p90 {own.get('90')}, p99 {own.get('99')}")
    load_after = os.getloadavg()[0]
    answered = total["requests"] or 1
    demand = {name: round(1000 * seconds / answered, 1) for name, seconds in cpu_used.items()}
    ceiling = os.cpu_count() * 1000 / max(sum(demand.values()), 0.1)
    print(f"CPU mỗi yêu cầu: gunicorn {demand['app']} ms + PostgreSQL {demand['db']} ms + Redis {demand['redis']} ms; "
          f"{os.cpu_count()} CPU chỉ cho máy chủ phục vụ được tối đa ~{ceiling:.0f} YC/giây (ước tính, chưa tính wrk)")
    print(f"Mã trạng thái: {dict(sorted(total_codes.items()))}; lỗi socket/timeout: {socket_errors}; "
          f"tải máy {load_before:.2f} → {load_after:.2f} / {os.cpu_count()} CPU")
    slow = [row["route"] for row in [*rows, total] if row["requests"] and row["p99"] >= P99_TARGET_MS]
    if "99" in own and _milliseconds(own["99"]) >= P99_TARGET_MS and "TỔNG" not in slow:
        slow.append("wrk")  # the stricter of the two measurements decides
    (OUT_DIR / "result.json").write_text(json.dumps({
        "duration": duration, "connections": args.connections, "workers": args.workers, "routes": rows,
        "total": total, "codes": total_codes, "socket_errors": socket_errors, "ip_header": ip_header,
        "load_average": [load_before, load_after], "commit": _commit(), "cpu_ms_per_request": demand,
        "wrk_percentiles": own,
    }, indent=2, ensure_ascii=False))
    verdict = []
    if total["errors"]:
        verdict.append(f"{total['errors']} lỗi")
    if slow:
        verdict.append(f"p99 ≥ {P99_TARGET_MS} ms: {', '.join(slow)}")
    print("KHÔNG ĐẠT: " + "; ".join(verdict) if verdict else f"ĐẠT: không lỗi, p99 < {P99_TARGET_MS} ms mọi tuyến")
    return 1 if verdict else 0


if __name__ == "__main__":
    sys.exit(main())
