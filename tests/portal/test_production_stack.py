"""`make production` for real: nginx (TLS) in front of two gunicorn app servers on PostgreSQL and Redis.

Runs where nginx, PostgreSQL and Redis are all present (CI), skips with the reason elsewhere. The stack serves the
test database, so what the test creates is what the servers see."""

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import override_settings

from tests.factories.portal import UserFactory

CHECKOUT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("STACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
PASSWORD = "Mat-khau-2026!"


def _nginx():
    return shutil.which("nginx") or (os.path.exists("/usr/sbin/nginx") and "/usr/sbin/nginx")


def _redis_up():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not _nginx(), reason="needs nginx (apt-get install nginx-light)"),
    pytest.mark.skipif(not _redis_up(), reason=f"needs Redis at {REDIS_URL}"),
    pytest.mark.django_db(transaction=True),
]


def _free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _ports():
    """nginx's port and the two app servers' after it, in 8340-8379 (test_database_faults uses 8320-8339, 8390-8399)."""
    for port in range(8340, 8378, 3):
        if all(_free(p) for p in (port, port + 1, port + 2)):
            return port
    pytest.skip("no free ports in 8340-8379")


def _database_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Client:
    """One HTTP(S) connection target; cookies kept by hand so one session can move between servers."""

    def __init__(self, port, tls, host):
        self.port, self.tls, self.host = port, tls, host

    def request(self, method, path, body=None, headers=None, cookies=None):
        if self.tls:
            context = ssl._create_unverified_context()  # the stack's self-signed certificate
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=context, timeout=20)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {"Host": self.host, **(headers or {})}
        if not self.tls:
            headers["X-Forwarded-Proto"] = "https"  # what nginx tells the app servers
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        jar = SimpleCookie()
        for value in response.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return response, data, {k: m.value for k, m in jar.items()}


@pytest.fixture
def stack(tmp_path):
    import redis

    # A previous run's test database (same name, other ids) left its cached Site and pages in this Redis database.
    redis.Redis.from_url(REDIS_URL).flushdb()
    port = _ports()
    http_port = next((p for p in range(8380, 8385) if _free(p)), None) or pytest.skip("no free port in 8380-8384")
    var_dir = CHECKOUT / "var" / f"stack-test-{port}"  # not under /tmp: nginx's workers (nobody) read the files
    # DJANGO_ALLOW_ASYNC_UNSAFE: set in this process by the browser tests, never in a deployment.
    dropped = {"MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.production", DATABASE_URL=_database_url(),
               REDIS_URL=REDIS_URL, VAR_DIR=str(var_dir), WEB_CONCURRENCY="1", APP_SERVERS="2",
               PORT=str(port), HTTP_PORT=str(http_port), DEMO="0", GUNICORN_ACCESS_LOG="", NGINX_ACCESS_LOG="off",
               STACK_READY_TIMEOUT="300")
    log = open(tmp_path / "stack.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen([sys.executable, "site/deploy/stack.py"], cwd=CHECKOUT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 600  # migrate and collectstatic, then the stack's own readiness timeout above
    while "[stack] up:" not in (tmp_path / "stack.log").read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the stack did not start:\n" + (tmp_path / "stack.log").read_text()[-3000:])
        time.sleep(0.3)
    yield port, var_dir, http_port
    process.send_signal(signal.SIGTERM)
    try:
        assert process.wait(timeout=40) == 0, (tmp_path / "stack.log").read_text()[-2000:]
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
    assert all(_free(p) for p in (port, port + 1, port + 2, http_port)), "something the stack started still listens"
    shutil.rmtree(var_dir / "media", ignore_errors=True)


def test_stack_serves_pages_and_static_through_nginx_and_shares_sessions(stack):
    port, var_dir, http_port = stack
    host = f"127.0.0.1:{port}"
    user = UserFactory(username="thu-stack")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "stacksalt", iterations=1000)  # production hashers
    user.save()
    proxy = Client(port, tls=True, host=host)
    web1, web2 = Client(port + 1, tls=False, host=host), Client(port + 2, tls=False, host=host)

    response, body, _ = proxy.request("GET", "/")
    assert response.status == 200 and b"<html" in body
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "no-store" not in (response.headers["Cache-Control"] or "")  # an anonymous public page stays cacheable

    manifest = json.loads((var_dir / "static" / "staticfiles.json").read_text())["paths"]
    css = manifest["portal/css/portal.css"]
    response, body, _ = proxy.request("GET", f"/static/{css}")
    assert response.status == 200 and body == (var_dir / "static" / css).read_bytes()

    # Only images are public media: a file under MEDIA_ROOT elsewhere is not served, nor the private root.
    leaked = var_dir / "media" / "training" / "cong-van" / "1" / "x.pdf"
    leaked.parent.mkdir(parents=True)
    leaked.write_bytes(b"%PDF-1.4")
    assert proxy.request("GET", "/media/training/cong-van/1/x.pdf")[0].status == 404

    # Log in on app server 1, then the same session is recognised by app server 2 and through nginx.
    response, body, cookies = web1.request("GET", "/tai-khoan/dang-nhap/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = f"username=thu-stack&password={PASSWORD}&csrfmiddlewaretoken={token}"
    response, _, new = web1.request(
        "POST", "/tai-khoan/dang-nhap/", body=form, cookies=cookies,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{host}",
                 "Referer": f"https://{host}/tai-khoan/dang-nhap/"},
    )
    assert response.status == 302, response.status
    session = {"sessionid": new["sessionid"]}
    greeting = f"Xin chào {user.get_full_name() or user.username}.".encode()
    for client in (web2, proxy):
        response, body, _ = client.request("GET", "/ca-nhan/", cookies=session)
        assert response.status == 200 and greeting in body
        assert response.headers["Cache-Control"] == "private, no-store"  # nginx passes the rule on (issue 12)
    response, _, _ = proxy.request("GET", "/", cookies=session)  # a public page, seen logged in
    assert response.headers["Cache-Control"] == "private, no-store"
    assert web2.request("GET", "/ca-nhan/")[0].status == 302  # without the cookie: to the log-in page

    _assert_health_and_redirect(port, http_port)


