"""Health endpoints for load balancers, the stack's start-up and monitoring.

- `/healthz` (liveness): the process answers; it touches nothing (no database, no cache), so a database outage never
  makes a supervisor restart healthy app servers.
- `/readyz` (readiness): the database answers, the cache stores and reads back a value, and the task queue's table
  is reachable with no ready task waiting longer than HEALTH_TASK_QUEUE_MAX_AGE. 200 when all hold, else 503, with a
  small JSON body naming each check's state ("ok", "error", "lagging"); the details go to the log, not the body.

Both are answered by the first middleware, before the host check, the HTTPS redirect, sessions, CSP and the locale:
probes come from load balancers over plain http with an app server's own address as Host, and should cost nothing.
A small module rather than django-health-check 3.24: that release answers 500 rather than 503, renders HTML unless
asked otherwise, echoes exception text (hosts, ports) into its body, and warns on every request about the 4.0 API."""

import logging
import uuid

from django.conf import settings
from django.db import connection
from django.db.models import Min, Q
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils import timezone

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"

logger = logging.getLogger(__name__)


def _answer(body, status):
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache():
    from django.core.cache import cache

    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", 30)
    stored = cache.get(key) == "1"
    cache.delete(key)
    return "ok" if stored else "error"


def oldest_ready_task_wait(now):
    """How long the longest-waiting ready task has waited at `now` (None when none is ready). A task scheduled for
    later waits from its `run_after`, one enqueued to run at once from `enqueued_at`."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    never = get_date_max()  # django-tasks-db's run_after for "as soon as possible"
    waiting = DBTaskResult.objects.ready().aggregate(
        enqueued=Min("enqueued_at", filter=Q(run_after=never)), scheduled=Min("run_after", filter=~Q(run_after=never))
    )
    since = [moment for moment in waiting.values() if moment is not None]
    return now - min(since) if since else None


def check_task_queue(now=None):
    """Ready tasks are being taken: a stopped or jammed `db_worker` shows here before people miss their e-mails."""
    waited = oldest_ready_task_wait(now or timezone.now())
    return "lagging" if waited is not None and waited > settings.HEALTH_TASK_QUEUE_MAX_AGE else "ok"


CHECKS = {"database": check_database, "cache": check_cache, "task_queue": check_task_queue}


def readiness():
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:  # noqa: BLE001 - any failure of a dependency means "not ready", never a 500
            logger.warning("readiness check %s failed", name, exc_info=True)
            results[name] = "error"
    ready = all(state == "ok" for state in results.values())
    if not ready:
        logger.warning("not ready: %s", results)
    return _answer({"status": "ok" if ready else "unavailable", "checks": results}, 200 if ready else 503)


class HealthMiddleware:
    """First in MIDDLEWARE: answers /healthz and /readyz, passes everything else on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path not in (LIVENESS_PATH, READINESS_PATH):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if path == LIVENESS_PATH:
            return _answer({"status": "ok"}, 200)
        return readiness()
