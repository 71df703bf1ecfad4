"""Certificates as PDF: a pure function from a frozen snapshot to bytes.

`render_certificate(CertificateData) -> bytes` draws one A4 landscape page with reportlab. It reads no
database and no clock, so the same snapshot (stored on the Certificate at issue time) always gives the same
bytes: the canvas is `invariant` (fixed creation date and document ID) and the font subsets are named
deterministically by reportlab.

Fonts: Be Vietnam Pro (a Vietnamese-designed typeface with every precomposed Vietnamese letter), installed
by the declared dependency `fontpkg-be-vietnam-pro`; no font file lives in the repository. The fonts are
parsed and registered once, at import.

All text is normalised to Unicode NFC without control characters and drawn with `drawString`-style calls, never
Paragraph markup, so a name containing `<b>` or `&` prints exactly as typed.

The QR code's modules come from the `qrcode` library with a fixed mask pattern (1.3 ms, against 6–10 ms
with mask scoring, and ~14 ms for reportlab's own `qrencoder`, which always scores the masks), and are
drawn as one filled path of horizontal runs rather than one rectangle per module (a QrCodeWidget).
"""

import io
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date

import fontpkg
import qrcode
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from portal.inputs.text import clean_line

FONT_FAMILY = "Be Vietnam Pro"
REGULAR, BOLD, ITALIC = "CertSans", "CertSans-Bold", "CertSans-Italic"
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
NAVY = Color(0.043, 0.31, 0.612)
RED = Color(0.784, 0.063, 0.18)
GREY = Color(0.35, 0.35, 0.35)
QR_MASK = 0

KIND_COMPLETION = "completion"
KIND_CERTIFICATION = "certification"
KIND_ATTENDANCE = "attendance"
KIND_AWARD = "award"
# kind -> (line under the title, the sentence before the course/event title)
KIND_TEXT = {
    KIND_COMPLETION: ("HOÀN THÀNH KHÓA ĐÀO TẠO", "Đã hoàn thành khóa đào tạo"),
    KIND_CERTIFICATION: ("GIẢNG VIÊN NGUỒN", "Được công nhận là giảng viên nguồn của chương trình"),
    KIND_ATTENDANCE: ("THAM DỰ", "Đã tham dự"),
    KIND_AWARD: ("GIẢI THƯỞNG", "Đã đạt"),
}


def _register_fonts():
    for name, weight, style in ((REGULAR, 400, "normal"), (BOLD, 700, "normal"), (ITALIC, 400, "italic")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(fontpkg.path(FONT_FAMILY, weight, style))))


_register_fonts()


def nfc(text):
    """NFC, one line, no control character (portal.inputs.text; a snapshot frozen before text was cleaned on save
    may hold one) and no invisible format character (bidi marks, zero-width spaces, BOM: the font has no glyph for
    them, so they would be drawn as a missing-glyph box): what is drawn and what a PDF reader extracts are the same
    code points."""
    line = "".join(char for char in clean_line(str(text or "")) if unicodedata.category(char) != "Cf")
    return " ".join(line.split())


def vn_date(value):
    return value.strftime("%d/%m/%Y") if value else ""


@dataclass(frozen=True)
class CertificateData:
    """Everything printed on a certificate, frozen at issue time (stored as JSON on the Certificate)."""

    holder_name: str
    course_title: str
    kind: str
    serial: str
    code: str
    issued_on: date
    verify_url: str
    board_name: str
    signatory_name: str
    signatory_title: str
    decision_number: str = ""
    start_date: date | None = None
    end_date: date | None = None
    expires_on: date | None = None
    sectors: str = ""
    place: str = "Quảng Nam"
    extra_lines: tuple = field(default_factory=tuple)
    hours: float | None = None

    DATE_FIELDS = ("issued_on", "start_date", "end_date", "expires_on")

    def to_json(self):
        data = asdict(self)
        for name in self.DATE_FIELDS:
            data[name] = data[name].isoformat() if data[name] else None
        data["extra_lines"] = list(self.extra_lines)
        return data

    @classmethod
    def from_json(cls, data):
        values = {name: data.get(name) for name in cls.__dataclass_fields__ if name in data}
        for name in cls.DATE_FIELDS:
            if values.get(name):
                values[name] = date.fromisoformat(values[name])
        values["extra_lines"] = tuple(values.get("extra_lines") or ())
        return cls(**values)

    @property
    def filename(self):
        return f"giay-chung-nhan-{self.serial or self.code}.pdf".replace("/", "-")


def wrap(text, font, size, width):
    """Greedy word wrap measured with the font's own widths."""
    lines, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if current and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def fit_size(text, font, size, width, minimum=14):
    """The largest size up to `size` at which `text` fits on one line of `width`."""
    while size > minimum and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 1
    return size


