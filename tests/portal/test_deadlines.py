"""The one deadline rule (portal.inputs.deadlines): a deadline typed to the minute includes that whole minute."""

from portal.inputs import deadlines
from tests.clock import local_datetime


def test_the_typed_minute_is_included_and_the_next_one_is_not():
    deadline = local_datetime("17/12/2026 16:16")
    assert deadlines.is_open(deadline, local_datetime("17/12/2026 16:16:00"))
    assert deadlines.is_open(deadline, local_datetime("2026-12-17 16:16:59.999999"))
    assert not deadlines.is_open(deadline, local_datetime("17/12/2026 16:17:00"))
    assert deadlines.is_past(deadline, local_datetime("17/12/2026 16:17:00"))


def test_2359_means_until_235959_and_seconds_stored_mean_their_minute():
    assert deadlines.is_open(local_datetime("31/12/2026 23:59"), local_datetime("31/12/2026 23:59:59"))
    assert not deadlines.is_open(local_datetime("31/12/2026 23:59"), local_datetime("01/01/2027 00:00"))
    assert deadlines.is_open(local_datetime("17/12/2026 16:16:13"), local_datetime("17/12/2026 16:16:40"))
    assert deadlines.ends_at(local_datetime("17/12/2026 16:16:13")) == local_datetime("17/12/2026 16:17")


def test_query_cutoff_agrees_with_is_open():
    deadline = local_datetime("17/12/2026 16:16")
    for moment in ("16:15:59", "16:16:00", "16:16:59", "16:17:00", "16:17:01"):
        now = local_datetime(f"17/12/2026 {moment}")
        assert deadlines.is_open(deadline, now) == (deadline >= deadlines.cutoff(now)), moment
    assert deadlines.is_open(None, local_datetime("17/12/2026 16:17"))
