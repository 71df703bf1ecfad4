"""A certificate page drawn from a designed layout (training.certificates.designs): pure, like pdf.draw_page.

A layout is the frozen JSON copy of one version of a CertificateTemplate, stored in the certificate's `data` at
issue ("layout"), so a certificate is always redrawn with the version it was issued with:

    {"orientation": "landscape" | "portrait", "border": "double" | "none",
     "background": asset name or None, "logo": ..., "signature": ...,
     "boxes": [{"kind", "x", "y", "width", "height" (mm, from the page's top left), "size" (pt),
                "weight": "regular" | "bold" | "italic", "align": "left" | "center" | "right",
                "colour": "navy" | "red" | "black" | "grey", "text" (the "text" kind's own words)}]}

Images are named by their content hash (training.certificates.assets); `assets` maps each name to its bytes.
Text never leaves its box: it is wrapped to the box's width, then made smaller (down to MIN_SIZE) until its lines
fit the height; a word wider than the box at MIN_SIZE is narrowed horizontally, and lines that still do not fit
the height are left out.
"""

import io

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics

from training.certificates import pdf

MIN_SIZE = 6
LEADING = 1.27  # the font's ascent (1.0) and descent (0.265): a line's glyphs never leave its height
FONTS = {"regular": pdf.REGULAR, "bold": pdf.BOLD, "italic": pdf.ITALIC}
COLOURS = {"navy": pdf.NAVY, "red": pdf.RED, "black": Color(0, 0, 0), "grey": pdf.GREY}
IMAGE_KINDS = ("logo", "signature")


def page_size(layout):
    return portrait(A4) if layout.get("orientation") == "portrait" else landscape(A4)


def amount(hours):
    """24 -> "24", 1.5 -> "1,5" (Vietnamese decimal comma)."""
    return f"{hours:g}".replace(".", ",")


def paragraphs(kind, data, box):
    """What a box of `kind` prints for `data`: a list of paragraphs (each wrapped on its own)."""
    subtitle, statement = pdf.KIND_TEXT.get(data.kind, ("", ""))
    dates = ""
    if data.start_date and data.end_date:
        dates = f"Thời gian đào tạo: từ ngày {pdf.vn_date(data.start_date)} đến ngày {pdf.vn_date(data.end_date)}"
    hours = f"Thời lượng: {amount(data.hours)} giờ" if data.hours else ""
    decision = f"Theo Quyết định số {data.decision_number} của {data.board_name}" if data.decision_number else ""
    sectors = f"Lĩnh vực: {data.sectors}" if data.sectors else ""
    expiry = f"Giá trị đến ngày {pdf.vn_date(data.expires_on)}" if data.expires_on else ""
    issued = data.issued_on
    texts = {
        "board": [str(data.board_name or "").upper()],
        "motto": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        "heading": ["GIẤY CHỨNG NHẬN"],
        "subtitle": [subtitle],
        "holder_label": ["Chứng nhận Ông/Bà:"],
        "name": [data.holder_name],
        "statement": [statement],
        "course": [data.course_title],
        "dates": [dates],
        "hours": [hours],
        "decision": [decision],
        "sectors": [sectors],
        "expiry": [expiry],
        "extra": list(data.extra_lines),
        "details": [dates, hours, sectors, decision, expiry, *data.extra_lines],
        "serial": [f"Số hiệu: {data.serial}"],
        "code": [f"Mã xác minh: {data.code}"],
        "verify_hint": ["Quét mã QR hoặc nhập mã tại:", data.verify_url],
        "place_date": [f"{data.place}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"],
        "signatory_title": [str(data.signatory_title or "").upper()],
        "signatory_name": [data.signatory_name],
        "text": [box.get("text", "")],
    }
    return [line for line in (pdf.nfc(text) for text in texts.get(kind, [])) if line]


