"""Numbers built in Python (admin columns, exports, PDFs) written as the page around them: in Vietnamese with the
decimal comma (8,5), from the active language's formats (portal/formats/vi/formats.py, Django's vi locale)."""

from django.utils.formats import number_format


def decimal(value, places=1):
    """'8,5' in Vietnamese, '8.5' in English; '' for None."""
    return "" if value is None else number_format(value, decimal_pos=places, use_l10n=True)
