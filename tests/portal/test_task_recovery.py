"""Stuck tasks (portal.operations.task_recovery): a task left RUNNING by a worker that died is marked failed and
enqueued again, once; its e-mails are not sent twice (the send ledger); a task of a worker that still beats, or
one not yet TASK_STUCK_MINUTES old, is left alone; old finished rows are pruned, failed ones kept longer. The
thresholds are tested at their exact minute with the frozen clock; the queue is the real database one."""

import logging
import os
import signal
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.models import SentMail, TaskRecovery, TaskWorker
from portal.operations.task_recovery import beat, prune_task_results, recover_stuck_tasks
from portal.security import password_notice
from tests.factories.portal import AgencyFactory, UserFactory
from tests.factories.training import NominationFactory, NominationRoundFactory
from tests.portal.task_queue import (  # noqa: F401 - the fixture
    FlakyBackend,
    killed_while_running,
    run_queue,
    running,
    task_queue,
)
from training.nominations import notifications as nominations

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("task_queue")]

START = "2026-12-07 08:00"


def outbox_addresses():
    return sorted(address for message in mail.outbox for address in message.recipients())


def notice_task(email="chu.tai.khoan@example.vn"):
    user = UserFactory(email=email)
    return password_notice.deliver.enqueue(user.pk, "2026-12-07T08:00:00+07:00")


def test_a_task_killed_midway_is_recovered_once_and_sends_nothing_twice(clock, caplog):
    start = clock.at(START)
    round_ = NominationRoundFactory()
    ids = [
        NominationFactory(round=round_, agency=AgencyFactory(email="so.khcn@example.vn")).pk,
        NominationFactory(round=round_, agency=AgencyFactory(email="so.gddt@example.vn")).pk,
    ]
    FlakyBackend.DYING.add("so.gddt@example.vn")  # the worker dies as it writes to the second agency
    dead = killed_while_running(nominations.deliver_decisions.enqueue(ids), start)
    assert outbox_addresses() == ["so.khcn@example.vn"]
    FlakyBackend.DYING.clear()

    clock.at(start + timedelta(minutes=31))
    caplog.set_level(logging.WARNING, logger="portal.tasks")
    [recovery] = recover_stuck_tasks()

    dead.refresh_from_db()
    assert dead.status == TaskResultStatus.FAILED
    assert dead.exception_class_path == "portal.operations.task_recovery.WorkerLost"
    again = DBTaskResult.objects.get(pk=recovery.retry_id)
    assert (again.status, again.args_kwargs, again.task_path) == ("READY", dead.args_kwargs, dead.task_path)
    [record] = [r for r in caplog.records if r.name == "portal.tasks"]
    assert record.levelno == logging.WARNING and str(dead.id) in record.getMessage()

    assert recover_stuck_tasks() == []  # the next minute: nothing more
    run_queue()
    assert outbox_addresses() == ["so.gddt@example.vn", "so.khcn@example.vn"]
    assert DBTaskResult.objects.filter(task_path=dead.task_path).count() == 2


def test_a_recovered_run_that_dies_too_is_not_retried_again(clock, caplog):
    start = clock.at(START)
    running(notice_task(), start)
    clock.at(start + timedelta(minutes=31))
    [first] = recover_stuck_tasks()
    retry = DBTaskResult.objects.get(pk=first.retry_id)

    running(retry, start + timedelta(minutes=32), worker_id="worker-2")
    clock.at(start + timedelta(minutes=64))
    caplog.clear()
    [second] = recover_stuck_tasks()

    assert (second.task_id, second.retry_id) == (str(retry.pk), "")
    notices = DBTaskResult.objects.filter(task_path=retry.task_path)
    assert list(notices.order_by("status").values_list("status", flat=True)) == ["FAILED", "FAILED"]
    [record] = [r for r in caplog.records if r.name == "portal.tasks"]
    assert record.levelno == logging.ERROR and "not enqueued again" in record.getMessage()
    assert mail.outbox == []


def test_the_threshold_minute_itself_is_not_stuck(clock):
    start = clock.at(START)
    row = running(notice_task(), start)

    clock.at(start + timedelta(minutes=29, seconds=59))
    assert recover_stuck_tasks() == []
    clock.at(start + timedelta(minutes=30))  # exactly TASK_STUCK_MINUTES: still running, for all we know
    assert recover_stuck_tasks() == []
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING

    clock.at(start + timedelta(minutes=30, seconds=1))
    assert len(recover_stuck_tasks()) == 1


def test_the_threshold_is_a_setting(clock, settings):
    settings.TASK_STUCK_MINUTES = 5
    start = clock.at(START)
    running(notice_task(), start)
    clock.at(start + timedelta(minutes=5))
    assert recover_stuck_tasks() == []
    clock.at(start + timedelta(minutes=5, seconds=1))
    assert len(recover_stuck_tasks()) == 1


