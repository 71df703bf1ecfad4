"""Work that follows an action but must never undo or break it, such as the e-mail after a registration.

`after_commit(task, *args)` enqueues a django-tasks task once the current transaction has committed (at once when
none is open): a rolled-back action sends nothing, and a failing e-mail can no longer turn a saved registration
into an error page. The task calls `retry(...)` when its work fails: it is enqueued again with a growing delay
(where the backend can defer: the database backend of production), up to MAX_ATTEMPTS, then the failure is logged
and left in the task's result for the Board's operators. Ground: names no app."""

import logging
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_DELAY = timedelta(minutes=1)


def after_commit(task, *args, **kwargs):
    # robust: a queue that cannot be reached is logged, the committed action still answers normally.
    transaction.on_commit(partial(task.enqueue, *args, **kwargs), robust=True)


def retry(task, *args, attempt, error=None, **kwargs):
    """Enqueue `task(*args, **kwargs, attempt=attempt + 1)` later; False (and logged) when attempts are exhausted.
    kwargs carry what the retry must keep, such as the e-mail's token of the send ledger (sent_mail.new_token)."""
    if attempt >= MAX_ATTEMPTS:
        logger.error("%s%r failed %s times, giving up: %s", task.name, args, attempt, error)
        return False
    logger.warning("%s%r failed (attempt %s), retrying: %s", task.name, args, attempt, error)
    again = task
    if task.get_backend().supports_defer:
        again = task.using(run_after=timezone.now() + FIRST_DELAY * 2 ** (attempt - 1))
    again.enqueue(*args, attempt=attempt + 1, **kwargs)
    return True
