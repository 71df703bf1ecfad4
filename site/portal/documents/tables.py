"""One table of figures, as every document format draws it: a title, headings, rows and an optional total row."""

from dataclasses import dataclass


@dataclass
class Table:
    title: str
    headings: list
    rows: list  # lists of str/int/Decimal
    total: list | None = None
