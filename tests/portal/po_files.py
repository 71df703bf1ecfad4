"""Reading gettext catalogues in tests: .po entries, their placeholders, and whether the compiled .mo matches."""

import ast
import gettext
import re
from pathlib import Path

# Python-format conversions (%(name)s, %s, %d), str.format fields ({name}) and HTML tags with their attributes:
# a translation must keep each of them exactly. "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%%|%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{\w*\}|<[^<>]+>")


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
            if keyword in ("msgctxt", "msgid") and keyword in entry:
                # the previous entry had no blank line after it (some packages' files)
                finish()
                entry = {"flags": set(), "msgstr": {}, "obsolete": obsolete}
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


def read_entries(path):
    """The live entries of the .po at `path`, without the header and the obsolete (#~) ones."""
    entries = parse_po(Path(path).read_text(encoding="utf-8"))
    return [entry for entry in entries if not entry["obsolete"] and entry["msgid"] != ""]


def catalogue_key(entry):
    """The key gettext uses: "context\\x04msgid" for an entry with a context."""
    return f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]


def placeholders(text):
    return sorted(match for match in PLACEHOLDER.findall(text) if match != "%%")


def broken_placeholders(entries):
    """Entries whose translation does not keep the placeholders of the msgid (or, for a plural, of either form)."""
    broken = []
    for entry in entries:
        allowed = [placeholders(entry["msgid"])]
        if "msgid_plural" in entry:
            allowed.append(placeholders(entry["msgid_plural"]))
        broken += [(entry["msgid"], text) for text in entry["msgstr"].values() if placeholders(text) not in allowed]
    return broken


def compiled_mismatches(entries, mo_file):
    """Entries of the .po whose translation the compiled .mo does not hold, and the .mo's count of messages."""
    with Path(mo_file).open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    missing = []
    for entry in entries:
        key = catalogue_key(entry)
        if "msgid_plural" in entry:
            missing += [(entry["msgid"], i) for i, text in entry["msgstr"].items() if catalogue.get((key, i)) != text]
        elif catalogue.get(key) != entry["msgstr"].get(None):
            missing.append(entry["msgid"])
    return missing, len({key if isinstance(key, str) else key[0] for key in catalogue if key != ""})
