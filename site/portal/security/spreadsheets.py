"""Spreadsheet exports that cannot run code (CSV/formula injection, OWASP): every text cell a spreadsheet would read
as a formula or a command (starting with = + - @, a tab or a carriage return) gets a leading quote, so Excel and
LibreOffice show the text instead of evaluating it. Numbers and dates are left alone, so -5 stays a number.
Control characters are removed first (portal.inputs.text.clean_markup: NFC, LF line breaks kept): openpyxl refuses
them with IllegalCharacterError, so one such name (saved before text was cleaned on save) made a whole export fail.

The one helper for every export of the project:
- the agency's and the Board's nomination lists (training.nominations.exports) call `neutralise` on each cell;
- every Wagtail listing or report with `list_export` (our snippet viewsets and reports, and Wagtail's own: locked
  and aging pages, site history, workflows, form submissions) goes through `SpreadsheetExportMixin`, which
  `protect_wagtail_exports` makes safe once, at start-up (portal.apps), so no export can be added that forgets it.
"""

import unicodedata
from decimal import Decimal

from portal.inputs.text import clean_markup

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PRINTABLE_FORMULA_START = frozenset("=+-@")  # a tab or CR is not printable: such a row takes the slow path


def neutralise(value):
    """The cell value as a spreadsheet may show it: no control character, and text that would start a formula is
    prefixed with a quote."""
    if not isinstance(value, str):
        return value
    if value.isprintable() and not value.startswith(FORMULA_START) and unicodedata.is_normalized("NFC", value):
        return value  # nothing to clean (a control character or a line break is never printable): most cells
    risky = value.startswith(FORMULA_START)  # decided before cleaning turns a leading CR into LF
    value = clean_markup(value)
    if risky or value.startswith(FORMULA_START + ("\n",)):
        return "'" + value
    return value


def neutralise_row(values):
    """`neutralise` of every cell of a row, in one pass over its text when nothing needs cleaning (most rows): a
    long export spent a third of its time checking each cell alone. The concatenation is printable and NFC only if
    every cell is; otherwise each cell is cleaned on its own."""
    texts = "".join([value for value in values if value.__class__ is str])
    if texts.isprintable() and unicodedata.is_normalized("NFC", texts):
        return [
            "'" + value if value.__class__ is str and value[:1] in _PRINTABLE_FORMULA_START else value
            for value in values
        ]
    return [neutralise(value) for value in values]


def protect_wagtail_exports():
    """Neutralise every cell Wagtail's SpreadsheetExportMixin writes, CSV and XLSX alike.

    Wagtail turns cells openpyxl reads as formulas ("=...") back into text in XLSX, but writes CSV cells as they
    are; every value of both formats passes through `preprocess_field_value`, so it is wrapped there. Idempotent."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    from portal.admin.booleans import yes_no
    from portal.formats.numbers import shown

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, bool):  # Có/Không as on screen, not True/False
            return yes_no(value)
        if export_format == "csv" and isinstance(value, (Decimal, float)):  # 8,5 as on screen; XLSX keeps a number
            return shown(value)
        return neutralise(original(self, field, value, export_format))

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
