"""`make production` waits for the servers' own readiness (site/deploy/stack.py's wait_until_ready) for as long as
its timeout says, against a tiny HTTP server that becomes ready late, never becomes ready, or never answers."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.portal.test_nginx import load_stack

stack = load_stack()


class LateServer(BaseHTTPRequestHandler):
    """503 until `ready_at` (monotonic seconds), then 200, as /readyz does while the database is not there yet."""

    ready_at = 0.0
    asked = 0

    def do_GET(self):
        type(self).asked += 1
        status = 200 if time.monotonic() >= self.ready_at else 503
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def late_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), LateServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    LateServer.asked = 0
    yield f"http://127.0.0.1:{server.server_address[1]}/readyz"
    server.shutdown()
    server.server_close()


def test_waits_for_a_server_that_becomes_ready_late(late_server):
    LateServer.ready_at = time.monotonic() + 2.0
    started = time.monotonic()
    assert stack.wait_until_ready(late_server, timeout=30, interval=0.2) is True
    assert 2.0 <= time.monotonic() - started < 10
    assert LateServer.asked >= 3  # 503s first, then the 200


def test_gives_up_when_the_timeout_passes(late_server):
    LateServer.ready_at = time.monotonic() + 3600
    started = time.monotonic()
    assert stack.wait_until_ready(late_server, timeout=1.5, interval=0.2) is False
    assert 1.5 <= time.monotonic() - started < 3


def test_a_server_that_never_answers_cannot_stretch_the_timeout():
    with socket.socket() as silent:  # accepts connections (the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        started = time.monotonic()
        assert stack.wait_until_ready(f"http://127.0.0.1:{silent.getsockname()[1]}/readyz", timeout=1.5) is False
        assert time.monotonic() - started < 3


def test_stops_waiting_when_a_process_of_the_stack_exited(late_server):
    LateServer.ready_at = time.monotonic() + 3600
    started = time.monotonic()
    assert stack.wait_until_ready(late_server, timeout=60, alive=lambda: time.monotonic() - started < 0.5) is False
    assert time.monotonic() - started < 3


def test_the_timeout_and_the_http_port_are_flags_and_environment_variables(monkeypatch):
    monkeypatch.delenv("STACK_READY_TIMEOUT", raising=False)
    monkeypatch.delenv("HTTP_PORT", raising=False)
    defaults = stack.parse_options(["--port", "8080"])
    assert defaults.ready_timeout == 600 and defaults.http_port == 8079
    assert stack.parse_options(["--port", "443"]).http_port == 80
    monkeypatch.setenv("STACK_READY_TIMEOUT", "900")
    monkeypatch.setenv("HTTP_PORT", "8000")
    assert stack.parse_options([]).ready_timeout == 900 and stack.parse_options([]).http_port == 8000
    assert stack.parse_options(["--ready-timeout", "30", "--http-port", "81"]).ready_timeout == 30