def test_a_long_task_of_a_worker_that_still_beats_is_left_alone(clock, settings):
    start = clock.at(START)
    row = running(notice_task(), start, worker_id="worker-alive")
    clock.at(start + timedelta(hours=3))
    beat("worker-alive")

    clock.at(start + timedelta(hours=3, seconds=settings.TASK_WORKER_GONE_SECONDS))
    assert recover_stuck_tasks() == []
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING

    # one second more without a beat: gone
    clock.at(start + timedelta(hours=3, seconds=settings.TASK_WORKER_GONE_SECONDS + 1))
    assert len(recover_stuck_tasks()) == 1


def test_a_live_task_under_the_threshold_and_other_states_are_left_alone(clock):
    start = clock.at(START)
    young = running(notice_task("a@example.vn"), start + timedelta(minutes=10))
    ready = notice_task("b@example.vn")
    clock.at(start + timedelta(minutes=35))

    assert recover_stuck_tasks() == []
    assert DBTaskResult.objects.get(pk=young.pk).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=ready.id).status == TaskResultStatus.READY
    assert TaskRecovery.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_run_worker_runs_the_queue_and_beats(settings):
    """The worker command of the deployment (systemd, make worker): db_worker with its heartbeat thread, which
    beats first before any task is claimed (the next beat is an hour away here: SQLite's shared in-memory test
    database refuses two writers at once where a file would make one wait)."""
    settings.TASK_HEARTBEAT_SECONDS = 3600
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    result = notice_task()
    try:
        call_command("run_worker", batch=True, startup_delay=False, reload=False, worker_id="worker-cmd", verbosity=0)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert outbox_addresses() == ["chu.tai.khoan@example.vn"]
    worker = TaskWorker.objects.get(worker_id="worker-cmd")
    assert worker.pid == os.getpid()


def test_the_scheduler_recovers_every_minute_and_prunes_daily(clock):
    from portal.management.commands.run_scheduler import DAILY, EVERY_MINUTE

    assert "recover_stuck_tasks" in EVERY_MINUTE and "prune_tasks" in DAILY
    start = clock.at(START)
    running(notice_task(), start)
    clock.at(start + timedelta(minutes=45))
    call_command("recover_stuck_tasks", verbosity=0)
    assert TaskRecovery.objects.count() == 1


# --- pruning ---------------------------------------------------------------------------------------------


def finished(status, at, email):
    result = notice_task(email)
    DBTaskResult.objects.filter(pk=result.id).update(status=status, started_at=at, finished_at=at)
    return result.id


def test_pruning_keeps_recent_and_failed_rows_and_never_unfinished_ones(clock, settings):
    settings.TASK_RESULTS_KEEP_DAYS, settings.TASK_FAILED_KEEP_DAYS = 14, 90
    now = clock.at(START)
    old_ok = finished("SUCCESSFUL", now - timedelta(days=14, seconds=1), "a@example.vn")
    edge_ok = finished("SUCCESSFUL", now - timedelta(days=14), "b@example.vn")
    old_failed = finished("FAILED", now - timedelta(days=30), "c@example.vn")
    very_old_failed = finished("FAILED", now - timedelta(days=90, seconds=1), "d@example.vn")
    edge_failed = finished("FAILED", now - timedelta(days=90), "e@example.vn")
    waiting = notice_task("f@example.vn").id
    DBTaskResult.objects.filter(pk=waiting).update(enqueued_at=now - timedelta(days=200))
    stuck = running(notice_task("g@example.vn"), now - timedelta(days=200)).pk

    deleted = prune_task_results()

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert {str(pk) for pk in left} == {str(pk) for pk in (edge_ok, old_failed, edge_failed, waiting, stuck)}
    assert not {str(old_ok), str(very_old_failed)} & {str(pk) for pk in left}
    assert (deleted["successful"], deleted["failed"]) == (1, 1)


def test_pruning_drops_the_old_ledger_and_heartbeats(clock, settings):
    settings.SENT_MAIL_KEEP_DAYS = 90
    now = clock.at(START)
    for days, digest in ((90, "a" * 64), (91, "b" * 64)):
        SentMail.objects.create(digest=digest, purpose="thu", object_ref="1", sent_at=now - timedelta(days=days))
    clock.at(now - timedelta(days=8))
    beat("worker-old")
    clock.at(now)
    beat("worker-new")

    call_command("prune_tasks", verbosity=0)

    assert list(SentMail.objects.values_list("digest", flat=True)) == ["a" * 64]
    assert list(TaskWorker.objects.values_list("worker_id", flat=True)) == ["worker-new"]
