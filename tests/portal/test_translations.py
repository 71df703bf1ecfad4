"""The English catalogue is complete: every Vietnamese source string has a translation, none fuzzy, and the
compiled .mo (what Django loads) holds the same entries as the .po."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

pytestmark = pytest.mark.skipif(
    not PO_FILE.exists(),
    reason=f"{PO_FILE.relative_to(settings.BASE_DIR)} does not exist yet (make messages)",
)


def parse_po(text):
    """Entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (str or {index: str}), flags, obsolete."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in text.splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}, "obsolete": False}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        entry["obsolete"] = entry["obsolete"] or obsolete
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest.strip())
            field = keyword
            if keyword.startswith("msgstr["):
                field = ("msgstr", int(keyword[7:-1]))
                entry["msgstr"][field[1]] = ""
            elif keyword == "msgstr":
                field = ("msgstr", None)
                entry["msgstr"][None] = ""
            else:
                entry[keyword] = ""
        if isinstance(field, tuple):
            entry["msgstr"][field[1]] += value
        else:
            entry[field] += value
    finish()
    return entries


@pytest.fixture(scope="module")
def po_entries():
    entries = [entry for entry in parse_po(PO_FILE.read_text(encoding="utf-8")) if not entry["obsolete"]]
    return [entry for entry in entries if entry["msgid"] != ""]  # the header


def test_every_msgid_has_a_non_empty_translation(po_entries):
    untranslated = [
        entry["msgid"] for entry in po_entries if not entry["msgstr"] or not all(entry["msgstr"].values())
    ]

    assert untranslated == []


def test_no_entry_is_fuzzy(po_entries):
    assert [entry["msgid"] for entry in po_entries if "fuzzy" in entry["flags"]] == []


def test_placeholders_survive_translation(po_entries):
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")
    broken = [
        entry["msgid"]
        for entry in po_entries
        for text in entry["msgstr"].values()
        if sorted(placeholder.findall(text))
        != sorted(placeholder.findall(entry.get("msgid_plural") or entry["msgid"]))
        and sorted(placeholder.findall(text)) != sorted(placeholder.findall(entry["msgid"]))
    ]

    assert broken == []


def test_compiled_catalogue_matches_the_po(po_entries):
    assert MO_FILE.exists(), "compile it: make messages (manage.py compilemessages -l en)"
    assert MO_FILE.stat().st_mtime >= PO_FILE.stat().st_mtime - 1, "django.mo is older than django.po"
    with MO_FILE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog

    missing = []
    for entry in po_entries:
        key = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
        if "msgid_plural" in entry:
            for index, text in entry["msgstr"].items():
                if catalogue.get((key, index)) != text:
                    missing.append((entry["msgid"], index))
        elif catalogue.get(key) != entry["msgstr"].get(None):
            missing.append(entry["msgid"])
    assert missing == []
    assert len({key if isinstance(key, str) else key[0] for key in catalogue if key != ""}) == len(po_entries)


def test_english_strings_are_used_after_switching_language(client, db):
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Tìm kiếm") != "Tìm kiếm"
