"""Yes/no fields read "Có"/"Không" on the Board's screens and in their exports (before: Wagtail's listings, inspect
views and CSV files printed Python's True and False)."""

import csv
import io
import re
from pathlib import Path

import pytest
import wagtail
from django.urls import reverse
from openpyxl import load_workbook

from events import services
from events.models import Delegate, EventKind, Registration
from tests.factories.events import event_index, make_event, registration_data, study_tour_kind
from tests.factories.portal import board_user

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(model.snippet_viewset.get_url_name(view), args=args)


def cells(body):
    """Text of every <td> of the page, stripped of tags and spaces."""
    return [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)]


@pytest.fixture
def board(client, home):
    client.force_login(board_user())
    return client


@pytest.fixture
def registration(home):
    event = make_event(event_index(home), title="Hội nghị mạng lưới CLB")
    return services.register(event, **registration_data(full_name="Võ Thị Sáu"))


def test_the_registrations_listing_shows_attendance_as_words(board, registration):
    body = board.get(url(Registration, "list")).content.decode()

    assert "Không" in cells(body)
    assert not {"True", "False"} & set(cells(body))


def test_the_registration_inspect_view_shows_attendance_as_words(board, registration):
    registration.attended = True
    registration.save(update_fields=["attended"])

    body = board.get(url(Registration, "inspect", registration.pk)).content.decode()

    dd = re.search(r"<dt>\s*Có mặt\s*</dt>\s*<dd>\s*(.*?)\s*</dd>", body, re.S | re.I).group(1)
    assert dd == "Có"
    assert ">True<" not in body and ">False<" not in body


def test_event_kinds_and_delegates_listings_show_words(board, home):
    tour = make_event(event_index(home), kind=study_tour_kind())
    services.nominate_delegate(tour, full_name="Lê Văn Tám", email="tam@example.vn", is_head=True)

    for model in (EventKind, Delegate):
        found = cells(board.get(url(model, "list")).content.decode())
        assert "Có" in found and not {"True", "False"} & set(found), model


def download(client, path):
    response = client.get(path)
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_exports_write_words_too(board, registration):
    listing = url(Registration, "list")

    rows = list(csv.reader(io.StringIO(download(board, listing + "?export=csv").decode("utf-8-sig"))))
    workbook = load_workbook(io.BytesIO(download(board, listing + "?export=xlsx")))
    sheet_rows = list(workbook.active.iter_rows(values_only=True))

    attended = rows[0].index(next(h for h in rows[0] if "mặt" in h.lower()))
    assert rows[1][attended] == "Không"
    assert sheet_rows[1][attended] == "Không"


def test_the_users_listing_names_its_active_icons_in_words(board):
    """Wagtail's BooleanColumn draws a tick or a cross with the value as the screen-reader text."""
    body = board.get("/admin/users/").content.decode()

    status = re.search(r'<td class="status">(.*?)</td>', body, re.S).group(1)
    assert re.search(r'<span class="w-sr-only">\s*Có\s*</span>', status)
    assert "True" not in status and "False" not in status


# Upstream templates copied under templates/wagtailadmin/tables/ with the words added, as Wagtail 8.0 ships them:
# an upgrade that changes one must be looked at (and the copy updated) rather than silently lost.
UPSTREAM = {
    "cell.html": (
        '<td {% if column.classname %}class="{{ column.classname }}"{% endif %}>\n'
        "    {% if value is not None %}{{ value }}{% endif %}\n"
        "</td>\n"
    ),
    "boolean_cell.html": (
        "{% load wagtailadmin_tags %}\n"
        '<td {% if column.classname %}class="{{ column.classname }}"{% endif %}>\n'
        "    {% if value is None %}\n"
        "        {% icon title=value|stringformat:'s' name=\"help\" classname=\"default\" %}\n"
        "    {% elif value %}\n"
        "        {% icon title=value|stringformat:'s' name=\"check\" classname=\"default w-text-positive-100\" %}\n"
        "    {% else %}\n"
        "        {% icon title=value|stringformat:'s' name=\"cross\" classname=\"default w-text-text-error\" %}\n"
        "    {% endif %}\n"
        "</td>\n"
    ),
}


@pytest.mark.parametrize("name", sorted(UPSTREAM))
def test_the_wagtail_cells_we_override_are_still_the_ones_we_copied(name):
    upstream = Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/tables" / name

    assert upstream.read_text() == UPSTREAM[name]
