"""portal.security.csv_encoding: whatever view writes a CSV, it leaves as UTF-8 with one BOM and charset=utf-8
(the exports
themselves are walked in test_spreadsheets.py)."""

import codecs

from django.http import HttpResponse, StreamingHttpResponse

from portal.security.csv_encoding import CsvUtf8Middleware

ROW = "Họ tên;Đơn vị\nNguyễn Thị Ánh;UBND Tam Kỳ\n"


def through(response):
    return CsvUtf8Middleware(lambda request: response)(None)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_csv_without_charset_or_bom_gets_both():
    response = through(HttpResponse(ROW, content_type="text/csv", headers={"Content-Length": "1"}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body(response) == codecs.BOM_UTF8 + ROW.encode()
    assert response["Content-Length"] == str(len(codecs.BOM_UTF8 + ROW.encode()))


def test_a_streamed_csv_gets_one_bom_in_front():
    response = through(StreamingHttpResponse(iter(["", ROW, ROW]), content_type="text/csv"))
    assert body(response) == codecs.BOM_UTF8 + (ROW * 2).encode()


def test_a_csv_that_has_its_bom_already_does_not_get_a_second():
    response = through(StreamingHttpResponse(iter(["\ufeff", ROW]), content_type="text/csv; charset=utf-8"))
    assert body(response) == codecs.BOM_UTF8 + ROW.encode()


def test_other_encodings_and_other_types_are_left_alone():
    latin = through(HttpResponse("Name\nJosé\n".encode("latin-1"), content_type="text/csv; charset=iso-8859-1"))
    assert body(latin) == "Name\nJosé\n".encode("latin-1")
    page = through(HttpResponse("<p>Họ tên</p>", content_type="text/html; charset=utf-8"))
    assert body(page) == "<p>Họ tên</p>".encode()
