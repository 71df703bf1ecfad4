"""The edge cache (issue 14, item 1): nginx (site/deploy/nginx.conf as `make production` renders it, TLS) in front
of gunicorn with the production settings, Redis and the edge cache on. In interleaved rounds: the home page as an
anonymous visitor gets it from nginx's cache against a static file from the same nginx, requests per second
(target ≥ 0.5 of the file's), and the CPU gunicorn spends on those page requests (from /proc: none reach it).
Needs nginx (apt-get install nginx-light); the section says so and stops without it.
"""

import contextlib
import shutil
import socket
import ssl
import statistics
import subprocess
import time
import urllib.request
import uuid

SECTION = "Bộ nhớ đệm biên (nginx)"
STATIC_PATH = "/static/portal/css/portal.css"
TARGET_RATIO = 0.5


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url):
    context = ssl._create_unverified_context()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context))
    with opener.open(urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"}), timeout=60) as response:
        response.read()
        return response.headers.get("X-Cache-Status")


@contextlib.contextmanager
def nginx_in_front(report, app_port, https_port, http_port):
    from django.conf import settings

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    stack = report.stack()
    run_dir = report.root / "var" / "bench" / f"edge-{uuid.uuid4().hex[:8]}"  # nginx's workers (nobody) read it
    run_dir.mkdir(parents=True)
    conf = stack.render_nginx(run_dir, https_port, [app_port], settings.STATIC_ROOT, settings.MEDIA_ROOT,
                              stack.tls_files(run_dir), http_port,
                              {"SESSION_COOKIE": settings.SESSION_COOKIE_NAME,
                               "LANGUAGE_COOKIE": settings.LANGUAGE_COOKIE_NAME})
    process = subprocess.Popen([nginx, "-c", str(conf), "-p", str(run_dir)], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", https_port)) == 0:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("nginx did not start")
            time.sleep(0.1)
        yield f"https://127.0.0.1:{https_port}"
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(run_dir, ignore_errors=True)


def run(report):
    if not (shutil.which("nginx") or shutil.which("/usr/sbin/nginx")):
        report.add(SECTION, "Bỏ qua", "chưa cài nginx (apt-get install nginx-light)")
        return
    https_port, http_port = _free_port(), _free_port()
    shared = report.env
    report.env = {**shared, "PAGE_CACHE_SECONDS": "300", "EDGE_PURGE_URL": f"http://127.0.0.1:{http_port}"}
    try:
        with report.serve_gunicorn(workers=2) as app_url:
            app_port = int(app_url.rsplit(":", 1)[1])
            with nginx_in_front(report, app_port, https_port, http_port) as base_url:
                measure(report, base_url)
    finally:
        report.env = shared


def measure(report, base_url):
    statuses = [_get(base_url + "/") for _ in range(3)]
    report.add(SECTION, "Trang chủ qua nginx: X-Cache-Status của 3 lần đầu", " ".join(map(str, statuses)))
    if statuses[-1] != "HIT":
        report.add(SECTION, "LỖI", "nginx không trả trang chủ từ bộ nhớ đệm", ok=False)
        return
    from_proc = report.worker_cpu_seconds(report.gunicorn_pid)
    for _ in range(50):
        _get(base_url + "/")
    app_cpu = report.cpu_used(from_proc, report.worker_cpu_seconds(report.gunicorn_pid)) / 50 * 1000
    report.add(SECTION, "CPU của gunicorn cho mỗi trang lấy từ nginx (/proc)", round(app_cpu, 3), "ms")

    seconds = max(2.0, report.seconds / report.rounds)
    page_rps, static_rps, p99, errors = [], [], [], 0
    for _ in range(report.rounds):  # interleaved: the machine's other load weighs on both alike
        static = report.load(base_url + STATIC_PATH, seconds=seconds)
        page = report.load(base_url + "/", seconds=seconds)
        static_rps.append(static.rps)
        page_rps.append(page.rps)
        p99.append(page.p99)
        errors += static.errors + page.errors
    report.add(SECTION, f"Trang chủ từ nginx / tệp tĩnh qua nginx: yêu cầu/giây (trung vị, {page.tool}, "
               f"{page.connections} kết nối)", f"{statistics.median(page_rps)} / {statistics.median(static_rps)}",
               "req/s")
    report.ratio(SECTION, "Tỉ lệ trang từ nginx / tệp tĩnh qua nginx (yêu cầu/giây)", page_rps, static_rps,
                 target=TARGET_RATIO, higher_is_better=True)
    report.add(SECTION, "Trang chủ từ nginx: p99 (min / trung vị / max)",
               " / ".join(f"{v:.1f}" for v in (min(p99), statistics.median(p99), max(p99))), "ms")
    report.add(SECTION, "Lỗi", errors, "yêu cầu", target=0)
