"""Prometheus metrics at /metrics: requests (django-prometheus' middleware: counts and latency by view, method and
status), tasks by state and the task queue's depth and wait (read from django-tasks-db's table when scraped).

Off unless METRICS_ENABLED; on, it needs METRICS_TOKEN (the settings refuse to load without one) and answers only a
request carrying `Authorization: Bearer <METRICS_TOKEN>` (403 otherwise). Not by address: behind nginx every request
comes from 127.0.0.1. nginx does not pass /metrics on at all (site/deploy/nginx.conf): scrape the app servers.

Under gunicorn each worker counts its own requests; with PROMETHEUS_MULTIPROC_DIR (site/deploy/gunicorn.conf.py sets
one per app server when metrics are on) every worker writes there and any of them answers for all."""

import hmac
import logging
import os

import prometheus_client
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily

METRICS_PATH = "/metrics"

logger = logging.getLogger(__name__)


def with_request_metrics(middleware):
    """MIDDLEWARE with django-prometheus' pair around it (settings/base.py, when METRICS_ENABLED): after this
    module's and the health middleware, so neither scrapes nor probes are counted as requests."""
    after = middleware.index("portal.operations.metrics.MetricsMiddleware") + 1
    return [*middleware[:after], "django_prometheus.middleware.PrometheusBeforeMiddleware", *middleware[after:],
            "django_prometheus.middleware.PrometheusAfterMiddleware"]


class TaskQueueCollector:
    """Gauges from the task table at scrape time, so they hold whichever process ran the tasks (the db_worker)."""

    def collect(self):
        from django.db.models import Count
        from django_tasks_db.models import DBTaskResult

        from portal.operations.health import oldest_ready_task_wait

        up = GaugeMetricFamily("portal_task_metrics_up", "1 when the task table could be read for these metrics.")
        try:
            by_status = dict(DBTaskResult.objects.order_by().values_list("status").annotate(n=Count("pk")))
            ready = DBTaskResult.objects.ready().count()
            waited = oldest_ready_task_wait(timezone.now())
        except Exception:  # noqa: BLE001 - the request metrics must still be served while the database is away
            logger.warning("task metrics unavailable", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        tasks = GaugeMetricFamily("portal_tasks", "Task results in the queue's table by state.", labels=["status"])
        for status in ("READY", "RUNNING", "SUCCESSFUL", "FAILED"):
            tasks.add_metric([status], by_status.get(status, 0))
        yield tasks
        yield GaugeMetricFamily("portal_task_queue_depth", "Tasks ready to run now, not yet taken.", value=ready)
        yield GaugeMetricFamily("portal_task_queue_oldest_wait_seconds",
                                "How long the longest-waiting ready task has waited (0 when none is ready).",
                                value=waited.total_seconds() if waited else 0)


def exposition():
    """The text Prometheus reads: request metrics (all workers' when multiprocess) followed by the task gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = prometheus_client.REGISTRY
    tasks = prometheus_client.CollectorRegistry()
    tasks.register(TaskQueueCollector())
    return prometheus_client.generate_latest(requests) + prometheus_client.generate_latest(tasks)


def authorised(request):
    expected = f"Bearer {settings.METRICS_TOKEN}".encode()
    given = request.headers.get("Authorization", "").encode()
    return bool(settings.METRICS_TOKEN) and hmac.compare_digest(given, expected)


class MetricsMiddleware:
    """Answers /metrics: 404 while METRICS_ENABLED is off, 403 without the token; everything else passes on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != METRICS_PATH:
            return self.get_response(request)
        if not settings.METRICS_ENABLED:
            return HttpResponse("Not Found\n", status=404, content_type="text/plain; charset=utf-8")
        if not authorised(request):
            return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
        response = HttpResponse(exposition(), content_type=prometheus_client.CONTENT_TYPE_LATEST)
        response["Cache-Control"] = "no-store"
        return response
