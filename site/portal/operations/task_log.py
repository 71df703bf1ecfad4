"""The task worker's log: one line for a task that failed or took long, nothing for the routine ones.

django_tasks logs two INFO lines per task (started, finished); with a search-index update after every save that is
thousands of lines in a demo's first half hour. `QuietTasks` (a logging filter, wired in settings.LOGGING) drops
those routine records; a failure (logged by django_tasks at ERROR with its traceback) passes. `log_slow_task` (on
the task_finished signal) adds a WARNING for a successful task that ran longer than TASK_SLOW_SECONDS.
"""

import logging

from django.conf import settings
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

logger = logging.getLogger("portal.tasks")

# django_tasks' per-task message (signals.log_task_started / log_task_finished).
ROUTINE_MESSAGE = "Task id=%s path=%s state=%s"


class QuietTasks(logging.Filter):
    def filter(self, record):
        return not (record.levelno < logging.WARNING and record.msg == ROUTINE_MESSAGE)


def log_slow_task(sender, task_result, **kwargs):
    if task_result.status != TaskResultStatus.SUCCESSFUL or not (task_result.started_at and task_result.finished_at):
        return
    seconds = (task_result.finished_at - task_result.started_at).total_seconds()
    if seconds > settings.TASK_SLOW_SECONDS:
        logger.warning("Task id=%s path=%s took %.1f s", task_result.id, task_result.task.module_path, seconds)


def connect():
    task_finished.connect(log_slow_task, dispatch_uid="portal.operations.task_log.log_slow_task")
