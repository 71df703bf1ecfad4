"""The English catalogue is complete: every Vietnamese source string has a translation, none fuzzy, and the
compiled .mo (what Django loads) holds the same entries as the .po."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.portal.po_files import broken_placeholders, compiled_mismatches, read_entries

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

pytestmark = pytest.mark.skipif(
    not PO_FILE.exists(),
    reason=f"{PO_FILE.relative_to(settings.BASE_DIR)} does not exist yet (make messages)",
)


@pytest.fixture(scope="module")
def po_entries():
    return read_entries(PO_FILE)


def test_every_msgid_has_a_non_empty_translation(po_entries):
    untranslated = [
        entry["msgid"] for entry in po_entries if not entry["msgstr"] or not all(entry["msgstr"].values())
    ]

    assert untranslated == []


def test_no_entry_is_fuzzy(po_entries):
    assert [entry["msgid"] for entry in po_entries if "fuzzy" in entry["flags"]] == []


def test_placeholders_survive_translation(po_entries):
    assert broken_placeholders(po_entries) == []


def test_compiled_catalogue_matches_the_po(po_entries):
    assert MO_FILE.exists(), "compile it: make messages (manage.py compilemessages -l en)"
    assert MO_FILE.stat().st_mtime >= PO_FILE.stat().st_mtime - 1, "django.mo is older than django.po"
    missing, compiled = compiled_mismatches(po_entries, MO_FILE)
    assert missing == []
    assert compiled == len(po_entries)


def test_english_strings_are_used_after_switching_language(client, db):
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Tìm kiếm") != "Tìm kiếm"
