#!/usr/bin/env python
"""The portal's benchmarks: `make bench` (or `.venv/bin/python scripts/bench.py`). A script, not a test.

1. Builds a throwaway database with demo data: SQLite at var/bench/bench.sqlite3 (rebuilt each run), or the
   database of DATABASE_URL if set (migrated and seeded, never dropped: give it a database of its own); collects
   the static files (var/bench/static).
2. Sets Django up in this process with the production settings (portal.settings.production: DEBUG off, the cache
   in Redis at BENCH_REDIS_URL, default redis://127.0.0.1:6379/4, emptied first; no TLS on loopback), so every
   cache figure is the one production gets, and runs `run(report)` of every module in scripts/benchmarks/*.py, in
   name order. Every request, in this process and through gunicorn or nginx, carries a visitor's address drawn
   from 198.51.0.0/16 in X-Real-IP, the header production trusts from its proxy: the rate limits (120 feed requests
   a minute per address) count per visitor, as behind nginx, and never stop a section.
3. Prints one table: section, metric, value, unit, target, verdict. Every target is a ratio to a floor measured in
   the same run (a static file through the same server, bare icalendar, the csv module or openpyxl's write-only
   mode), over ROUNDS interleaved rounds, printed as min / median / max; the verdict is the median's. CPU per
   request is read from /proc (the app server's workers), so other programs' load hardly moves it.

A peer site (issue 14 sets page targets as a share of a comparable public Wagtail site's CPU): with BENCH_PEER set
to a directory holding a WSGI application, `report.peer` describes it and `report.serve_peer()` runs it under
gunicorn (2 sync workers, a free loopback port) with that site's own interpreter, beside ours:
    BENCH_PEER          the peer's directory (its working directory and first entry of its Python path)
    BENCH_PEER_PYTHON   that site's interpreter, with gunicorn installed (default: the one running bench.py)
    BENCH_PEER_WSGI     its WSGI callable as module:callable (default wsgi:application)
    BENCH_PEER_PATH     the page measured (default /); it must answer 200
    BENCH_PEER_SETTINGS its DJANGO_SETTINGS_MODULE, if its WSGI module does not choose one
The peer gets the environment bench.py was started with, less DJANGO_SETTINGS_MODULE, PYTHONPATH, DATABASE_URL
and VIRTUAL_ENV (ours would point it at the portal). Without BENCH_PEER, `report.peer` is None.

Options: --only portal,events (module names), --seconds 10 and --connections 8 (HTTP load per URL),
--reuse (keep var/bench/bench.sqlite3 if it exists: skips migrate and seed_demo). Runs take turns (a lock file in
var/bench/): two at once would share the database and skew each other's numbers.

The `report` API a benchmark module uses:

    report.add(section, metric, value, unit="", target=None, ok=None, higher_is_better=False)
        One row. With a numeric `target` and no `ok`, the verdict is value <= target (value >= target when
        higher_is_better). Texts are Vietnamese, like the rest of the product.
    with report.serve_gunicorn(workers=2) as base_url:  ...
        The portal under gunicorn on a free loopback port, same database and settings; stopped afterwards.
        report.gunicorn_pid is its master's pid meanwhile.
    report.stack() -> site/deploy/stack.py as a module (the nginx configuration the production stack writes).
    report.cpu_ms(url, requests=50, master_pid=None) -> float
        CPU milliseconds per request of the gunicorn being served (its workers, from /proc), one GET after another;
        `master_pid` reads another gunicorn's workers instead (report.peer_pid).
    with report.serve_peer(workers=2) as peer_url:  ...
        The peer site (BENCH_PEER, above) under gunicorn on a free loopback port, answering report.peer.path;
        report.peer_pid is its master's pid meanwhile. Only when report.peer is not None.
    report.ratio(section, metric, values, floors, unit="×", target=None, higher_is_better=False)
        One row of the per-round ratios values[i] / floors[i]: "min / median / max".
    report.client_ip() -> a visitor's address for X-Real-IP (HTTP_X_REAL_IP=... in django.test.Client calls).
    report.load(url, seconds=None, connections=None) -> LoadResult
        HTTP GET load on one URL for `seconds` with `connections` concurrent clients: .rps, .p50, .p90, .p99
        (milliseconds), .requests, .errors, .tool ("wrk" when installed, else a Python thread loop).
        A few warm-up requests run first and are not counted.
    report.count_queries(path, user=None) -> int
        SQL queries of one GET through django.test.Client (a warm request: the first one is not counted).
    report.client(user=None) -> django.test.Client, logged in as `user` if given.
    report.seconds, report.connections, report.root (the checkout), report.env (environment for subprocesses).

A module may also roll its own data back (see scripts/benchmarks/training_nominations.py); the demo data from
seed_demo is there for every module.
"""

