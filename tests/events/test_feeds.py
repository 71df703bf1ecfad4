from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import EventPage
from tests.factories.clubs import make_club
from tests.factories.events import bulk_events, event_kind, make_event, registration_data

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def parse(response):
    return Calendar.from_ical(response.content)


def vevents(response):
    return [c for c in parse(response).walk("VEVENT")]


def conference(events_index, **fields):
    fields.setdefault("start", datetime(2026, 12, 15, 8, 0, tzinfo=HCM))
    fields.setdefault("end", datetime(2026, 12, 15, 17, 30, tzinfo=HCM))
    return make_event(
        events_index, title="Hội nghị mạng lưới Câu lạc bộ khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam năm 2026",
        kind=event_kind("hoi-nghi", "Hội nghị"), venue="Trung tâm Hội nghị tỉnh",
        address="Số 2 Trần Hưng Đạo, phường Tân Thạnh, Tam Kỳ", summary="Tổng kết, kết nối mạng lưới CLB.", **fields
    )


def test_all_events_feed_is_valid_rfc5545_field_by_field(client, events_index):
    event = conference(events_index)

    response = client.get("/lich/tat-ca.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = parse(response)
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"{event.uid}@khoinghiep.quangnam.gov.vn"
    assert str(vevent["SUMMARY"]) == event.title  # Vietnamese intact after folding
    assert vevent.decoded("DTSTART") == datetime(2026, 12, 15, 8, 0, tzinfo=HCM)
    assert vevent["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert vevent.decoded("DTEND") == datetime(2026, 12, 15, 17, 30, tzinfo=HCM)
    assert vevent.decoded("DTSTAMP") == event.updated_at.replace(microsecond=0)
    assert vevent["SEQUENCE"] == 0
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["LOCATION"]) == "Trung tâm Hội nghị tỉnh, Số 2 Trần Hưng Đạo, phường Tân Thạnh, Tam Kỳ"
    assert vevent["CATEGORIES"].cats == ["Hội nghị"]
    assert str(vevent["URL"]) == event.full_url
    assert "Đơn vị tổ chức: Ban Điều hành" in str(vevent["DESCRIPTION"])


def test_all_day_event_uses_dates_with_exclusive_end(client, events_index):
    make_event(
        events_index, title="Ngày hội khởi nghiệp đổi mới sáng tạo", all_day=True,
        start=datetime(2026, 11, 20, 0, 0, tzinfo=HCM), end=datetime(2026, 11, 21, 23, 59, tzinfo=HCM),
    )

    [vevent] = vevents(client.get("/lich/tat-ca.ics"))

    assert vevent.decoded("DTSTART") == date(2026, 11, 20)
    assert vevent.decoded("DTEND") == date(2026, 11, 22)
    assert vevent["DTSTART"].params["VALUE"] == "DATE"


def test_uid_stays_and_sequence_rises_on_reschedule_through_the_service(client, events_index):
    event = conference(events_index)
    [before] = vevents(client.get("/lich/tat-ca.ics"))

    services.reschedule_event(
        event, start=datetime(2026, 12, 16, 8, 0, tzinfo=HCM), end=datetime(2026, 12, 16, 17, 0, tzinfo=HCM)
    )
    [after] = vevents(client.get("/lich/tat-ca.ics"))

    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] == 1
    assert after.decoded("DTSTART") == datetime(2026, 12, 16, 8, 0, tzinfo=HCM)


def test_sequence_rises_when_an_editor_publishes_a_new_time_and_not_for_a_wording_change(events_index):
    event = conference(events_index)

    event.summary = "Chỉ sửa lời giới thiệu"
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 0

    event.start += timedelta(hours=1)
    event.end += timedelta(hours=1)
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 1


