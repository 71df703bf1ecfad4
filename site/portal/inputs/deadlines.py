"""One rule for every deadline a person types: a deadline typed to the minute includes that whole minute.

"Hạn nộp 16:16" is kept until 16:16:59.999 Asia/Ho_Chi_Minh; 16:17:00 is too late. Forms offer no seconds, so a
stored deadline is the start of its minute; the rule truncates anyway, so a value with seconds (an import, the
demo data) means the same minute.

Why a rule and not "store the end of the minute": the stored value stays what the Board typed (the admin shows
it back unchanged, a re-save cannot drift), nothing has to be migrated, and the same comparison works in Python
and in SQL: a deadline is still open at `now` exactly when deadline >= the start of now's minute
(Vietnam's offset is whole hours, so truncating in UTC truncates the wall-clock minute).
"""

from datetime import timedelta

from django.utils import timezone

MINUTE = timedelta(minutes=1)


def minute_of(moment):
    """The start of the minute `moment` falls in."""
    return moment.replace(second=0, microsecond=0)


def cutoff(now=None):
    """Deadlines >= this are still open at `now`: use it in queries (`deadline__gte=cutoff(now)`)."""
    return minute_of(now or timezone.now())


def is_open(deadline, now=None):
    """True while `now` is not past the minute of `deadline` (a missing deadline never closes)."""
    return deadline is None or deadline >= cutoff(now)


def is_past(deadline, now=None):
    return not is_open(deadline, now)


def ends_at(deadline):
    """The first instant that is too late: for counting the time left."""
    return minute_of(deadline) + MINUTE