import argparse
import contextlib
import fcntl
import importlib.util
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
MODULES_DIR = ROOT / "scripts" / "benchmarks"
WARMUP_REQUESTS = 5
_STARTING_ENV = dict(os.environ)  # before main() adds the portal's settings: what a peer site is started with
PEER_ENV_DROPPED = ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "DATABASE_URL", "VIRTUAL_ENV", "PYTHONHOME")
ROUNDS = 3  # interleaved rounds of every measured pair
CLIENT_IP_HEADER = "X-Real-IP"  # what nginx sets and the production settings trust (CLIENT_IP_HEADER)
_addresses = random.Random(2026)


def client_ip():
    """A visitor's address in 198.51.0.0/16, a different one almost every time."""
    return f"198.51.{_addresses.randrange(256)}.{_addresses.randrange(1, 255)}"


def _load_module(name):
    spec = importlib.util.spec_from_file_location(f"benchmarks.{name}", MODULES_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load():
    """scripts/benchmarks/load.py, loaded once: its /proc reading and the stack loader serve every section."""
    if "benchmarks.load" not in sys.modules:
        sys.modules["benchmarks.load"] = _load_module("load")
    return sys.modules["benchmarks.load"]


def worker_cpu_seconds(master_pid):
    """CPU seconds so far of the gunicorn workers under `master_pid`, from /proc (scripts/benchmarks/load.py's
    reading): {pid: seconds}."""
    load = _load()
    readings = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            seconds, parent = load._cpu_seconds(int(name))
            if parent == master_pid:
                readings[int(name)] = seconds
    return readings


def cpu_used(before, after):
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def spread(values):
    """min / median / max, two decimals."""
    return " / ".join(f"{v:.2f}" for v in (min(values), statistics.median(values), max(values)))


@dataclass
class LoadResult:
    url: str
    seconds: float
    connections: int
    requests: int = 0
    errors: int = 0
    rps: float = 0.0
    p50: float = 0.0
    p90: float = 0.0
    p99: float = 0.0
    tool: str = "python"


@dataclass
class Peer:
    """A peer site to measure beside the portal (BENCH_PEER and friends, see the module's docstring)."""

    directory: Path
    python: str
    wsgi: str = "wsgi:application"
    path: str = "/"
    settings: str = ""

    def environment(self):
        env = {key: value for key, value in _STARTING_ENV.items() if key not in PEER_ENV_DROPPED}
        if self.settings:
            env["DJANGO_SETTINGS_MODULE"] = self.settings
        return env


def peer_from_environment(environ=None):
    """The Peer that BENCH_PEER names, or None; a missing directory or interpreter stops the run at once."""
    environ = os.environ if environ is None else environ
    directory = environ.get("BENCH_PEER", "").strip()
    if not directory:
        return None
    peer = Peer(
        directory=Path(directory).resolve(),
        python=environ.get("BENCH_PEER_PYTHON", "").strip() or sys.executable,
        wsgi=environ.get("BENCH_PEER_WSGI", "").strip() or "wsgi:application",
        path=environ.get("BENCH_PEER_PATH", "").strip() or "/",
        settings=environ.get("BENCH_PEER_SETTINGS", "").strip(),
    )
    if not peer.directory.is_dir():
        sys.exit(f"BENCH_PEER={directory}: no such directory")
    if not (shutil.which(peer.python) or Path(peer.python).is_file()):
        sys.exit(f"BENCH_PEER_PYTHON={peer.python}: no such interpreter")
    if not peer.path.startswith("/"):
        sys.exit(f"BENCH_PEER_PATH={peer.path}: a path starting with /")
    return peer


@dataclass
class Row:
    section: str
    metric: str
    value: object
    unit: str = ""
    target: object = None
    ok: object = None
    higher_is_better: bool = False


@dataclass
class Report:
    seconds: float = 10.0
    connections: int = 8
    env: dict = field(default_factory=dict)
    root: Path = ROOT
    rows: list = field(default_factory=list)
    gunicorn_pid: object = None
    peer: object = None  # a Peer when BENCH_PEER is set
    peer_pid: object = None
    rounds: int = ROUNDS
    client_ip = staticmethod(client_ip)
    worker_cpu_seconds = staticmethod(lambda master_pid: worker_cpu_seconds(master_pid))
    cpu_used = staticmethod(lambda before, after: cpu_used(before, after))
    stack = staticmethod(lambda: deploy_stack())

    # Rows ----------------------------------------------------------------------------------------------------------

    def add(self, section, metric, value, unit="", target=None, ok=None, higher_is_better=False):
        if ok is None and isinstance(target, (int, float)) and isinstance(value, (int, float)):
            ok = value >= target if higher_is_better else value <= target
        row = Row(section, metric, value, unit, target, ok, higher_is_better)
        self.rows.append(row)
        print(f"  [{section}] {metric}: {value} {unit}{_verdict(row)}", flush=True)
        return row

    def ratio(self, section, metric, values, floors, unit="×", target=None, higher_is_better=False):
        ratios = [value / floor for value, floor in zip(values, floors, strict=True) if floor]
        if not ratios:
            return self.add(section, metric, "không đo được", ok=False if target is not None else None)
        ok = None
        if target is not None:
            median = statistics.median(ratios)
            ok = median >= target if higher_is_better else median <= target
        return self.add(section, f"{metric} (min / trung vị / max, {len(ratios)} vòng)", spread(ratios), unit,
                        target=target, ok=ok, higher_is_better=higher_is_better)

    # Django in-process -----------------------------------------------------------------------------------------------

    def client(self, user=None):
        from django.test import Client

        client = Client(HTTP_X_REAL_IP=client_ip())
        if user is not None:
            client.force_login(user)
        return client

    def count_queries(self, path, user=None):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = self.client(user)
        first = client.get(path)
        if first.status_code != 200:
            raise RuntimeError(f"GET {path} answered {first.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        return len(queries)

    # HTTP ------------------------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def serve_gunicorn(self, workers=2, threads=1, timeout=60):
        port = _free_port()
        with gunicorn(self.env, port, workers=workers, threads=threads, timeout=timeout) as (base_url, process):
            self.gunicorn_pid = process.pid
            try:
                yield base_url
            finally:
                self.gunicorn_pid = None

    @contextlib.contextmanager
    def serve_peer(self, workers=2, timeout=120):
        """The peer site under gunicorn (its own interpreter, its directory as working directory)."""
        if self.peer is None:
            raise RuntimeError("no peer: BENCH_PEER is not set")
        peer = self.peer
        port = _free_port()
        with gunicorn(peer.environment(), port, workers=workers, timeout=timeout, python=peer.python, app=peer.wsgi,
                      pythonpath=str(peer.directory), cwd=peer.directory, check_path=peer.path) as (base_url, process):
            self.peer_pid = process.pid
            try:
                yield base_url
            finally:
                self.peer_pid = None

    def cpu_ms(self, url, requests=50, headers=None, master_pid=None):
        """CPU milliseconds per request of the gunicorn being served (or the one under `master_pid`), GET after
        GET (after a warm-up)."""
        master_pid = self.gunicorn_pid if master_pid is None else master_pid
        for _ in range(WARMUP_REQUESTS):
            _get(url, headers=headers)
        before = worker_cpu_seconds(master_pid)
        for _ in range(requests):
            _get(url, headers=headers)
        return cpu_used(before, worker_cpu_seconds(master_pid)) / requests * 1000

    def load(self, url, seconds=None, connections=None):
        seconds = seconds or self.seconds
        connections = connections or self.connections
        for _ in range(WARMUP_REQUESTS):
            _get(url)
        if shutil.which("wrk"):
            return _load_wrk(url, seconds, connections)
        return _load_python(url, seconds, connections)


# Load generators ---------------------------------------------------------------------------------------------------


_OPENER = urllib.request.build_opener(
    urllib.request.ProxyHandler({}),  # loopback: never through an http_proxy of the environment
    urllib.request.HTTPSHandler(context=__import__("ssl")._create_unverified_context()),  # nginx's own certificate
)


def _get(url, timeout=30, headers=None):
    request = urllib.request.Request(url, headers={CLIENT_IP_HEADER: client_ip(), **(headers or {})})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        if error.code == 304:  # a conditional GET's answer, not a failure
            return 304
        raise


def _load_python(url, seconds, connections):
    """`connections` threads, each a client doing GET after GET (a new TCP connection each time, as gunicorn's
    sync workers close it) until the deadline; latencies of completed requests only."""
    import http.client
    import ssl

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, errors = [], [0]
    context = ssl._create_unverified_context()
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def worker():
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                if parts.scheme == "https":
                    conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=30, context=context)
                else:
                    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                conn.request("GET", path, headers={"Connection": "close", CLIENT_IP_HEADER: client_ip()})
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    failed += 1
                    continue
            except OSError:
                failed += 1
                continue
            mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    result = LoadResult(url, seconds, connections, requests=len(latencies), errors=errors[0], tool="python")
    if latencies:
        cuts = statistics.quantiles(sorted(latencies), n=100, method="inclusive")
        result.rps = round(len(latencies) / elapsed, 1)
        result.p50, result.p90, result.p99 = (round(cuts[i] * 1000, 1) for i in (49, 89, 98))
    return result


# Each request a visitor's address of its own (X-Real-IP), as nginx would say it; wrk's Lua API sets it per request.
WRK_SCRIPT = f"""
math.randomseed(2026)
request = function()
  wrk.headers["{CLIENT_IP_HEADER}"] = "198.51." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format()
end
"""


def _load_wrk(url, seconds, connections):
    threads = max(1, min(connections, os.cpu_count() or 1))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    script = BENCH_DIR / "client-ip.lua"
    script.write_text(WRK_SCRIPT)
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "-s", str(script), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    result = LoadResult(url, seconds, connections, tool="wrk")
    result.rps = round(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), 1)
    result.requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result.errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    )
    for percent, attribute in (("50", "p50"), ("90", "p90"), ("99", "p99")):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if match:
            scale = {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]
            setattr(result, attribute, round(float(match.group(1)) * scale, 1))
    return result


