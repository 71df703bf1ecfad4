"""Numbers built in Python (admin columns, exports, PDFs) written as the page around them: in Vietnamese with the
decimal comma (8,5), from the active language's formats (portal/formats/vi/formats.py, Django's vi locale)."""

from django.utils.formats import localize, number_format


def shown(value):
    """A number as this language writes it, its own decimal places kept (Decimal('8.50') -> '8,50'): a float or
    Decimal formatted by Python (str, %s, f-strings) would say 8.5."""
    return localize(value, use_l10n=True)


def decimal(value, places=1):
    """'8,5' in Vietnamese, '8.5' in English; '' for None."""
    return "" if value is None else number_format(value, decimal_pos=places, use_l10n=True)
