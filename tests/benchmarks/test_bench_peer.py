"""make bench's peer (scripts/bench.py, BENCH_PEER and friends): read from the environment, started under its own
gunicorn with an environment free of the portal's settings, and its workers' CPU read from /proc as ours."""

import importlib.util
import os
import sys
from pathlib import Path

import pytest

path = Path(__file__).resolve().parents[2] / "scripts" / "bench.py"
spec = importlib.util.spec_from_file_location("bench_script", path)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

PEER_APP = '''
import os


def application(environ, start_response):
    total = sum(i * i for i in range(20000))  # a little CPU per request, like a page
    body = f"{os.environ.get('DJANGO_SETTINGS_MODULE', '-')}|{os.environ.get('PYTHONPATH', '-')}|{total}".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
'''


def test_no_peer_without_bench_peer():
    assert bench.peer_from_environment({}) is None
    assert bench.peer_from_environment({"BENCH_PEER": "  "}) is None


def test_peer_from_environment_with_defaults(tmp_path):
    peer = bench.peer_from_environment({"BENCH_PEER": str(tmp_path)})
    assert peer.directory == tmp_path.resolve()
    assert (peer.python, peer.wsgi, peer.path, peer.settings) == (sys.executable, "wsgi:application", "/", "")


def test_peer_from_environment_refuses_a_missing_directory_or_a_bad_path(tmp_path):
    with pytest.raises(SystemExit):
        bench.peer_from_environment({"BENCH_PEER": str(tmp_path / "missing")})
    with pytest.raises(SystemExit):
        bench.peer_from_environment({"BENCH_PEER": str(tmp_path), "BENCH_PEER_PATH": "home"})
    with pytest.raises(SystemExit):
        bench.peer_from_environment({"BENCH_PEER": str(tmp_path), "BENCH_PEER_PYTHON": str(tmp_path / "python")})


def test_peer_environment_drops_the_portals_settings(monkeypatch, tmp_path):
    monkeypatch.setattr(bench, "_STARTING_ENV", {"DJANGO_SETTINGS_MODULE": "portal.settings.production",
                                                 "PYTHONPATH": "site", "DATABASE_URL": "sqlite:///x", "HOME": "/h"})
    assert bench.Peer(tmp_path, sys.executable).environment() == {"HOME": "/h"}
    peer = bench.Peer(tmp_path, sys.executable, settings="peer.settings")
    assert peer.environment() == {"HOME": "/h", "DJANGO_SETTINGS_MODULE": "peer.settings"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CPU is read from /proc")
def test_serve_peer_and_its_cpu(monkeypatch, tmp_path):
    (tmp_path / "peerapp.py").write_text(PEER_APP)
    monkeypatch.setattr(bench, "_STARTING_ENV", {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"})
    report = bench.Report(peer=bench.Peer(tmp_path, sys.executable, wsgi="peerapp:application", path="/x"))
    with report.serve_peer(workers=2, timeout=60) as base_url:
        assert report.peer_pid is not None
        with bench._OPENER.open(base_url + "/x", timeout=10) as response:
            settings, _pythonpath, _total = response.read().decode().split("|")
        assert settings == "-"  # the portal's DJANGO_SETTINGS_MODULE never reaches the peer
        assert len(bench.worker_cpu_seconds(report.peer_pid)) == 2
        assert report.cpu_ms(base_url + "/x", requests=5, master_pid=report.peer_pid) >= 0
    assert report.peer_pid is None
