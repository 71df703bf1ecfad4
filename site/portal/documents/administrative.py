"""An administrative document as Decree 30/2020/NĐ-CP lays it out, independent of its format: the issuing body
(top left) and the national title (top right), the number and symbol, place and date, the kind and summary, the
body (paragraphs, headings, tables of figures), the recipients (bottom left) and the signature block (bottom
right). `docx.render` and `pdf.render` draw the same `Document`; the apps only fill it.

Text is cleaned here (NFC, no control character: portal.inputs.text) so that whatever people typed reaches a
DOCX (whose XML refuses control characters) and a PDF the same way."""

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from portal.documents.tables import Table
from portal.inputs.text import clean_line, clean_text

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# A4 and the decree's margins (Appendix I, Decree 30/2020/NĐ-CP), in millimetres.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
BODY_PT = 13
# Where the Board's reports to the province go (the "Nơi nhận" of a BÁO CÁO).
REPORT_RECIPIENTS = [
    "UBND tỉnh (để báo cáo)", "Sở Khoa học và Công nghệ", "Các thành viên Ban Điều hành", "Lưu: VT, BĐH"
]


@dataclass
class Heading:
    text: str


@dataclass
class Paragraph:
    text: str


@dataclass
class Document:
    issuer: str  # e.g. "BAN ĐIỀU HÀNH HỖ TRỢ KHỞI NGHIỆP SÁNG TẠO TỈNH QUẢNG NAM"
    kind: str  # "BÁO CÁO", "KẾ HOẠCH"...; empty for a dispatch (công văn), whose summary follows the number
    summary: str
    symbol: str = "BC-BĐH"
    number: str = ""  # left blank ("Số: .../BC-BĐH") until the clerk numbers it
    place: str = "Quảng Nam"
    on: date | None = None  # blank dots when not dated yet
    issuer_parent: str = "UBND TỈNH QUẢNG NAM"
    body: list = field(default_factory=list)  # Heading, Paragraph, Table
    recipients: list = field(default_factory=list)
    signature_capacity: str = "TM. BAN ĐIỀU HÀNH"
    signature_title: str = "TRƯỞNG BAN"
    signer: str = ""

    def number_line(self):
        return f"Số: {clean_line(self.number) or '...'}/{self.symbol}"

    def date_line(self):
        if self.on is None:
            return f"{line(self.place)}, ngày ... tháng ... năm ..."
        # Days and months under 10 take a leading zero (Decree 30/2020, Appendix I).
        return f"{line(self.place)}, ngày {self.on:%d} tháng {self.on:%m} năm {self.on:%Y}"

    def summary_line(self):
        """A dispatch carries its summary under the number as "V/v ..."; other kinds under their name."""
        summary = line(self.summary)
        return summary if self.kind else f"V/v {summary}"


def visible(text):
    """Without invisible format characters (bidi overrides, zero-width spaces, BOM): a font has no glyph for them
    and a bidi override would turn the rest of an official document around."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def line(value):
    return visible(clean_line("" if value is None else str(value)))


def lines(value):
    """A typed text as its paragraphs: cleaned, split on line breaks, empty ones dropped."""
    text = visible(clean_text("" if value is None else str(value)))
    return [part for part in text.split("\n") if part.strip()]


def cells(table: Table):
    """Headings, rows and the total as cleaned strings."""
    rows = [[line(h) for h in table.headings]]
    rows += [[" / ".join(lines(c)) if isinstance(c, str) else line(c) for c in row] for row in table.rows]
    if table.total:
        rows.append([line(c) for c in table.total])
    return rows