def fit_lines(text, font, size, width, max_lines, smallest=3):
    """(size, lines): `text` wrapped to `width` in at most `max_lines` lines, at the largest size up to `size`
    where it fits (text that fits at `size` is drawn exactly as before): an overlong name gets small, never cut
    and never off the page (below `smallest`, lines past `max_lines` are left out)."""
    while True:
        lines = wrap(text, font, size, width)
        widest = max((pdfmetrics.stringWidth(line, font, size) for line in lines), default=0)
        if (len(lines) <= max_lines and widest <= width) or size <= smallest:
            return size, lines[:max_lines]
        size -= 0.5


def qr_matrix(text):
    """The QR modules of `text` (error correction M) as rows of booleans, without the quiet zone.

    The mask pattern is fixed: every mask is valid and decoders read it from the format bits, while
    scoring the eight masks (the library's default) costs ~9 ms of the ~30 ms a certificate takes.
    """
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.modules


def draw_qr(canvas, text, x, y, size):
    """A QR code of side `size` at (x, y): one path of horizontal runs of dark modules, filled once.

    Drawn in module units (a translate and scale, rows downwards), so each run is four small integers.
    """
    matrix = qr_matrix(text)
    count = len(matrix)
    quiet = 2
    module = size / (count + 2 * quiet)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.translate(x + quiet * module, y + size - quiet * module)
    canvas.scale(module, -module)
    path = canvas.beginPath()
    for row, cells in enumerate(matrix):
        col = 0
        while col < count:
            if cells[col]:
                start = col
                while col < count and cells[col]:
                    col += 1
                path.rect(start, row, col - start, 1)
            else:
                col += 1
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


@dataclass(frozen=True)
class Revocation:
    """What a revoked certificate's copy is stamped with (the Board's downloads only)."""

    on: date
    reason: str


def render_certificate(
    data: CertificateData, revoked: Revocation | None = None, layout: dict | None = None, assets=None
) -> bytes:
    """The certificate as the bytes of a one-page PDF. Pure: same data, same bytes. Without `layout` (certificates
    issued before the designer, or with no template chosen) today's A4 landscape page (draw_page); with one, the
    designed page (training.certificates.layout, its images' bytes in `assets`). With `revoked`, the same page is
    drawn and then stamped over (draw_revoked_stamp); without, nothing changes."""
    from training.certificates import layout as designed

    buffer = io.BytesIO()
    size = designed.page_size(layout) if layout else (PAGE_WIDTH, PAGE_HEIGHT)
    canvas = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1)
    canvas.setTitle(nfc(f"Giấy chứng nhận {data.serial}"))
    canvas.setAuthor(nfc(data.board_name))
    canvas.setSubject(nfc(data.course_title))
    canvas.setCreator("Cổng Khởi nghiệp Quảng Nam")
    if layout:
        designed.draw_layout(canvas, data, layout, assets or {})
    else:
        draw_page(canvas, data)
    if revoked is not None:
        draw_revoked_stamp(canvas, revoked)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def draw_revoked_stamp(canvas, revoked):
    """A red diagonal "ĐÃ THU HỒI" across the page and, along the bottom, the date and reason of revocation."""
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(Color(RED.red, RED.green, RED.blue, alpha=0.28))
    canvas.translate(width / 2, height / 2)
    canvas.rotate(30)
    canvas.setFont(BOLD, 110)
    canvas.drawCentredString(0, -35, nfc("ĐÃ THU HỒI"))
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColor(RED)
    line = nfc(f"ĐÃ THU HỒI ngày {vn_date(revoked.on)}: {' '.join(str(revoked.reason or '').split())}")
    size = fit_size(line, BOLD, 13, width - 40 * mm, minimum=7)
    lines = wrap(line, BOLD, size, width - 40 * mm)[:3]
    for index, text in enumerate(lines):
        canvas.setFont(BOLD, size)
        canvas.drawCentredString(width / 2, 18 * mm + (len(lines) - 1 - index) * (size + 2), text)
    canvas.restoreState()


