"""A frozen clock for the rules with dates in them (deadlines, session starts, expiry days).

    def test_the_last_second_of_a_deadline(clock):
        clock.at("2026-02-28 23:59:59")   # Asia/Ho_Chi_Minh wall time, unless the string carries an offset
        ...
        clock.at("2026-03-01 00:00")

`clock.at` accepts a string (ISO, day-first "28/02/2026 23:59" too), a date (midnight) or a datetime (naive =
Asia/Ho_Chi_Minh). time-machine moves every clock of the process (time.time, datetime.now, date.today, Django's
timezone.now) and does not tick, so a test reads the same instant throughout. The database's own NOW() is not
moved: code that needs a frozen clock must compare with timezone.now() in Python, not with Now() in SQL.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def local_datetime(value):
    """An aware datetime from what a test writes: '2026-12-17 16:00', '17/12/2026 16:00', a date or a datetime."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=LOCAL)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=LOCAL)
    text = value.strip()
    for pattern in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=LOCAL)
        except ValueError:
            pass
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL)


class Clock:
    def __init__(self):
        self._travel = None

    def at(self, value):
        """Stop the clock at `value` (see the module docstring); a later call moves it again."""
        self.stop()
        moment = local_datetime(value)
        self._travel = time_machine.travel(moment, tick=False)
        self._travel.start()
        return moment

    def stop(self):
        if self._travel is not None:
            self._travel.stop()
            self._travel = None


@pytest.fixture
def clock():
    frozen = Clock()
    yield frozen
    frozen.stop()
