"""Vietnamese alphabetical order, in the database query, the same on SQLite and PostgreSQL.

a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z): ă â đ ê ô ơ ư are letters of their own
(primary difference, so "Đại Lộc" comes after "Duy Xuyên", never after "Tây Giang"); tones only decide between
otherwise equal names (secondary), then case (tertiary). This is the Unicode CLDR Vietnamese collation, which
PostgreSQL ships as the ICU collation "vi-x-icu"; on SQLite the same name is registered on every connection with
`vietnamese_sort_key` below, which follows the same rules, so both backends give one order (tested on both).
CLDR orders the tones a à ả ã á ạ (none, huyền, hỏi, ngã, sắc, nặng), as Vietnamese dictionaries do.

Use `vi(field)` wherever a list is ordered by a name: `.order_by("sort_order", vi("name"))`, also in Meta.ordering.
"""

import unicodedata
from functools import lru_cache

from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "vi-x-icu"

_LETTERS = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
# Combining marks that make a letter of its own (breve, circumflex, horn) vs. the five tones.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
# Primary weights: whitespace < punctuation and symbols < digits < letters, as ICU's non-ignorable default.
_SPACE, _PUNCT, _DIGIT0, _LETTER0 = 1, 2, 10, 40


def _weights(text):
    """(primary, secondary, tertiary) weights of each letter of the text, after canonical decomposition."""
    return [_char_weights(char) for char in unicodedata.normalize("NFC", str(text))]


@lru_cache(maxsize=4096)
def _char_weights(char):
    """One letter's weights: remembered, since a text is a few dozen of a few hundred distinct letters."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    lower = base.lower()
    upper = 1 if base != lower else 0
    tone = 0
    letter = lower
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            letter += mark
    letter = unicodedata.normalize("NFC", letter)
    if char in "đĐ":
        letter = "đ"
    if letter in _LETTERS:
        primary = _LETTER0 + _LETTERS.index(letter)
    elif letter[0] in _LETTERS:  # a letter with a mark Vietnamese does not use: its base letter
        primary = _LETTER0 + _LETTERS.index(letter[0])
    elif lower.isdigit() and lower.isascii():
        primary = _DIGIT0 + int(lower)
    elif lower.isspace():
        primary = _SPACE
    elif lower.isalpha():  # another alphabet: after the Latin letters, in code point order
        primary = _LETTER0 + len(_LETTERS) + ord(lower)
    else:
        primary = _PUNCT
    return (primary, tone, upper)


@lru_cache(maxsize=65536)
def _key(text):
    weights = _weights(text)
    return (tuple(w[0] for w in weights), tuple(w[1] for w in weights), tuple(w[2] for w in weights))


def vietnamese_sort_key(text):
    """A key that sorts as the Vietnamese collation does: compare primary weights, then tones, then case.
    Remembered per text: SQLite calls the collation twice per comparison, so a sorted list of n names would
    otherwise decompose each name about log n times (a fifth of the home page's CPU on SQLite)."""
    return _key(str(text or ""))


def _compare(left, right):  # SQLite passes str (or None for NULL)
    a, b = _key(left or ""), _key(right or "")
    return (a > b) - (a < b)


def vi(field):
    """An order_by term: the field in Vietnamese alphabetical order."""
    return Collate(F(field), COLLATION)


def _register(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def connect():
    connection_created.connect(_register, dispatch_uid="portal.ordering.vietnamese_collation")
