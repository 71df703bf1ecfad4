"""Dates still to come in the admin's listings show as their date and time: Wagtail's date cell says "Vừa xong"
(just now) of every future date, so a competition closing next month read as closed (portal.templatetags.admin_dates,
templates/wagtailadmin/tables/date_cell.html). Past dates keep Wagtail's "… trước"."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import wagtail
from django.utils import timezone, translation

from portal.templatetags.admin_dates import still_to_come
from tests.clock import local_datetime
from tests.factories.competitions import make_competition
from tests.factories.portal import board_user

UPSTREAM_DATE_CELL = (
    "{% load i18n wagtailadmin_tags %}\n"
    '<td {% if column.classname %}class="{{ column.classname }}"{% endif %}>\n'
    "    {% if value %}{% human_readable_date value %}{% endif %}\n"
    "</td>\n"
)


def test_the_wagtail_date_cell_we_override_is_still_the_one_we_copied():
    upstream = Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/tables/date_cell.html"
    assert upstream.read_text() == UPSTREAM_DATE_CELL


def test_a_date_is_still_to_come_from_the_second_after_now(clock):
    clock.at("2026-12-19 17:00")
    now = timezone.now()
    with translation.override("vi"):
        assert still_to_come(now) == ""  # the deadline's own minute has come
        assert still_to_come(now - timedelta(seconds=1)) == ""
        assert still_to_come(now + timedelta(seconds=1)) == "17:00 19/12/2026"
        assert still_to_come(local_datetime("2027-01-02 06:26")) == "06:26 02/01/2027"
        assert still_to_come(date(2026, 12, 19)) == ""  # today
        assert still_to_come(date(2026, 12, 20)) == "20/12/2026"
        assert still_to_come(None) == "" and still_to_come("19/12/2026") == ""


@pytest.mark.django_db
def test_the_competitions_list_shows_a_coming_deadline_as_its_date_and_a_past_one_as_time_ago(client, home, clock):
    clock.at("2026-12-07 09:00")
    make_competition(title="Cuộc thi QZXSAP", closes_at=local_datetime("2027-01-02 06:26"))
    make_competition(
        title="Cuộc thi QZXQUA", opens_at=local_datetime("2026-10-01"), closes_at=local_datetime("2026-11-07 09:00")
    )
    client.force_login(board_user())

    body = client.get("/admin/ideas/competitions/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    rows = {
        title: row
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        for title in ("QZXSAP", "QZXQUA")
        if title in row
    }
    assert re.search(r"<time datetime=\"2027-01-02T06:26:00\+07:00\">06:26 02/01/2027</time>", rows["QZXSAP"])
    assert "Vừa xong" not in rows["QZXSAP"]
    assert re.search(r"1\stháng trước", rows["QZXQUA"])  # Wagtail's time since (a no-break space inside)
