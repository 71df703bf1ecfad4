"""nginx at the edge of the stack (site/deploy/nginx.conf, as site/deploy/stack.py renders it), in front of a tiny
upstream instead of gunicorn: `nginx -t` accepts the config; plain http redirects to HTTPS; media and static files
carry nosniff; an upload over client_max_body_size gets a Vietnamese message, as JSON for the admin's multiple-upload
widget (tests/browser/test_upload_widget.py shows it there) or as a page; /metrics is not passed on; the edge cache
keeps only what the app marks, never for a session or a private answer, and a PURGE from this machine drops it all
(tests/portal/test_production_stack.py does the same with the real app). Needs nginx (CI installs it); no database."""

import http.client
import importlib.util
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or (Path("/usr/sbin/nginx").exists() and "/usr/sbin/nginx")

pytestmark = pytest.mark.skipif(not NGINX, reason="needs nginx (apt-get install nginx-light)")


def load_stack():
    spec = importlib.util.spec_from_file_location("deploy_stack", CHECKOUT / "site" / "deploy" / "stack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Upstream(BaseHTTPRequestHandler):
    """Stands for gunicorn: answers every request with its path, and remembers what reached it (not the edge
    cache's generation, answered as portal/operations/edge_cache.py does). Under /edge/ it marks its answer as
    the page cache does (X-Accel-Expires), with a counter in the body; /edge/cookie/ and /edge/private/ add what
    must keep it out of the cache anyway."""

    seen = []
    generation = "1" * 32
    generation_asked = 0
    count = 0

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        headers = {"Content-Type": "text/plain"}
        if self.path == "/__edge/generation":
            Upstream.generation_asked += 1
            headers.update({"X-Edge-Generation": Upstream.generation, "X-Accel-Expires": "300"})
            body = b""
        else:
            self.seen.append((self.command, self.path, self.headers.get("X-Forwarded-Proto")))
            Upstream.count += 1
            body = f"upstream {self.path}".encode()
        if self.path.startswith("/edge/"):
            body += f" #{Upstream.count}".encode()
            headers["X-Accel-Expires"] = "300"
            if self.path.startswith("/edge/cookie/"):
                headers["Set-Cookie"] = "csrftoken=abc; Path=/"
            if self.path.startswith("/edge/private/"):
                headers["Cache-Control"] = "private"
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def edge():
    stack = load_stack()
    # Under the checkout, not /tmp (pytest's folders are 0700): nginx's workers run as nobody and read the files.
    run_dir = CHECKOUT / "var" / f"nginx-test-{uuid.uuid4().hex[:8]}"
    static_root, media_root = run_dir / "static", run_dir / "media"
    (static_root / "portal").mkdir(parents=True)
    (static_root / "portal" / "site.css").write_text("body{}")
    (media_root / "images").mkdir(parents=True)
    (media_root / "images" / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    https_port, http_port = free_port(), free_port()
    nginx = None
    try:
        conf = stack.render_nginx(run_dir, https_port, [upstream.server_address[1]], static_root, media_root,
                                  stack.tls_files(run_dir), http_port)
        checked = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(run_dir)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(run_dir)], stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", https_port)) == 0:
                    break
            if nginx.poll() is not None or time.monotonic() > deadline:
                pytest.fail("nginx did not start: " + (nginx.stderr.read() if nginx.poll() is not None else ""))
            time.sleep(0.1)
        yield https_port, http_port
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=20)
        upstream.shutdown()
        shutil.rmtree(run_dir, ignore_errors=True)


def request(port, method, path, body=None, headers=None, tls=True):
    if tls:
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=ssl._create_unverified_context(), timeout=30)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers={"Host": "khoinghiep.example.vn", **(headers or {})})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def test_plain_http_redirects_to_the_same_address_over_https(edge):
    https_port, http_port = edge
    response, _ = request(http_port, "GET", "/cau-lac-bo/?kind=2", tls=False)
    assert response.status == 301
    assert response.headers["Location"] == f"https://khoinghiep.example.vn:{https_port}/cau-lac-bo/?kind=2"


def test_media_and_static_files_are_never_sniffed(edge):
    https_port, _ = edge
    for path in ("/media/images/anh.png", "/static/portal/site.css"):
        response, _ = request(https_port, "GET", path)
        assert response.status == 200, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path


def test_an_oversized_upload_is_told_in_vietnamese_as_json_to_the_upload_widget(edge):
    https_port, _ = edge
    Upstream.seen.clear()
    response, body = request(https_port, "POST", "/admin/images/multiple/add/", body=b"x" * (13 * 1024 * 1024),
                             headers={"X-Requested-With": "XMLHttpRequest",
                                      "Content-Type": "multipart/form-data; boundary=x"})
    assert response.status == 413
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    answer = json.loads(body)
    assert answer["success"] is False
    assert "Tệp quá lớn" in answer["error_message"] and "10 MB" in answer["error_message"]
    assert Upstream.seen == []  # refused by nginx, never read by the app


