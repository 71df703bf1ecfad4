"""The database going away: a clean 503 page, never a traceback, and the next request works once it is back.

Served by gunicorn with the production settings (persistent, health-checked connections), as in production."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
import redis
from django.db import InterfaceError, OperationalError, connection

from portal.operations.faults import server_error
from tests.conftest import is_postgres

CHECKOUT = Path(__file__).resolve().parents[2]
NOTICE = "Hệ thống đang bảo trì hoặc tạm thời gián đoạn".encode()


def _free_port(first, last):
    for port in range(first, last + 1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip(f"no free port in {first}-{last}")


def _os_port():
    """A port the OS just handed out: two test workers starting a server at the same moment never get the same one
    (with the first free port of a range both did, and the second server's requests reached the first)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path="/", cookie="", timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}  # as nginx passes it
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def production_env(database_url, var_dir):
    # DJANGO_ALLOW_ASYNC_UNSAFE: set in this process by the browser tests, never in a deployment.
    dropped = {"REDIS_URL", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.production", DATABASE_URL=database_url,
               SECRET_KEY="faults-" + "x" * 50, ALLOWED_HOSTS="127.0.0.1", WEB_CONCURRENCY="1",
               GUNICORN_ACCESS_LOG="", CONN_MAX_AGE="600", VAR_DIR=str(var_dir))
    return env


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    """A VAR_DIR with collected static files: production pages need the manifest of hashed names."""
    path = tmp_path_factory.mktemp("faults-var")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=CHECKOUT, check=True,
                   env=production_env("sqlite:///unused.sqlite3", path))
    return path


class Gunicorn:
    """One gunicorn master with one worker on `database_url`, production settings."""

    def __init__(self, database_url, var_dir, tmp_path, **extra_env):
        self.port = _os_port()
        env = {**production_env(database_url, var_dir), **extra_env}
        self.log = tmp_path / "gunicorn.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "site/deploy/gunicorn.conf.py", "-b", f"127.0.0.1:{self.port}"],
            cwd=CHECKOUT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    break
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail("gunicorn did not start:\n" + self.log.read_text()[-2000:])
            time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(var_dir, tmp_path):
    servers = []

    def start(database_url, **extra_env):
        servers.append(Gunicorn(database_url, var_dir, tmp_path, **extra_env))
        return servers[-1].port

    yield start
    for server in servers:
        server.stop()


def _assert_clean_503(response, body):
    assert response.status == 503
    assert response.headers["Retry-After"] == "30"
    assert NOTICE in body
    assert b"Traceback" not in body and b"OperationalError" not in body


def test_unreachable_database_gives_the_clean_page_not_a_traceback(serve):
    closed = _free_port(8390, 8399)  # nothing listens there
    port = serve(f"postgres://postgres@127.0.0.1:{closed}/khoinghiep")

    _assert_clean_503(*get(port, "/"))
    _assert_clean_503(*get(port, "/cau-lac-bo/"))
    _assert_clean_503(*get(port, "/tot/xac-minh/?code=ABC"))
    _assert_clean_503(*get(port, "/ca-nhan/", cookie="sessionid=" + "a" * 32))  # the session is read in middleware


def _database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _terminate_others():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_connections_terminated_between_and_during_requests(serve):
    if not is_postgres():
        pytest.skip("needs PostgreSQL")
    port = serve(_database_url())
    assert get(port)[0].status == 200

    # Between requests: the worker's persistent connection is killed; the health check replaces it.
    assert _terminate_others() >= 1
    assert get(port)[0].status == 200

    # During a request: it waits on a lock we hold, we kill its backend, it gets the clean page.
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                         dbname=db["NAME"]) as locker:
        locker.execute("LOCK TABLE wagtailcore_page IN ACCESS EXCLUSIVE MODE")
        result = {}
        request = threading.Thread(target=lambda: result.update(response=get(port, "/")))
        request.start()
        deadline = time.monotonic() + 20
        with connection.cursor() as cursor:
            while True:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND pid <> %s", [locker.info.backend_pid]
                )
                if cursor.fetchall() or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
        locker.rollback()
    request.join(timeout=30)
    _assert_clean_503(*result["response"])

    # Back: the next request works.
    response, body = get(port, "/")
    assert response.status == 200 and NOTICE not in body


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_unreachable_redis_gives_the_clean_page_where_the_cache_is_needed(serve):
    closed = _free_port(8390, 8399)
    port = serve(_database_url(), REDIS_URL=f"redis://127.0.0.1:{closed}/0")

    assert get(port, "/")[0].status == 200  # pages that need no cache are unaffected
    assert get(port, "/ca-nhan/", cookie="sessionid=" + "a" * 32)[0].status == 302  # sessions fall back to the DB
    _assert_clean_503(*get(port, "/tot/xac-minh/?code=ABC"))  # the rate limit counts in Redis


@pytest.mark.parametrize(
    ("error", "status", "text"),
    [(OperationalError("server closed the connection"), 503, NOTICE), (InterfaceError("closed"), 503, NOTICE),
     (redis.exceptions.ConnectionError("Redis refused"), 503, NOTICE),
     (ValueError("a bug"), 500, "Đã có lỗi xảy ra".encode())],
)
def test_error_handler_tells_database_faults_from_bugs(rf, error, status, text):
    try:
        raise error
    except Exception:
        response = server_error(rf.get("/"))
    assert response.status_code == status and text in response.content
