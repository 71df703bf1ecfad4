"""Releasing prepared decisions: each subject in its own savepoint, so one that can no longer take its decision
never blocks the others, and the caller learns which were skipped and why."""

from django.db import transaction


class Released(list):
    """The subjects a release moved; `skipped` holds (subject, message) for those it could not."""

    def __init__(self, released=(), skipped=()):
        super().__init__(released)
        self.skipped = list(skipped)


def release_each(pending, release_one, *, refused, on_skip=None):
    """Call `release_one(subject)` for each of `pending` (a locked queryset or list) in a savepoint of the caller's
    transaction. An exception of the `refused` class(es) rolls back that subject only: `on_skip(subject, error)`
    is called (to clear what can no longer be released, with a log) and the subject is reported in `skipped`
    with the error's `message` (or its text)."""
    released, skipped = [], []
    for subject in pending:
        try:
            with transaction.atomic():
                released.append(release_one(subject))
        except refused as error:
            if on_skip is not None:
                on_skip(subject, error)
            skipped.append((subject, getattr(error, "message", str(error))))
    return Released(released, skipped)
