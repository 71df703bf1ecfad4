"""The task worker's log is calm: nothing for a routine task, one record for a failed or slow one.

The records go through the logging configuration of settings.LOGGING (the filter on the django_tasks logger), as
they do under `manage.py db_worker`, which sets that logger to INFO."""

import logging
from datetime import timedelta

import pytest
from django_tasks import task

pytestmark = pytest.mark.django_db

# The test's clock, moved by `takes` to make a task last as long as a test wants (the frozen clock does not tick).
MOVE = {}


@task()
def routine():
    return "ok"


@task()
def broken():
    raise ValueError("hỏng")


@task()
def takes(seconds):
    MOVE["clock"].at(MOVE["start"] + timedelta(seconds=seconds))


@pytest.fixture
def task_records(caplog):
    # The worker's own level (db_worker --verbosity 1 sets django_tasks to INFO).
    tasks_logger = logging.getLogger("django_tasks")
    level = tasks_logger.level
    tasks_logger.setLevel(logging.INFO)
    caplog.set_level(logging.INFO)
    yield lambda: [r for r in caplog.records if r.name in ("django_tasks", "portal.tasks")]
    tasks_logger.setLevel(level)


def test_a_routine_task_logs_nothing(task_records):
    result = routine.enqueue()

    assert result.status == "SUCCESSFUL"
    assert task_records() == []


def test_a_failed_task_logs_one_error_with_its_traceback(task_records):
    result = broken.enqueue()

    assert result.status == "FAILED"
    [record] = task_records()
    assert record.levelno == logging.ERROR
    assert "test_task_log.broken" in record.getMessage()
    assert record.exc_info is not None


@pytest.mark.parametrize(("seconds", "logged"), [(9, False), (10, False), (11, True)])
def test_a_task_longer_than_the_limit_logs_one_warning(task_records, clock, settings, seconds, logged):
    settings.TASK_SLOW_SECONDS = 10
    MOVE.update(clock=clock, start=clock.at("03/12/2026 09:00"))

    takes.enqueue(seconds)

    records = task_records()
    if logged:
        [record] = records
        assert record.levelno == logging.WARNING
        assert "test_task_log.takes" in record.getMessage() and "11.0 s" in record.getMessage()
    else:
        assert records == []
