"""The task queue's housekeeping (django_tasks_db's table, DBTaskResult): stuck tasks recovered, old rows pruned.

- A worker killed mid-task (a deploy, the OOM killer) leaves its task RUNNING for ever. `recover_stuck_tasks`
  (every minute, manage.py recover_stuck_tasks from run_scheduler) takes each task RUNNING longer than
  TASK_STUCK_MINUTES whose worker is gone, marks it FAILED (WorkerLost) and enqueues it again with the same
  arguments, once: portal.TaskRecovery records it, and a recovered run that dies too is only marked failed (logged
  at ERROR), never retried a second time. The re-run is safe for e-mails: they go through the send ledger
  (portal.operations.sent_mail), which skips what the dead run had sent.
- A worker is alive while it beats: manage.py run_worker (db_worker with a heartbeat thread) writes
  portal.TaskWorker.last_seen every TASK_HEARTBEAT_SECONDS; no beat for TASK_WORKER_GONE_SECONDS and it is gone.
  A worker that never beat (a plain db_worker) is judged by the threshold alone, so keep it generous.
- Each task is taken under a row lock that others skip (select_for_update(skip_locked=True)), in one transaction
  with its recovery record (unique per task): two recoverers at once cannot both enqueue it.
- `prune_task_results` (daily, manage.py prune_tasks): successful rows older than TASK_RESULTS_KEEP_DAYS, failed
  ones after TASK_FAILED_KEEP_DAYS (kept longer: what went wrong), the ledger after SENT_MAIL_KEEP_DAYS. A READY or
  RUNNING row is never deleted.

Times are compared with timezone.now() in Python (not the database's NOW()), so a frozen clock moves them.
Ground: names no app."""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.models import SentMail, TaskRecovery, TaskWorker

logger = logging.getLogger("portal.tasks")

# Heartbeat rows of workers gone this long are deleted with the daily pruning.
WORKER_ROWS_KEEP_DAYS = 7


class WorkerLost(Exception):
    """Recorded as a stuck task's failure: its worker died while running it."""


# --- the worker's heartbeat --------------------------------------------------------------------------


def beat(worker_id, started_at=None):
    """Record that `worker_id` is alive now."""
    now = timezone.now()
    TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": now},
        create_defaults={
            "last_seen": now, "started_at": started_at or now, "host": socket.gethostname()[:255], "pid": os.getpid(),
        },
    )


class Heartbeat(threading.Thread):
    """Beats every TASK_HEARTBEAT_SECONDS on its own connection while the worker runs tasks in the main thread."""

    daemon = True

    def __init__(self, worker_id):
        super().__init__(name=f"heartbeat-{worker_id}")
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def start(self):
        """The first beat in the caller's thread, before any task is claimed; then one every interval."""
        self.beat()
        super().start()

    def beat(self):
        try:
            beat(self.worker_id, self.started_at)
        except DatabaseError:  # a locked SQLite file, a restarting server: the next beat will do
            logger.warning("Task worker %s: heartbeat not recorded", self.worker_id, exc_info=True)

    def run(self):
        try:
            while not self.stopped.wait(settings.TASK_HEARTBEAT_SECONDS):
                self.beat()
                connection.close()
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()


# --- stuck tasks ---------------------------------------------------------------------------------------


def stuck_before(now=None):
    """A RUNNING task started before this moment (strictly: a task exactly TASK_STUCK_MINUTES old is left) may be
    stuck."""
    return (now or timezone.now()) - timedelta(minutes=settings.TASK_STUCK_MINUTES)


def live_workers(now=None):
    since = (now or timezone.now()) - timedelta(seconds=settings.TASK_WORKER_GONE_SECONDS)
    return set(TaskWorker.objects.filter(last_seen__gte=since).values_list("worker_id", flat=True))


def _last_worker(row):
    return row.worker_ids[-1] if row.worker_ids else ""


def recover_stuck_tasks(now=None):
    """Mark failed, and enqueue again once, every stuck task whose worker is gone. Returns the TaskRecovery rows."""
    now = now or timezone.now()
    cutoff = stuck_before(now)
    alive = live_workers(now)
    candidates = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    recovered = []
    for task_id, worker_ids in candidates.order_by("started_at").values_list("id", "worker_ids"):
        if worker_ids and worker_ids[-1] in alive:
            continue  # a long task of a worker that still beats
        try:
            recovery = _recover(task_id, cutoff, alive, now)
        except IntegrityError:  # recorded meanwhile by another recoverer
            recovery = None
        if recovery is not None:
            recovered.append(recovery)
    return recovered


def _recover(task_id, cutoff, alive, now):
    with transaction.atomic():
        row = (
            DBTaskResult.objects.running()
            .filter(pk=task_id, started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .first()
        )
        if row is None or _last_worker(row) in alive:
            return None  # finished, taken by another recoverer, or its worker beat meanwhile
        minutes = (now - row.started_at).total_seconds() / 60
        row.set_failed(WorkerLost(f"worker {_last_worker(row) or '?'} gone; running for {minutes:.0f} min"))
        again = not TaskRecovery.objects.filter(retry_id=str(row.id)).exists()
        retry_id = ""
        if again:
            try:
                retry_id = str(row.task.enqueue(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]).id)
            except (ImportError, SuspiciousOperation):
                logger.exception("Stuck task id=%s path=%s cannot be enqueued again", row.id, row.task_path)
        recovery = TaskRecovery.objects.create(
            task_id=str(row.id), task_path=row.task_path, worker_id=_last_worker(row)[:64],
            started_at=row.started_at, recovered_at=now, retry_id=retry_id,
        )
    if retry_id:
        logger.warning(
            "Task id=%s path=%s stuck for %.0f min (worker %s gone): marked failed, enqueued again as id=%s",
            row.id, row.task_path, minutes, _last_worker(row) or "?", retry_id,
        )
    else:
        logger.error(
            "Task id=%s path=%s stuck for %.0f min (worker %s gone): marked failed, not enqueued again%s",
            row.id, row.task_path, minutes, _last_worker(row) or "?", "" if again else " (it was itself a recovery)",
        )
    return recovery


# --- pruning -------------------------------------------------------------------------------------------


def prune_task_results(now=None):
    """Delete finished task rows (and the ledger, recoveries, heartbeats) past their keeping time. Returns
    {what: rows deleted}."""
    now = now or timezone.now()
    successful_before = now - timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    failed_before = now - timedelta(days=settings.TASK_FAILED_KEEP_DAYS)
    results = DBTaskResult.objects
    deleted = {
        "successful": results.filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=successful_before)
        .delete()[0],
        "failed": results.filter(status=TaskResultStatus.FAILED, finished_at__lt=failed_before).delete()[0],
        "recoveries": TaskRecovery.objects.filter(recovered_at__lt=failed_before).delete()[0],
        "sent_mail": SentMail.objects.filter(
            sent_at__lt=now - timedelta(days=settings.SENT_MAIL_KEEP_DAYS)
        ).delete()[0],
        "workers": TaskWorker.objects.filter(last_seen__lt=now - timedelta(days=WORKER_ROWS_KEEP_DAYS)).delete()[0],
    }
    if any(deleted.values()):
        logger.info("Pruned task rows: %s", deleted)
    return deleted