def draw_page(canvas, data):
    width, height = PAGE_WIDTH, PAGE_HEIGHT
    centre = width / 2
    text_width = width - 60 * mm

    # Frame: a navy double border.
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)

    # Heading: the Board on the left, the national motto on the right.
    canvas.setFillColor(NAVY)
    board_size, board_lines = fit_lines(nfc(data.board_name).upper(), BOLD, 9.5, 125 * mm, 3)
    top = height - 25 * mm
    for index, line in enumerate(board_lines):
        canvas.setFont(BOLD, board_size)
        canvas.drawCentredString(80 * mm, top - index * (board_size + 2.5), line)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(BOLD, 10)
    canvas.drawCentredString(width - 80 * mm, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    canvas.setFont(BOLD, 10)
    canvas.drawCentredString(width - 80 * mm, top - 13, "Độc lập - Tự do - Hạnh phúc")
    canvas.setLineWidth(0.6)
    canvas.line(width - 105 * mm, top - 17, width - 55 * mm, top - 17)

    # Title and kind.
    subtitle, statement = KIND_TEXT.get(data.kind, ("", ""))
    canvas.setFillColor(RED)
    canvas.setFont(BOLD, 34)
    canvas.drawCentredString(centre, height - 62 * mm, "GIẤY CHỨNG NHẬN")
    canvas.setFillColor(NAVY)
    if subtitle:
        canvas.setFont(BOLD, 15)
        canvas.drawCentredString(centre, height - 72 * mm, subtitle)

    # Holder.
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(REGULAR, 14)
    canvas.drawCentredString(centre, height - 86 * mm, "Chứng nhận Ông/Bà:")
    name = nfc(data.holder_name)
    name_size = fit_size(name, BOLD, 28, text_width)
    canvas.setFillColor(NAVY)
    canvas.setFont(BOLD, name_size)
    canvas.drawCentredString(centre, height - 99 * mm, name)

    # What for.
    canvas.setFillColorRGB(0, 0, 0)
    y = height - 111 * mm
    if statement:
        canvas.setFont(REGULAR, 13)
        canvas.drawCentredString(centre, y, statement)
        y -= 18
    canvas.setFont(BOLD, 16)
    for line in wrap(nfc(data.course_title), BOLD, 16, text_width)[:3]:
        canvas.drawCentredString(centre, y, line)
        y -= 20
    canvas.setFont(REGULAR, 12)
    details = []
    if data.start_date and data.end_date:
        details.append(f"Thời gian đào tạo: từ ngày {vn_date(data.start_date)} đến ngày {vn_date(data.end_date)}")
    if data.sectors:
        details.append(nfc(f"Lĩnh vực: {data.sectors}"))
    if data.decision_number:
        details.append(nfc(f"Theo Quyết định số {data.decision_number} của {data.board_name}"))
    if data.expires_on:
        details.append(f"Giá trị đến ngày {vn_date(data.expires_on)}")
    details.extend(nfc(line) for line in data.extra_lines)
    for line in details:
        for part in wrap(line, REGULAR, 12, text_width):
            canvas.drawCentredString(centre, y, part)
            y -= 16

    # Bottom left: QR code, serial and code.
    qr_size = 34 * mm
    qr_x, qr_y = 22 * mm, 20 * mm
    draw_qr(canvas, data.verify_url, qr_x, qr_y, qr_size)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(BOLD, 11)
    canvas.drawString(qr_x + qr_size + 4 * mm, qr_y + 24 * mm, nfc(f"Số hiệu: {data.serial}"))
    canvas.setFont(REGULAR, 9)
    canvas.drawString(qr_x + qr_size + 4 * mm, qr_y + 18 * mm, nfc(f"Mã xác minh: {data.code}"))
    canvas.setFillColor(GREY)
    canvas.setFont(ITALIC, 8)
    canvas.drawString(qr_x + qr_size + 4 * mm, qr_y + 13 * mm, "Quét mã QR hoặc nhập mã tại:")
    canvas.drawString(qr_x + qr_size + 4 * mm, qr_y + 9 * mm, nfc(data.verify_url))

    # Bottom right: place, date, signatory.
    sign_x = width - 80 * mm
    issued = data.issued_on
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(ITALIC, 12)
    canvas.drawCentredString(
        sign_x, 62 * mm, nfc(f"{data.place}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}")
    )
    # The signatory's title and name shrink (and the name wraps) rather than run off the page: a competition's
    # organiser types them (ideas.competitions), not only the Board's settings.
    title_size, title_lines = fit_lines(nfc(data.signatory_title).upper(), BOLD, 12, 100 * mm, 3)
    canvas.setFont(BOLD, title_size)
    for index, line in enumerate(title_lines):
        canvas.drawCentredString(sign_x, 55 * mm - index * (title_size + 3), line)
    name_size, name_lines = fit_lines(nfc(data.signatory_name), BOLD, 14, 120 * mm, 2)
    canvas.setFont(BOLD, name_size)
    for index, line in enumerate(name_lines):
        canvas.drawCentredString(sign_x, 24 * mm + (len(name_lines) - 1 - index) * (name_size + 2), line)