def test_a_stale_revision_cannot_lower_the_sequence(events_index):
    event = conference(events_index)
    stale = event.save_revision()  # drafted while the time was still the old one
    services.reschedule_event(event, start=event.start + timedelta(days=1), end=event.end + timedelta(days=1))

    stale.publish()

    assert EventPage.objects.get(pk=event.pk).sequence == 2


def test_cancelled_event_stays_in_the_feed_as_cancelled(client, events_index):
    event = conference(events_index)

    services.cancel_event(event)
    [vevent] = vevents(client.get("/lich/tat-ca.ics"))

    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 1
    assert str(vevent["SUMMARY"]).startswith("[ĐÃ HỦY] Hội nghị mạng lưới")
    assert "Đã hủy" in client.get(event.url).content.decode()


def test_feed_answers_304_to_its_etag_and_last_modified(client, events_index):
    conference(events_index)
    first = client.get("/lich/tat-ca.ics")

    by_etag = client.get("/lich/tat-ca.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get("/lich/tat-ca.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert first["ETag"] and first["Last-Modified"]
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_date.status_code == 304


def test_any_event_change_invalidates_the_cached_feed_and_the_etag(client, events_index):
    event = conference(events_index)
    first = client.get("/lich/tat-ca.ics")

    event.title = "Hội nghị mạng lưới CLB năm 2026 (đổi tên)"
    event.save_revision().publish()
    second = client.get("/lich/tat-ca.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert "(đổi tên)" in str(vevents(second)[0]["SUMMARY"])


def test_a_new_or_unpublished_event_invalidates_the_feed(client, events_index):
    event = conference(events_index)
    etag = client.get("/lich/tat-ca.ics")["ETag"]
    make_event(events_index, title="Hội thảo mới")
    after_new = client.get("/lich/tat-ca.ics", HTTP_IF_NONE_MATCH=etag)
    assert after_new.status_code == 200 and len(vevents(after_new)) == 2

    event.unpublish()
    after_unpublish = client.get("/lich/tat-ca.ics", HTTP_IF_NONE_MATCH=after_new["ETag"])
    assert after_unpublish.status_code == 200 and len(vevents(after_unpublish)) == 1


def test_unchanged_feed_is_served_from_cache_without_rebuilding(client, events_index, django_assert_num_queries):
    conference(events_index)
    client.get("/lich/tat-ca.ics")

    with django_assert_num_queries(0):  # the version fingerprint too is kept, per page-cache generation
        response = client.get("/lich/tat-ca.ics")

    assert response.status_code == 200 and len(vevents(response)) == 1


def test_without_a_shared_cache_the_fingerprint_is_read_each_time(client, events_index, settings,
                                                                  django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # each process's own cache: another's writes would not reach it
    conference(events_index)
    client.get("/lich/tat-ca.ics")
    with django_assert_num_queries(2):
        assert client.get("/lich/tat-ca.ics").status_code == 200


def test_a_renamed_kind_reaches_the_kept_feed_at_once(client, events_index):
    conference(events_index)
    first = client.get("/lich/loai/hoi-nghi.ics")
    kind = event_kind("hoi-nghi", "Hội nghị")
    kind.name = "Hội nghị toàn tỉnh"
    kind.save()
    second = client.get("/lich/loai/hoi-nghi.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]


def test_kind_and_club_feeds_hold_only_their_events(client, home, events_index):
    from tests.factories.clubs import make_site_tree

    directory, _ = make_site_tree(home)
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    conference(events_index)
    workshop = make_event(events_index, title="Hội thảo chuyển đổi số", kind=event_kind("hoi-thao", "Hội thảo"))
    EventPage.objects.filter(pk=workshop.pk).update(club=club, organiser="club")

    by_kind = vevents(client.get("/lich/loai/hoi-thao.ics"))
    by_club = vevents(client.get(f"/lich/clb/{club.pk}.ics"))

    assert [str(v["SUMMARY"]) for v in by_kind] == ["Hội thảo chuyển đổi số"]
    assert [str(v["SUMMARY"]) for v in by_club] == ["Hội thảo chuyển đổi số"]
    assert client.get("/lich/loai/khong-co.ics").status_code == 404
    assert client.get("/lich/clb/999999.ics").status_code == 404


def test_one_event_download_is_an_attachment_with_the_same_uid(client, events_index):
    event = conference(events_index)

    response = client.get(f"/lich/su-kien/{event.uid}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    [vevent] = vevents(response)
    assert str(vevent["UID"]) == f"{event.uid}@khoinghiep.quangnam.gov.vn"
    assert client.get(f"/lich/su-kien/{event.uid}.ics", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_draft_event_is_in_no_public_feed(client, events_index):
    draft = make_event(events_index, title="Bản nháp chưa duyệt", publish=False)

    assert vevents(client.get("/lich/tat-ca.ics")) == []
    assert client.get(f"/lich/su-kien/{draft.uid}.ics").status_code == 404


def test_public_feeds_never_contain_registrants_data(client, events_index):
    event = conference(events_index)
    services.register(event, **registration_data(full_name="Lê Văn Bí Mật", email="bimat@example.vn",
                                                  phone="0912345678", organisation="Công ty Bí Mật"))

    bodies = [
        client.get("/lich/tat-ca.ics").content,
        client.get(f"/lich/loai/{event.kind.slug}.ics").content,
        client.get(f"/lich/su-kien/{event.uid}.ics").content,
    ]

    for body in bodies:
        text = body.decode()
        for secret in ("Bí Mật", "bimat@example.vn", "0912345678", "ATTENDEE"):
            assert secret not in text


@pytest.mark.parametrize("url", ["/lich/tat-ca.ics", "/lich/loai/hoi-nghi.ics"])
def test_feed_query_count_does_not_grow_with_events(client, events_index, url, django_assert_num_queries):
    kind = event_kind("hoi-nghi", "Hội nghị")
    counts = []
    for size in (10, 2000):
        bulk_events(events_index, kind, size)
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.count(b"BEGIN:VEVENT") == size
        counts.append(len(captured))
    assert counts[0] == counts[1]



def test_a_copied_event_gets_its_own_uid_even_after_publishing_the_copy(events_index):
    event = conference(events_index)
    event.save_revision()

    copy = event.copy(update_attrs={"slug": "ban-sao", "title": "Bản sao"}, keep_live=False).specific
    copy.save_revision().publish()
    copy.refresh_from_db()

    assert copy.uid != event.uid and copy.sequence == 0
    assert EventPage.objects.get(pk=event.pk).uid == event.uid


def test_club_and_personal_feed_query_counts_do_not_grow_with_events(client, home, events_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.models import Registration
    from tests.factories.clubs import make_site_tree
    from tests.factories.portal import UserFactory

    directory, _ = make_site_tree(home)
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    kind = event_kind("hoi-nghi", "Hội nghị")
    me = UserFactory(email="toi@example.vn")
    services.follow_club(me, club)
    personal = f"/lich/ca-nhan/{services.calendar_token_for(me).token}.ics"
    counts = {"club": [], "personal": []}
    for size in (10, 2000):
        bulk_events(events_index, kind, size, club=club)
        registered = set(Registration.objects.filter(email="toi@example.vn").values_list("event_id", flat=True))
        Registration.objects.bulk_create(
            Registration(event_id=pk, full_name="Tôi", email="toi@example.vn", phone="0905123456",
                         consent_at=timezone.now())
            for pk in EventPage.objects.exclude(pk__in=registered).values_list("pk", flat=True)
        )
        for name, url in (("club", f"/lich/clb/{club.pk}.ics"), ("personal", personal)):
            from django.core.cache import cache

            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.content.count(b"BEGIN:VEVENT") == size
            counts[name].append(len(captured))
    assert counts["club"][0] == counts["club"][1]
    assert counts["personal"][0] == counts["personal"][1]