@contextlib.contextmanager
def gunicorn(env, port, workers=2, threads=1, timeout=60, *, python=None, app="portal.wsgi:application",
             pythonpath=None, cwd=ROOT, check_path="/"):
    """The portal (or, with `python`, `app`, `pythonpath` and `cwd`, another WSGI site such as the peer) under
    gunicorn on 127.0.0.1:`port`, answering `check_path` within `timeout` seconds; yields (base URL, master
    process) and stops it afterwards. Shared by the benchmark modules (scripts/benchmarks/load.py too)."""
    command = [
        python or sys.executable, "-m", "gunicorn", app,
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--pythonpath", pythonpath or f"{ROOT / 'site'},{ROOT}", "--log-level", "warning", "--timeout", "120",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=cwd, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url + check_path, process, timeout)
        yield base_url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url, process, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with code {process.returncode}")
        try:
            if _get(url, timeout=5) == 200:
                return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout} s")


# The table ---------------------------------------------------------------------------------------------------------


def _target_text(row):
    if row.target is None:
        return ""
    if isinstance(row.target, (int, float)):
        return f"{'≥' if row.higher_is_better else '≤'} {row.target}"
    return str(row.target)


def _verdict(row):
    if row.ok is None:
        return ""
    return " ✓" if row.ok else f" ✗ (mục tiêu {_target_text(row)})"