def _assert_health_and_redirect(port, http_port):
    """One stack start serves both (it takes a minute): health through nginx and on each app server, and plain
    http redirected to HTTPS."""
    proxy = Client(port, tls=True, host=f"127.0.0.1:{port}")
    response, body, _ = proxy.request("GET", "/readyz")
    assert response.status == 200
    assert json.loads(body) == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "task_queue": "ok"}}
    assert proxy.request("GET", "/metrics")[0].status == 404  # never through nginx
    # A load balancer asks the app servers directly, over plain http, with their own address as Host.
    for app_port in (port + 1, port + 2):
        conn = http.client.HTTPConnection("127.0.0.1", app_port, timeout=20)
        for path in ("/healthz", "/readyz"):
            conn.request("GET", path, headers={"Host": f"10.0.0.7:{app_port}"})
            response = conn.getresponse()
            assert response.status == 200 and json.loads(response.read())["status"] == "ok", (app_port, path)
        conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", http_port, timeout=20)
    conn.request("GET", "/su-kien/?when=past", headers={"Host": "localhost"})
    response = conn.getresponse()
    assert response.status == 301 and response.headers["Location"] == f"https://localhost:{port}/su-kien/?when=past"


@contextlib.contextmanager
def _as_the_stack(port, http_port):
    """This process's writes reach the stack as an app server's would: the same Redis (so the page cache's
    generation is the stack's) and the edge cache's purge location."""
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": connection.settings_dict["NAME"]}}
    edge = {"nginx": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                      "LOCATION": f"http://127.0.0.1:{http_port}"}}
    with override_settings(CACHES=caches, WAGTAILFRONTENDCACHE=edge, EDGE_CACHE_SECONDS=300, PAGE_CACHE_SECONDS=300,
                           WAGTAILADMIN_BASE_URL=f"https://127.0.0.1:{port}"):
        yield


def _log_in(port, user):
    web = Client(port + 1, tls=False, host=f"127.0.0.1:{port}")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "stacksalt", iterations=1000)
    user.save()
    _, body, cookies = web.request("GET", "/tai-khoan/dang-nhap/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = f"username={user.username}&password={PASSWORD}&csrfmiddlewaretoken={token}"
    response, _, new = web.request(
        "POST", "/tai-khoan/dang-nhap/", body=form,
        cookies=cookies, headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{web.host}",
                                  "Referer": f"https://{web.host}/tai-khoan/dang-nhap/"},
    )
    assert response.status == 302, response.status
    return {"sessionid": new["sessionid"]}


