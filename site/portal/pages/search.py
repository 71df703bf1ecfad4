"""Diacritic-insensitive search, as Vietnamese users type.

Wagtail indexes a folded copy of each searchable text (`folded()`), and the query is folded the same
way, so `nguyen`, `Nguyen` and `Nguyễn` meet on `nguyen` on every database backend.
"""

import re
import unicodedata

from anyascii import anyascii


def folded(*texts):
    joined = " ".join(str(text) for text in texts if text)
    return anyascii(unicodedata.normalize("NFC", joined)).lower()


def search_terms(query):
    """The query as the index sees it: folded, with punctuation (quotes, operators, NUL) reduced to spaces so no
    backend's query syntax can trip on it."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded(query)).split())


def ascii_slug(text):
    """An ASCII slug that keeps Vietnamese letters readable: "Điện Bàn" -> "dien-ban"."""
    from django.utils.text import slugify

    return slugify(anyascii(text))
