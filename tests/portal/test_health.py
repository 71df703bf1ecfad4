"""Health endpoints (portal/operations/health.py): /healthz touches nothing, /readyz checks the database, the cache and
the task queue and answers 503 when one is away; load balancers reach both over plain http with any Host."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from portal.operations import health
from tests.portal.test_database_faults import Gunicorn, _free_port, get

READY = {"status": "ok", "checks": {"database": "ok", "cache": "ok", "task_queue": "ok"}}


def closed_redis(settings):
    port = _free_port(8390, 8399)  # nothing listens there
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{port}/0"}}


def test_liveness_touches_neither_database_nor_cache(client, settings):
    """No django_db mark: any query would fail the test; the cache points at a Redis that is not there."""
    closed_redis(settings)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readiness_is_200_when_database_cache_and_queue_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json() == READY
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readiness_is_503_when_the_cache_is_away(client, settings):
    closed_redis(settings)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable",
                               "checks": {"database": "ok", "cache": "error", "task_queue": "ok"}}
    assert b"127.0.0.1" not in response.content  # what failed is logged, not told to whoever asks


@pytest.mark.django_db
def test_health_endpoints_take_only_get_and_head(client):
    assert client.post("/readyz").status_code == 405
    assert client.head("/healthz").status_code == 200


def _task(**fields):
    task = DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="portal.tasks.x",
                                       backend_name="default", run_after=fields.pop("run_after", get_date_max()))
    DBTaskResult.objects.filter(pk=task.pk).update(**fields)
    return task


@pytest.mark.django_db
def test_the_queue_lags_once_a_ready_task_waited_longer_than_the_limit(settings):
    settings.HEALTH_TASK_QUEUE_MAX_AGE = timedelta(minutes=15)
    now = timezone.now()
    assert health.check_task_queue(now) == "ok"  # empty queue
    task = _task(enqueued_at=now - timedelta(minutes=15))
    assert health.check_task_queue(now) == "ok"  # exactly the limit
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=now - timedelta(minutes=15, seconds=1))
    assert health.check_task_queue(now) == "lagging"
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING")  # taken by a worker: not waiting any more
    assert health.check_task_queue(now) == "ok"


@pytest.mark.django_db
def test_a_scheduled_task_waits_from_its_run_after_not_from_when_it_was_queued(settings, client):
    settings.HEALTH_TASK_QUEUE_MAX_AGE = timedelta(minutes=15)
    now = timezone.now()
    _task(enqueued_at=now - timedelta(days=2), run_after=now + timedelta(hours=1))  # not due yet
    _task(enqueued_at=now - timedelta(days=1), run_after=now - timedelta(minutes=14))  # due 14 minutes ago
    assert health.check_task_queue(now) == "ok"
    assert health.check_task_queue(now + timedelta(minutes=1, seconds=1)) == "lagging"

    _task(enqueued_at=now - timedelta(hours=1))
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["task_queue"] == "lagging"


def test_liveness_answers_and_readiness_refuses_while_the_database_is_unreachable(tmp_path):
    """Production settings under gunicorn, PostgreSQL on a port where nothing listens; asked as a load balancer
    asks: plain http (no X-Forwarded-Proto), the app server's own address as Host (not in ALLOWED_HOSTS)."""
    closed = _free_port(8390, 8399)
    server = Gunicorn(f"postgres://postgres@127.0.0.1:{closed}/khoinghiep", tmp_path, tmp_path)
    try:
        def probe(path):
            import http.client

            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            conn.request("GET", path, headers={"Host": f"10.0.0.7:{server.port}"})
            response = conn.getresponse()
            return response.status, json.loads(response.read())

        assert probe("/healthz") == (200, {"status": "ok"})
        status, body = probe("/readyz")
        assert status == 503 and body["status"] == "unavailable" and body["checks"]["database"] == "error"
        assert get(server.port, "/")[0].status == 503  # pages get the maintenance page, as before
    finally:
        server.stop()