def print_table(rows, out=sys.stdout):
    headers = ["Phần", "Chỉ số", "Giá trị", "Đơn vị", "Mục tiêu", ""]
    body = [
        [row.section, row.metric, str(row.value), row.unit, _target_text(row), {True: "✓", False: "✗"}.get(row.ok, "")]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [headers, *body]) for i in range(len(headers))]
    align = ["<", "<", ">", "<", "<", "<"]

    def line(cells):
        return " | ".join(f"{cell:{a}{w}}" for cell, a, w in zip(cells, align, widths, strict=True)).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    print("", rule, line(headers), rule, *(line(cells) for cells in body), rule, sep="\n", file=out)
    failed = sum(1 for row in rows if row.ok is False)
    print(f"{len(rows)} chỉ số, {failed} chưa đạt mục tiêu.", file=out)


# Setting up --------------------------------------------------------------------------------------------------------


def deploy_stack():
    """site/deploy/stack.py, the production stack's builder (nginx configuration, stand-in keys), as a module."""
    return _load().deploy_stack()


def bench_environment():
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"  # whatever the shell exported for development
    env.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    env.setdefault("SECURE_SSL_REDIRECT", "0")  # loopback, no TLS in front of gunicorn
    env.setdefault("REDIS_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4"))
    env.setdefault("CACHE_KEY_PREFIX", "bench")
    env.setdefault("CONN_MAX_AGE", "60")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    env.setdefault("VAR_DIR", str(BENCH_DIR))  # STATIC_ROOT: var/bench/static
    env.setdefault("MEDIA_ROOT", str(BENCH_DIR / "media"))
    env.setdefault("LOG_LEVEL", "ERROR")
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    env.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    if "DATABASE_URL" not in env:
        env["DATABASE_URL"] = f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "site"), str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    # The production settings sign certificates with the Board's key and never generate one: the stack's stand-ins,
    # made once in var/bench/keys/, unless the environment names real ones.
    env.update(deploy_stack().stand_in_signing_keys(env, BENCH_DIR / "keys"))
    return env