def fit(parts, font, size, width, height):
    """(size, lines, horizontal scale in %) at which `parts` fit a box of width x height (points)."""
    size = max(float(size), MIN_SIZE)
    while True:
        lines = [line for part in parts for line in pdf.wrap(part, font, size, width)]
        widest = max((pdfmetrics.stringWidth(line, font, size) for line in lines), default=0)
        if (widest <= width and len(lines) * size * LEADING <= height + 0.01) or size <= MIN_SIZE:
            break
        size = max(size - 0.5, MIN_SIZE)
    room = max(1, int((height + 0.01) // (size * LEADING)))
    scale = 100.0 if widest <= width else max(100.0 * width / widest, 1.0)
    return size, lines[:room], scale


def draw_text_box(canvas, box, parts):
    font = FONTS.get(box.get("weight"), pdf.REGULAR)
    width, height = box["width"] * mm, box["height"] * mm
    size, lines, scale = fit(parts, font, box.get("size") or 12, width, height)
    page_height = canvas._pagesize[1]
    top = page_height - box["y"] * mm
    left, align = box["x"] * mm, box.get("align")
    canvas.saveState()
    canvas.setFillColor(COLOURS.get(box.get("colour"), COLOURS["black"]))
    for index, line in enumerate(lines):
        # The baseline one ascent under the line's top.
        baseline = top - size - index * size * LEADING
        text = canvas.beginText()
        text.setFont(font, size)
        text.setHorizScale(scale)
        line_width = pdfmetrics.stringWidth(line, font, size) * scale / 100
        if align == "center":
            x = left + (width - line_width) / 2
        elif align == "right":
            x = left + width - line_width
        else:
            x = left
        text.setTextOrigin(x, baseline)
        text.textOut(line)
        canvas.drawText(text)
    if box.get("kind") == "motto" and lines:  # the rule under "Độc lập - Tự do - Hạnh phúc", as Decree 30 has it
        rule = line_width * 0.9
        middle = x + line_width / 2
        canvas.setStrokeColor(COLOURS.get(box.get("colour"), COLOURS["black"]))
        canvas.setLineWidth(0.6)
        canvas.line(middle - rule / 2, baseline - size * 0.5, middle + rule / 2, baseline - size * 0.5)
    canvas.restoreState()


def draw_image(canvas, content, x, y, width, height, fill=False):
    """`content` (image bytes) inside the box, keeping its proportions (stretched to the box when `fill`)."""
    if not content:
        return
    reader = ImageReader(io.BytesIO(content))
    if not fill:
        image_width, image_height = reader.getSize()
        ratio = min(width / image_width, height / image_height)
        shown_width, shown_height = image_width * ratio, image_height * ratio
        x, y = x + (width - shown_width) / 2, y + (height - shown_height) / 2
        width, height = shown_width, shown_height
    canvas.drawImage(reader, x, y, width, height, mask="auto")


def draw_border(canvas, width, height):
    canvas.setStrokeColor(pdf.NAVY)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)


def draw_layout(canvas, data, layout, assets):
    width, height = page_size(layout)
    if layout.get("background"):
        draw_image(canvas, assets.get(layout["background"]), 0, 0, width, height, fill=True)
    if layout.get("border", "double") == "double":
        draw_border(canvas, width, height)
    for box in layout.get("boxes", []):
        kind = box.get("kind")
        x, y = box["x"] * mm, height - (box["y"] + box["height"]) * mm
        w, h = box["width"] * mm, box["height"] * mm
        if kind == "qr":
            side = min(w, h)
            pdf.draw_qr(canvas, data.verify_url, x, y + h - side, side)
        elif kind in IMAGE_KINDS:
            draw_image(canvas, assets.get(layout.get(kind) or ""), x, y, w, h)
        else:
            parts = paragraphs(kind, data, box)
            if parts:
                draw_text_box(canvas, box, parts)


def box(kind, x, y, width, height, size, weight="regular", align="center", colour="black", text=""):
    return {
        "kind": kind, "x": x, "y": y, "width": width, "height": height, "size": size,
        "weight": weight, "align": align, "colour": colour, "text": text,
    }  # fmt: skip


def default_boxes():
    """Today's page (pdf.draw_page) as boxes: A4 landscape, 297 x 210 mm."""
    return [
        box("board", 17.5, 21, 125, 13, 9.5, "bold", colour="navy"),
        box("motto", 157, 21, 120, 11, 10, "bold"),
        box("heading", 40, 49, 217, 14, 34, "bold", colour="red"),
        box("subtitle", 40, 66.5, 217, 7, 15, "bold", colour="navy"),
        box("holder_label", 40, 80.5, 217, 7, 14),
        box("name", 30, 89.5, 237, 12, 28, "bold", colour="navy"),
        box("statement", 30, 106.5, 237, 6, 13),
        box("course", 30, 112.5, 237, 21, 16, "bold"),
        box("details", 30, 133, 237, 13.5, 12),
        box("qr", 22, 156, 34, 34, 6),
        box("serial", 60, 162, 75, 6, 11, "bold", "left"),
        box("code", 60, 168.5, 75, 5, 9, align="left"),
        box("verify_hint", 60, 173.5, 104, 9, 8, "italic", "left", "grey"),
        box("place_date", 167, 147.5, 100, 6, 12, "italic"),
        box("signatory_title", 167, 154, 100, 11, 12, "bold"),
        box("signature", 187, 165.5, 60, 15, 6),
        box("signatory_name", 167, 180.5, 100, 7, 14, "bold"),
    ]


def default_layout():
    return {"orientation": "landscape", "border": "double", "background": None, "logo": None, "signature": None,
            "boxes": default_boxes()}  # fmt: skip