def test_the_edge_cache_serves_anonymous_visitors_and_drops_what_changed_at_once(stack):
    """nginx answers an anonymous visitor's public page from its cache (X-Cache-Status), a published page or a
    setting every page shows is there on the very next request, and a logged-in visitor, a form and a private
    page never come from it nor go into it."""
    from wagtail.models import PageViewRestriction

    from portal.models import HomePage, PortalSettings, StandardPage

    port, _, http_port = stack
    proxy = Client(port, tls=True, host=f"127.0.0.1:{port}")

    def get(path, cookies=None):
        response, body, set_cookies = proxy.request("GET", path, cookies=cookies)
        return response.status, response.headers.get("X-Cache-Status"), body.decode(), set_cookies

    with _as_the_stack(port, http_port):
        home = HomePage.objects.get()
        about = home.add_child(instance=StandardPage(title="Giới thiệu Ban Điều hành", slug="gioi-thieu"))
        secret = home.add_child(instance=StandardPage(title="Tài liệu nội bộ Ban Điều hành", slug="noi-bo"))
        PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)

    # A write made by an app server in the middle of a request (the site's settings row, made by the first page
    # that shows it) purges the edge without waiting for an app server: each worker here is the only one of its
    # server, so a purge that asked an app server back could be sent to the very worker waiting for it.
    for app_port in (port + 1, port + 2, port + 1, port + 2):
        with _as_the_stack(port, http_port):
            PortalSettings.objects.all().delete()  # and the page cache's copy of "/" with it
        response, _, _ = Client(app_port, tls=False, host=f"127.0.0.1:{port}").request("GET", "/")
        assert response.status == 200
    footer = PortalSettings.objects.get()

    assert get("/gioi-thieu/")[:2] == (200, "MISS")
    status, cache_status, body, _ = get("/gioi-thieu/")
    assert (status, cache_status) == (200, "HIT") and "Giới thiệu Ban Điều hành" in body

    # A published change, then a setting shown on every page (the footer): visible at once.
    with _as_the_stack(port, http_port):
        about.title = "Về Ban Điều hành tỉnh"
        about.save_revision().publish()
    status, cache_status, body, _ = get("/gioi-thieu/")
    assert (status, cache_status) == (200, "MISS") and "Về Ban Điều hành tỉnh" in body
    assert get("/gioi-thieu/")[1] == "HIT"
    with _as_the_stack(port, http_port):
        footer.phone = "0235 3812 345"
        footer.save()
    status, cache_status, body, _ = get("/gioi-thieu/")
    assert cache_status == "MISS" and "0235 3812 345" in body

    # A logged-in visitor: never from the cache, never into it.
    user = UserFactory(username="thu-canh", first_name="Thu", last_name="Cảnh")
    session = _log_in(port, user)  # a new user is a write: the anonymous copy is made again
    assert [get("/gioi-thieu/")[1] for _ in range(2)] == ["MISS", "HIT"]
    for _ in range(2):
        response, body, _ = proxy.request("GET", "/gioi-thieu/", cookies=session)
        assert response.headers["X-Cache-Status"] == "BYPASS"
        assert response.headers["Cache-Control"] == "private, no-store"
    status, cache_status, body, _ = get("/gioi-thieu/")
    assert cache_status == "HIT" and "thu-canh" not in body and "Cảnh" not in body

    # A form with its CSRF token: answered by an app server every time, its cookie with it.
    for _ in range(2):
        status, cache_status, body, set_cookies = get("/tai-khoan/dang-nhap/")
        assert (status, cache_status) == (200, "MISS") and "csrftoken" in set_cookies

    # A private page: the log-in redirect for a visitor, the page for the logged-in one, and never the other way.
    for _ in range(2):
        status, cache_status, body, _ = get("/noi-bo/")
        assert status == 302 and cache_status == "MISS" and "Tài liệu nội bộ" not in body
    response, body, _ = proxy.request("GET", "/noi-bo/", cookies=session)
    assert response.status == 200 and "Tài liệu nội bộ" in body.decode()
    assert response.headers["X-Cache-Status"] == "BYPASS"
    status, cache_status, body, _ = get("/noi-bo/")
    assert status == 302 and "Tài liệu nội bộ" not in body
