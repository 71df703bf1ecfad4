"""The real task queue for tests: the database backend (django_tasks_db) instead of the tests' immediate one, its
worker run in-process until the queue is empty, and a mail backend that fails (or dies) for chosen addresses."""

from smtplib import SMTPRecipientsRefused

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs (not an Exception, so no task catches it)."""


class FlakyBackend(EmailBackend):
    """locmem, except that a message to an address of FAILING is refused and one to DYING kills the worker."""

    FAILING = set()
    DYING = set()

    def send_messages(self, messages):
        for message in messages:
            addresses = set(message.recipients())
            if addresses & self.DYING:
                raise WorkerKilled()
            if addresses & self.FAILING:
                raise SMTPRecipientsRefused({a: (550, b"refused") for a in addresses & self.FAILING})
        return super().send_messages(messages)


@pytest.fixture
def task_queue(settings):
    """Tasks go to the database; e-mail through FlakyBackend."""
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "tests.portal.task_queue.FlakyBackend"
    FlakyBackend.FAILING.clear()
    FlakyBackend.DYING.clear()
    yield
    FlakyBackend.FAILING.clear()
    FlakyBackend.DYING.clear()


def run_queue(worker_id="worker-test"):
    """The db_worker loop (take the next ready task under a lock, claim it, run it), in this process, until no task
    is ready. Worker.run itself would close the test's connection (close_old_connections outside autocommit)."""
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False, max_tasks=None,
        worker_id=worker_id, excluded_queue_names=[],
    )
    while True:
        with transaction.atomic():
            row = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if row is None:
                return
            row.claim(worker_id)
        worker.run_task(row)


def killed_while_running(task_result, started_at, worker_id="worker-killed"):
    """Claim `task_result` as a worker would, run it and let it die midway (WorkerKilled from the mail backend, or
    after it finished): its row stays RUNNING, as after a SIGKILL."""
    row = DBTaskResult.objects.get(pk=task_result.id)
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=started_at)
    try:
        row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    except WorkerKilled:
        pass
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING
    return row


def running(task_result, started_at, worker_id="worker-killed"):
    """`task_result` claimed by `worker_id` at `started_at`, never run (its worker died at once)."""
    row = DBTaskResult.objects.get(pk=task_result.id)
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=started_at)
    row.refresh_from_db()
    return row
