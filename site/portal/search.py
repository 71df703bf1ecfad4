"""Diacritic-insensitive search, as Vietnamese users type.

Wagtail indexes a folded copy of each searchable text (`folded()`), and the query is folded the same
way, so `nguyen`, `Nguyen` and `Nguyễn` meet on `nguyen` on every database backend.
"""

import unicodedata

from anyascii import anyascii


def folded(*texts):
    joined = " ".join(str(text) for text in texts if text)
    return anyascii(unicodedata.normalize("NFC", joined)).lower()


def ascii_slug(text):
    """An ASCII slug that keeps Vietnamese letters readable: "Điện Bàn" -> "dien-ban"."""
    from django.utils.text import slugify

    return slugify(anyascii(text))
