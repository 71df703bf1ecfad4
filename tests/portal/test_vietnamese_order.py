"""Lists sorted by name follow Vietnamese alphabetical order in the database query, on SQLite and PostgreSQL alike
(run this file with DATABASE_URL=postgres://... too): Đ is a letter after D, tones come after the letter."""

import unicodedata

import pytest

from portal.models import AdministrativeUnit, AgencyKind
from portal.ordering import vi, vietnamese_sort_key
from tests.factories.clubs import club_kind, make_club

pytestmark = pytest.mark.django_db

UNITS_IN_ORDER = [
    "An Hải",
    "Ân Thạnh",
    "Bắc Trà My",
    "Duy Xuyên",
    "Đại Lộc",
    "Điện Bàn",
    "Đông Giang",
    "Hội An",
    "Nam Giang",
    "Nông Sơn",
    "Núi Thành",
    "Phú Ninh",
    "Tam Kỳ",
    "Tây Giang",
    "Thăng Bình",
    "Tiên Phước",
]
# The tone order within a letter is the one Vietnamese dictionaries use (Hoàng Phê's Từ điển tiếng Việt, the
# Vietnamese Lexicography Centre's order): không dấu, huyền, hỏi, ngã, sắc, nặng. CLDR's Vietnamese collation (ICU's
# vi-x-icu on PostgreSQL) is the same order, so it is kept: a à ả ã á ạ. Tones decide only between names that are
# otherwise equal; a letter with a breve, circumflex, horn or stroke (ă â ê ô ơ ư đ) is a letter of its own.
TONES_IN_ORDER = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
LETTERS_IN_ORDER = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "o", "ô", "ơ", "u", "ư", "v", "y"]


def test_the_python_key_orders_letters_tones_and_names():
    assert sorted(reversed(LETTERS_IN_ORDER), key=vietnamese_sort_key) == LETTERS_IN_ORDER
    assert sorted(reversed(TONES_IN_ORDER), key=vietnamese_sort_key) == TONES_IN_ORDER
    assert sorted(reversed(UNITS_IN_ORDER), key=vietnamese_sort_key) == UNITS_IN_ORDER


def make_units(names):
    for number, name in enumerate(reversed(names)):
        AdministrativeUnit.objects.create(name=name, slug=f"u-{number}")


def test_units_are_listed_in_vietnamese_order_by_the_database():
    make_units(UNITS_IN_ORDER)

    # the model's default ordering, and an explicit order_by, both in the query
    assert list(AdministrativeUnit.objects.values_list("name", flat=True)) == UNITS_IN_ORDER
    assert list(AdministrativeUnit.objects.order_by(vi("name")).values_list("name", flat=True)) == UNITS_IN_ORDER
    descending = AdministrativeUnit.objects.order_by(vi("name").desc()).values_list("name", flat=True)
    assert list(descending) == UNITS_IN_ORDER[::-1]


def test_every_letter_and_its_tones_in_the_database():
    # The alphabet a ă â b c d đ e ê ..., each letter's tones after it and before the next letter.
    names = []
    for letter in ["a", "ă", "â", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"]:
        names.append(letter.upper())
        if letter not in "dđ":
            names += [
                unicodedata.normalize("NFC", letter.upper() + tone)
                for tone in ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền hỏi ngã sắc nặng
            ]
    for number, name in enumerate(reversed(names)):
        AgencyKind.objects.create(name=name, slug=f"l-{number}")

    assert list(AgencyKind.objects.values_list("name", flat=True)) == names
    assert names[:8] == ["A", "À", "Ả", "Ã", "Á", "Ạ", "Ă", "Ằ"]


def test_tones_and_d_stroke_order_in_the_database():
    for number, name in enumerate(reversed(TONES_IN_ORDER + ["Đa", "Da", "Dạ"])):
        AgencyKind.objects.create(name=name, slug=f"k-{number}")

    assert list(AgencyKind.objects.values_list("name", flat=True)) == ["Da", "Dạ", "Đa", *TONES_IN_ORDER]


def test_the_club_directory_lists_clubs_in_vietnamese_order(client, site_tree):
    directory, _ = site_tree
    kind = club_kind()
    titles = ["CLB Duy Xuyên", "CLB Đại Lộc", "CLB Đông Giang", "CLB Tây Giang"]
    for title in reversed(titles):
        make_club(directory, title=title, kind=kind)

    body = client.get(directory.url).content.decode()

    positions = [body.index(title) for title in titles]
    assert positions == sorted(positions)


def test_the_board_listing_of_units_is_in_vietnamese_order(client, django_user_model):
    from tests.factories.portal import board_user

    make_units(["Tây Giang", "Đại Lộc", "Duy Xuyên", "Đông Giang"])
    client.force_login(board_user())

    body = client.get("/admin/snippets/portal/administrativeunit/").content.decode()

    positions = [body.index(name) for name in ["Duy Xuyên", "Đại Lộc", "Đông Giang", "Tây Giang"]]
    assert positions == sorted(positions)
