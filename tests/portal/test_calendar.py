"""portal.calendar, the iCalendar machinery events and training share: documents from entries, and the 304 a
calendar app holding the current validators gets. No database: data in, bytes out."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import RequestFactory
from django.utils.http import http_date
from icalendar import Calendar

from portal.calendar import ical
from portal.calendar.http import calendar_response, etag_of, not_modified

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CHANGED = datetime(2026, 3, 2, 9, 30, tzinfo=HCM)


def timed(**changes):
    return ical.CalendarEntry(
        uid="buoi-1@" + ical.UID_DOMAIN, summary="Buổi 1", start=datetime(2026, 3, 10, 8, tzinfo=HCM),
        end=datetime(2026, 3, 10, 11, tzinfo=HCM), last_modified=CHANGED, **changes,
    )


def test_all_day_entry_ends_the_day_after_its_last_day_and_needs_no_timezone():
    entry = ical.CalendarEntry(
        uid="hoi-nghi@" + ical.UID_DOMAIN, summary="Hội nghị", start=date(2026, 3, 10), end=date(2026, 3, 11),
        all_day=True,
    )

    body = ical.build_calendar([entry], name="Lịch")

    [vevent] = Calendar.from_ical(body).walk("VEVENT")
    assert vevent.decoded("DTSTART") == date(2026, 3, 10) and vevent.decoded("DTEND") == date(2026, 3, 12)
    assert b"VTIMEZONE" not in body


def test_timed_entry_carries_the_vietnamese_time_zone_with_its_vtimezone():
    body = ical.build_calendar([timed()], name="Lịch")

    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20260310T080000" in body
    [zone] = Calendar.from_ical(body).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Ho_Chi_Minh"


def test_text_is_escaped_and_lines_folded_with_crlf():
    entry = timed(location="Hội trường A, tầng 2; Tam Kỳ", description="Dòng 1\n" + "x" * 200)

    body = ical.build_calendar([entry], name="Lịch")

    assert "LOCATION:Hội trường A\\, tầng 2\\; Tam Kỳ".encode() in body
    assert "DESCRIPTION:Dòng 1\\nxxx".encode() in body
    assert all(len(line) <= 75 for line in body.split(b"\r\n")) and b"\n" not in body.replace(b"\r\n", b"")
    [vevent] = Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["DESCRIPTION"]) == "Dòng 1\n" + "x" * 200


def test_same_entries_give_the_same_bytes():
    assert ical.build_calendar([timed()], name="Lịch") == ical.build_calendar([timed()], name="Lịch")
    assert ical.build_calendar([timed()], name="Lịch") != ical.build_calendar([timed(sequence=1)], name="Lịch")


def test_filename_is_an_ascii_slug():
    assert ical.filename("Hội nghị Khởi nghiệp 2026") == "hoi-nghi-khoi-nghiep-2026.ics"
    assert ical.filename("!!!") == "su-kien.ics"


def test_response_carries_its_validators():
    response = calendar_response(b"BEGIN:VCALENDAR", etag='"abc"', last_modified=CHANGED, filename="lich.ics")

    assert response["Content-Type"] == ical.CONTENT_TYPE
    assert response["ETag"] == '"abc"' and response["Last-Modified"] == http_date(CHANGED.timestamp())
    assert response["Content-Disposition"] == 'inline; filename="lich.ics"'
    assert response["Cache-Control"] == "public, max-age=300"
    assert calendar_response(b"", etag='"abc"', private=True)["Cache-Control"] == "private, max-age=300"


def test_not_modified_answers_304_only_to_the_current_validators():
    etag = etag_of("feed|1")
    get = RequestFactory().get

    assert etag == etag_of(b"feed|1") and etag.startswith('"') and etag.endswith('"')
    response = not_modified(get("/", HTTP_IF_NONE_MATCH=etag), etag)
    assert response.status_code == 304 and response["ETag"] == etag
    assert not_modified(get("/", HTTP_IF_NONE_MATCH=etag_of("feed|0")), etag) is None
    assert not_modified(get("/"), etag) is None
    since = http_date(CHANGED.timestamp())
    assert not_modified(get("/", HTTP_IF_MODIFIED_SINCE=since), etag, CHANGED).status_code == 304
    later = CHANGED + timedelta(seconds=1)
    assert not_modified(get("/", HTTP_IF_MODIFIED_SINCE=since), etag, later) is None
    # If-None-Match wins: a stale ETag is not rescued by a matching date.
    stale = get("/", HTTP_IF_NONE_MATCH=etag_of("feed|0"), HTTP_IF_MODIFIED_SINCE=since)
    assert not_modified(stale, etag, CHANGED) is None
    assert not_modified(RequestFactory().post("/", HTTP_IF_NONE_MATCH=etag), etag) is None