def test_an_oversized_form_post_gets_a_413_page_in_vietnamese(edge):
    https_port, _ = edge
    response, body = request(https_port, "POST", "/tot/de-cu/ho-so/1/nop/", body=b"x" * (13 * 1024 * 1024),
                             headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert response.status == 413
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Tệp quá lớn" in body.decode() and "10 MB" in body.decode()


@pytest.mark.skipif(not shutil.which("curl"), reason="needs curl for HTTP/2")
@pytest.mark.parametrize("xhr, kind", [(True, "application/json"), (False, "text/html")])
def test_the_same_answers_over_http2_as_browsers_send(edge, tmp_path, xhr, kind):
    """Over HTTP/2 the internal redirect to the answer checks the body size again; a second 413 would be nginx's
    own English page, or a stalled upload."""
    https_port, _ = edge
    big = tmp_path / "anh.png"
    big.write_bytes(b"x" * (13 * 1024 * 1024))
    result = subprocess.run(
        ["curl", "-sk", "--http2", "--max-time", "30", "-F", f"files[]=@{big}", "-o", "-",
         "-w", "\n%{http_code} %{http_version} %{content_type}",
         *(["-H", "X-Requested-With: XMLHttpRequest"] if xhr else []),
         f"https://127.0.0.1:{https_port}/admin/documents/multiple/add/"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    body, _, status = result.stdout.rpartition("\n")
    assert status == f"413 2 {kind}; charset=utf-8"
    assert "Tệp quá lớn" in body


def test_ordinary_requests_reach_the_app_but_metrics_do_not(edge):
    https_port, _ = edge
    Upstream.seen.clear()
    response, body = request(https_port, "POST", "/admin/images/multiple/add/", body=b"x" * 1024,
                             headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status == 200 and body == b"upstream /admin/images/multiple/add/"
    assert request(https_port, "GET", "/metrics")[0].status == 404
    assert Upstream.seen == [("POST", "/admin/images/multiple/add/", "https")]


def test_the_edge_cache_keeps_what_the_app_marks_for_anonymous_visitors_only(edge):
    https_port, _ = edge
    first, body = request(https_port, "GET", "/edge/trang/")
    again, same = request(https_port, "GET", "/edge/trang/")
    assert (first.headers["X-Cache-Status"], again.headers["X-Cache-Status"]) == ("MISS", "HIT")
    assert same == body and "X-Accel-Expires" not in again.headers  # nginx keeps the mark to itself
    # Another language is another entry.
    english = request(https_port, "GET", "/edge/trang/", headers={"Cookie": "django_language=en"})[0]
    assert english.headers["X-Cache-Status"] == "MISS"
    # A session, a message waiting or credentials: never from the cache, and what they get is not stored.
    for headers in ({"Cookie": "django_language=vi; sessionid=abc"}, {"Cookie": "messages=x"},
                    {"Authorization": "Basic eDp5"}):
        response, seen = request(https_port, "GET", "/edge/trang/", headers=headers)
        assert response.headers["X-Cache-Status"] == "BYPASS" and seen != body, headers
    assert request(https_port, "GET", "/edge/trang/")[1] == body  # still the anonymous copy
    # Unmarked, setting a cookie (a CSRF token) or private: answered by the app every time.
    for path in ("/trang-khong-danh-dau/", "/edge/cookie/", "/edge/private/"):
        statuses = [request(https_port, "GET", path)[0].headers["X-Cache-Status"] for _ in range(2)]
        assert statuses == ["MISS", "MISS"], path
    # The app's own address for the generation is not served to visitors.
    assert request(https_port, "GET", "/__edge/generation")[0].status == 404


def test_a_purge_from_this_machine_drops_every_page_at_once(edge):
    """The purge carries the app's new generation: nginx keys pages with it at once, without asking an app server
    (the purge is sent from an app server's worker, in the middle of a request)."""
    https_port, http_port = edge
    pages = ("/edge/a/", "/edge/b/?page=2")
    before = {path: request(https_port, "GET", path)[1] for path in pages}
    assert all(request(https_port, "GET", path)[0].headers["X-Cache-Status"] == "HIT" for path in pages)
    Upstream.generation = "2" * 32  # what the app does on a write, before it sends the purge
    asked = Upstream.generation_asked
    try:
        assert all(request(https_port, "GET", path)[1] == before[path] for path in pages)  # nginx does not know yet
        purge = request(http_port, "PURGE", f"/__edge/generation?g={'2' * 32}&s=300", tls=False)[0]
        assert purge.status == 200
        for path in pages:
            response, body = request(https_port, "GET", path)
            assert response.headers["X-Cache-Status"] == "MISS" and body != before[path], path
            assert request(https_port, "GET", path)[0].headers["X-Cache-Status"] == "HIT", path
        assert Upstream.generation_asked == asked  # neither the purge nor the pages after it asked the app
        # A purge without a well-formed generation changes nothing.
        for query in ("", "?g=nope&s=300", f"?g={'3' * 32}", f"?g={'3' * 32}&s=0", f"?g={'3' * 32}&s=x"):
            assert request(http_port, "PURGE", f"/__edge/generation{query}", tls=False)[0].status == 400, query
        assert all(request(https_port, "GET", path)[0].headers["X-Cache-Status"] == "HIT" for path in pages)
    finally:
        Upstream.generation = "1" * 32
        request(http_port, "PURGE", f"/__edge/generation?g={'1' * 32}&s=300", tls=False)
    # The purge's own address and nginx's echo of it are not reachable from outside.
    assert request(https_port, "GET", "/__edge/echo")[0].status == 404
    assert request(http_port, "GET", "/__edge/purge", tls=False)[0].status == 404
