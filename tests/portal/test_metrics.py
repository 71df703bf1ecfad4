"""Prometheus metrics (portal/operations/metrics.py): off by default (404), never without a token, and when on they
count requests (under gunicorn, every worker's) and show the task queue."""

import http.client
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

from portal.operations import metrics
from tests.portal.test_database_faults import Gunicorn, _free_port

CHECKOUT = Path(__file__).resolve().parents[2]
TOKEN = "jeton-giam-sat-2026"


def samples(text, name):
    """{labels as a sorted tuple: value} of one metric's samples in an exposition."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name:
                found[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def test_metrics_are_404_unless_enabled(client, settings):
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


def test_enabling_metrics_without_a_token_is_refused_at_start():
    env = {k: v for k, v in os.environ.items() if k not in {"METRICS_TOKEN", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(METRICS_ENABLED="1", DJANGO_SETTINGS_MODULE="portal.settings.test")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=CHECKOUT / "site", env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "METRICS_ENABLED needs METRICS_TOKEN" in result.stderr


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = TOKEN
    settings.MIDDLEWARE = metrics.with_request_metrics(settings.MIDDLEWARE)


def scrape(client):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    return response.content.decode()


@pytest.mark.django_db
def test_metrics_need_the_token(client, metrics_on):
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 403  # the scheme is part of it
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403  # no address is trusted


@pytest.mark.django_db
def test_metrics_count_a_request_by_view_and_status(client, metrics_on, site_tree):
    name = "django_http_responses_total_by_status_view_method_total"
    key = (("method", "GET"), ("status", "200"), ("view", "search"))
    before = samples(scrape(client), name).get(key, 0)
    assert client.get("/tim-kiem/", {"q": "khởi nghiệp"}).status_code == 200
    after = samples(scrape(client), name)
    assert after[key] == before + 1  # the scrapes themselves are not counted


@pytest.mark.django_db
def test_metrics_show_tasks_by_state_and_the_queue(client, metrics_on):
    now = timezone.now()
    for status in ("READY", "READY", "FAILED"):
        task = DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="portal.tasks.x",
                                           backend_name="default", run_after=get_date_max(), status=status)
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=now - timedelta(minutes=5))
    DBTaskResult.objects.filter(status="READY").update(enqueued_at=now - timedelta(minutes=3))
    text = scrape(client)
    assert samples(text, "portal_tasks") == {
        (("status", "READY"),): 2, (("status", "RUNNING"),): 0, (("status", "SUCCESSFUL"),): 0,
        (("status", "FAILED"),): 1,
    }
    assert samples(text, "portal_task_queue_depth") == {(): 2}
    assert 180 <= samples(text, "portal_task_queue_oldest_wait_seconds")[()] < 240
    assert samples(text, "portal_task_metrics_up") == {(): 1}


def test_under_gunicorn_every_workers_requests_are_counted(tmp_path):
    """Two workers, production settings: each request is counted once, whichever worker served it or the scrape
    (plain-http requests get the HTTPS redirect, which needs no database; the database here is unreachable)."""
    closed = _free_port(8390, 8399)
    server = Gunicorn(f"postgres://postgres@127.0.0.1:{closed}/khoinghiep", tmp_path, tmp_path,
                      WEB_CONCURRENCY="2", METRICS_ENABLED="1", METRICS_TOKEN=TOKEN)
    try:
        def ask(path, headers=None):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
            response = conn.getresponse()
            body = response.read()
            conn.close()
            return response.status, body.decode()

        assert ask("/metrics")[0] == 403
        for _ in range(20):
            assert ask("/cau-lac-bo/")[0] == 301  # to https
        status, text = ask("/metrics", {"Authorization": f"Bearer {TOKEN}"})
        assert status == 200
        assert samples(text, "django_http_requests_before_middlewares_total") == {(): 20.0}
        assert samples(text, "portal_task_metrics_up") == {(): 0}  # no database: requests still reported
        assert list((tmp_path / "prometheus" / str(server.port)).glob("*.db"))
    finally:
        server.stop()
