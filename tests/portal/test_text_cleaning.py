"""portal.inputs.text: what is saved and what every output writes (issue 12, item 1)."""

import io
import logging
import unicodedata
from datetime import datetime

import pytest
from icalendar import Calendar
from openpyxl import Workbook

from portal.calendar import ical
from portal.inputs import text
from portal.security.spreadsheets import neutralise

NFD = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")


def test_a_line_is_nfc_without_breaks_tabs_or_control_characters():
    assert text.clean_line(f"  {NFD}\r\nHội\tAn\u2028X\x00\x1f\x7f\x85\x9fY  ") == "Nguyễn Thị Ánh Hội An X Y"


def test_multi_line_text_keeps_lf_and_tab_only():
    assert text.clean_text("a\r\nb\rc\u2029d\te\x00\x0c") == "a\nb\nc\nd\te"


def test_markup_is_left_as_markup():
    assert text.clean_markup('<p data-x="1">a\x00<b>b</b>\r\n</p>') == '<p data-x="1">a<b>b</b>\n</p>'


def test_a_subject_is_one_folded_line():
    assert text.folded("Xác nhận:\r\n  Hội\x00 thảo ") == "Xác nhận: Hội thảo"


def test_a_clipped_subject_is_one_line_cut_at_a_word_within_its_limit():
    assert text.clipped("Giải\r\nthưởng ngắn", 40) == "Giải thưởng ngắn"
    long = "Cuộc thi " + "Đổi mới sáng tạo " * 20
    clipped = text.clipped(long, 60)
    assert len(clipped) <= 60 and clipped.endswith("sáng…") and "\n" not in clipped
    assert text.clipped("x" * 100, 10) == "x" * 9 + "…"  # no word to cut at: cut inside it


def test_cleaning_is_idempotent_and_keeps_right_to_left_marks_and_markup_as_text():
    value = "\u200fمرحبا <script>alert(1)</script> =SUM(A1)"
    assert text.clean_line(value) == value == text.clean_line(text.clean_line(value))


def test_every_text_field_of_our_models_has_a_cleaner_except_the_ones_that_keep_their_bytes():
    from django.db import models

    cleaned = text.cleaned_models()
    labels = {model._meta.label for model in cleaned}
    assert {"events.EventPage", "events.Registration", "training.Nomination", "clubs.NewsPage", "portal.User",
            "taggit.Tag"} <= labels
    for model in cleaned:
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                kept = field.name in text.KEEP_FIELDS or field.choices
                assert (text.cleaner_for(field) is None) == bool(kept), (model._meta.label, field.name)


@pytest.mark.django_db
def test_saving_cleans_char_text_rich_text_and_stream_fields(home):
    from clubs.models import NewsPage
    from tests.factories.clubs import make_news, make_site_tree

    _directory, news_index = make_site_tree(home)
    news = make_news(news_index, title=f"Tin\r\n{NFD}\x00")
    news.intro = "Dòng 1\r\nDòng 2\x07"
    news.seo_title = "SEO\tx"
    news.search_description = "mô tả\r\nhai dòng\x1b"
    news.body = [("paragraph", "<p>Đoạn\x00 văn\r\n</p>")]
    news.save()

    news = NewsPage.objects.get(pk=news.pk)
    assert news.title == "Tin Nguyễn Thị Ánh" and news.seo_title == "SEO x"
    assert news.intro == "Dòng 1 Dòng 2"  # a CharField: one line
    assert news.search_description == "mô tả\nhai dòng"
    assert not text.has_control(str(news.body.raw_data)) and "Đoạn văn" in str(news.body)


@pytest.mark.django_db
def test_saving_a_registration_with_nul_and_nfd_stores_nfc_without_it(home):
    from events import services
    from tests.factories.events import event_index, make_event, registration_data

    event = make_event(event_index(home))
    registration = services.register(event, **registration_data(full_name=f"{NFD}\x00", organisation="Sở\nKH&CN"))

    registration.refresh_from_db()
    assert (registration.full_name, registration.organisation) == ("Nguyễn Thị Ánh", "Sở KH&CN")


def entry(**fields):
    start = datetime(2026, 12, 17, 8, tzinfo=ical.TIME_ZONE)
    return ical.CalendarEntry(**{"uid": "a@x", "summary": "Hội thảo", "start": start, "end": start, **fields})


def test_every_calendar_property_is_cleaned_the_calendar_name_included():
    body = ical.build_calendar(
        [entry(summary="a\r\nb\x00", location="v\nz\x01", description="d1\r\nd2\x02", categories=("k\nx",))],
        name="Lịch\r\n\x00của tôi", description="mô\x1btả",
    )

    calendar = Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]) == "Lịch của tôi" and str(calendar["X-WR-CALDESC"]) == "môtả"
    [vevent] = calendar.walk("VEVENT")
    assert (str(vevent["SUMMARY"]), str(vevent["LOCATION"]), str(vevent["DESCRIPTION"])) == ("a b", "v z", "d1\nd2")
    assert not text.has_control(body.decode().replace("\r\n", ""))


def test_one_entry_that_cannot_be_written_is_left_out_and_logged_not_the_whole_feed(caplog):
    broken = entry(uid="broken@x", start="not a date")
    with caplog.at_level(logging.ERROR, logger="portal.calendar.ical"):
        body = ical.build_calendar([entry(uid="one@x"), broken, entry(uid="two@x")], name="Tất cả")

    assert [str(v["UID"]) for v in Calendar.from_ical(body).walk("VEVENT")] == ["one@x", "two@x"]
    assert "broken@x" in caplog.text


def test_spreadsheet_cells_lose_control_characters_so_openpyxl_accepts_them():
    workbook = Workbook()
    workbook.active.append([neutralise("Tên\x00\x01 hỏng"), neutralise("=\x02SUM(A1)"), neutralise(-5)])
    workbook.save(io.BytesIO())
    assert [cell.value for cell in workbook.active[1]] == ["Tên hỏng", "'=SUM(A1)", -5]


def test_rss_escapes_markup_and_drops_control_characters():
    import defusedxml.ElementTree as ElementTree

    from portal.pages.rss import CleanRss201rev2Feed

    feed = CleanRss201rev2Feed("Tin\x00\n tức", "http://x/", "mô tả\x01")
    feed.add_item("<b>Tin</b>\x0b 1", "http://x/1", "<script>x</script>\r\nhai\x1f", categories=["a\nb"])

    root = ElementTree.fromstring(feed.writeString("utf-8").encode())
    item = root.find("channel/item")
    assert root.find("channel/title").text == "Tin tức"
    assert item.find("title").text == "<b>Tin</b> 1" and item.find("description").text == "<script>x</script>\nhai"
    assert item.find("category").text == "a b"


@pytest.mark.django_db
def test_clean_text_command_rewrites_rows_saved_before_the_rule(home):
    from django.core.management import call_command

    from events.models import EventPage
    from tests.factories.events import event_index, make_event

    event = make_event(event_index(home))
    EventPage.objects.filter(pk=event.pk).update(title=f"Cũ\r\n{NFD}\x01", venue="A\tB")

    call_command("clean_text")

    event.refresh_from_db()
    assert (event.title, event.venue) == ("Cũ Nguyễn Thị Ánh", "A B")