def build_database(env, reuse):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    sqlite_file = BENCH_DIR / "bench.sqlite3"
    own_sqlite = env["DATABASE_URL"] == f"sqlite:///{sqlite_file}"
    empty_redis(env["REDIS_URL"])
    if reuse and own_sqlite and sqlite_file.exists():
        print(f"Dùng lại cơ sở dữ liệu {sqlite_file}", flush=True)
        collect_static(env)
        return
    if own_sqlite:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(BENCH_DIR / "media", ignore_errors=True)
    for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
        began = time.perf_counter()
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        print(f"manage.py {command[0]}: {time.perf_counter() - began:.1f} s", flush=True)
    collect_static(env)


def collect_static(env):
    """The production settings' manifest storage: pages need the collected files' manifest."""
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)  # fmt: skip


def empty_redis(url):
    """This run's Redis database, emptied: no cached page, feed or rate-limit count from an earlier run."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).flushdb()
    except redis.RedisError as error:
        sys.exit(f"Redis is not reachable at {url} ({error}): the benchmark measures the production cache.\n"
                 "Start it (redis-server --daemonize yes) or set BENCH_REDIS_URL.")


def load_modules(only):
    for path in sorted(MODULES_DIR.glob("*.py")):
        if path.name.startswith("_") or (only and path.stem not in only):
            continue
        module = _load_module(path.stem)
        if callable(getattr(module, "run", None)):
            yield path.stem, module


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="comma-separated module names of scripts/benchmarks/")
    parser.add_argument("--seconds", type=float, default=10.0, help="HTTP load per URL (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent HTTP clients (default 8)")
    parser.add_argument("--reuse", action="store_true", help="keep var/bench/bench.sqlite3 if it exists")
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",") if name.strip()}

    env = bench_environment()
    peer = peer_from_environment()  # before the database is built: a wrong BENCH_PEER stops the run at once
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    lock = (BENCH_DIR / ".lock").open("w")  # one run at a time: they share var/bench/ and would skew each other
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("Một lần chạy bench khác đang dùng var/bench/: chờ nó xong…", flush=True)
        fcntl.flock(lock, fcntl.LOCK_EX)
    build_database(env, args.reuse)
    os.environ.update(env)
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    import django

    django.setup()

    report = Report(seconds=args.seconds, connections=args.connections, env=env, peer=peer)
    load1, _, _ = os.getloadavg()
    print(f"Máy: {os.cpu_count()} CPU, tải trung bình lúc bắt đầu {load1:.2f}", flush=True)
    report.add("Máy", "Tải trung bình khi bắt đầu (1 phút)", round(load1, 2), f"/ {os.cpu_count()} CPU")
    for name, module in load_modules(only):
        print(f"== {name}", flush=True)
        began = time.perf_counter()
        try:
            module.run(report)
        except Exception as error:  # one broken benchmark must not hide the others
            traceback.print_exc()
            report.add(name, "LỖI", f"{type(error).__name__}: {error}"[:120], ok=False)
        print(f"   ({time.perf_counter() - began:.1f} s)", flush=True)
    load1, _, _ = os.getloadavg()
    report.add("Máy", "Tải trung bình khi kết thúc (1 phút)", round(load1, 2), f"/ {os.cpu_count()} CPU")
    print_table(report.rows)
    return 1 if any(row.section != "Máy" and row.metric == "LỖI" for row in report.rows) else 0


if __name__ == "__main__":
    sys.exit(main())
