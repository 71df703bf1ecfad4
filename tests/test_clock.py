from datetime import date, datetime, timedelta

from django.utils import timezone

from tests.clock import LOCAL


def test_the_clock_stops_where_it_is_told_in_local_time(clock):
    clock.at("2026-12-17 16:00")
    assert timezone.localtime() == datetime(2026, 12, 17, 16, 0, tzinfo=LOCAL)
    assert timezone.now() == timezone.now()  # frozen: no tick between two readings
    assert date.today() == date(2026, 12, 17)


def test_the_clock_moves_again_and_reads_day_first_dates(clock):
    first = clock.at("28/02/2026 23:59:59")
    clock.at(first + timedelta(seconds=1))
    assert timezone.localtime().date() == date(2026, 3, 1)
