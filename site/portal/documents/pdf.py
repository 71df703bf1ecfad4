"""An administrative document (portal.documents.administrative) as PDF with reportlab: A4, the decree's margins,
Liberation Serif 2 (metric-compatible with Times New Roman, every Vietnamese letter; Debian's fonts-liberation2,
installed by .ci/run and the README's setup; the older fonts-liberation 1.x lacks Vietnamese) at 13 pt. Where it
is missing, or lacks a Vietnamese letter, the document is drawn in Be Vietnam Pro (the certificates' font, a
declared dependency) and a warning is logged, so a PDF is never refused and never loses a letter. Nothing is
fetched at run time."""

import io
import logging
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

import fontpkg
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus import Paragraph as Flowing

from portal.documents import administrative as adm
from portal.documents.tables import Table as Figures

logger = logging.getLogger(__name__)

LIBERATION = Path("/usr/share/fonts/truetype/liberation2")
VIETNAMESE = "ẢẠẦẨẪẬẮẰẲẴẶẺẼẸỀỂỄỆỈỊỎỌỒỔỖỘỚỜỞỠỢỦỤỨỪỬỮỰỲỶỸỴĐđơưăâêô"
REGULAR, BOLD, ITALIC, BOLD_ITALIC = "DocSerif", "DocSerif-Bold", "DocSerif-Italic", "DocSerif-BoldItalic"


def covers_vietnamese(path):
    if not path.exists():
        return False
    glyphs = TTFontFile(str(path)).charToGlyph
    return all(ord(char) in glyphs for char in VIETNAMESE + VIETNAMESE.lower())


def _register_fonts():
    files = {REGULAR: "LiberationSerif-Regular.ttf", BOLD: "LiberationSerif-Bold.ttf",
             ITALIC: "LiberationSerif-Italic.ttf", BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf"}
    if all(covers_vietnamese(LIBERATION / name) for name in files.values()):
        paths = {font: LIBERATION / name for font, name in files.items()}
    else:
        logger.warning("fonts-liberation2 is not installed: administrative PDFs use Be Vietnam Pro instead")
        faces = {REGULAR: (400, "normal"), BOLD: (700, "normal"), ITALIC: (400, "italic"), BOLD_ITALIC: (700, "italic")}
        paths = {font: fontpkg.path("Be Vietnam Pro", *face) for font, face in faces.items()}
    for font, path in paths.items():
        if font not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(font, str(path)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)


_register_fonts()


def style(name, size=adm.BODY_PT, font=REGULAR, align=TA_LEFT, after=0, indent=0):
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, alignment=align,
                          spaceAfter=after, firstLineIndent=indent)


CENTER = style("center", align=TA_CENTER)
CENTER_BOLD = style("center-bold", font=BOLD, align=TA_CENTER)
SMALL_CENTER = style("small-center", size=12, align=TA_CENTER)
SMALL_CENTER_BOLD = style("small-center-bold", size=12, font=BOLD, align=TA_CENTER)
DATE = style("date", font=ITALIC, align=TA_CENTER)
KIND = style("kind", size=14, font=BOLD, align=TA_CENTER)
BODY = style("body", align=TA_JUSTIFY, after=6, indent=10 * mm)
HEADING = style("heading", font=BOLD, after=6)
CAPTION = style("caption", font=BOLD_ITALIC, after=3)
CELL = style("cell", size=11)
HEAD_CELL = style("head-cell", size=11, font=BOLD, align=TA_CENTER)
RECIPIENTS = style("recipients", size=12, font=BOLD_ITALIC)
RECIPIENT = style("recipient", size=11)


def text(value, paragraph_style=BODY):
    """Plain text as a Paragraph: `<` and `&` print as typed; NFC, no control or invisible format character."""
    clean = "".join(char for char in adm.line(value) if unicodedata.category(char) != "Cf")
    return Flowing(escape(unicodedata.normalize("NFC", clean)), paragraph_style)


def _columns(left, right, widths):
    table = Table([[left, right]], colWidths=widths)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _figures(table: Figures, width):
    rows = adm.cells(table)
    data = [[text(value, HEAD_CELL if r == 0 else CELL) for value in row] for r, row in enumerate(rows)]
    first = min(width * 0.4, 60 * mm) if len(rows[0]) > 2 else width * 0.5
    rest = (width - first) / max(len(rows[0]) - 1, 1)
    grid = Table(data, colWidths=[first] + [rest] * (len(rows[0]) - 1), repeatRows=1)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if table.total:
        commands.append(("FONTNAME", (0, -1), (-1, -1), BOLD))
    grid.setStyle(TableStyle(commands))
    return grid


def render(doc) -> bytes:
    output = io.BytesIO()
    margins = adm.MARGINS_MM
    template = SimpleDocTemplate(
        output, pagesize=A4, topMargin=margins["top"] * mm, bottomMargin=margins["bottom"] * mm,
        leftMargin=margins["left"] * mm, rightMargin=margins["right"] * mm, title=adm.line(doc.summary),
        author=adm.line(doc.issuer), invariant=True,
    )
    width = template.width
    left = [text(doc.issuer_parent.upper(), SMALL_CENTER), text(doc.issuer.upper(), SMALL_CENTER_BOLD),
            text("_______", SMALL_CENTER), text(doc.number_line(), CENTER)]
    if not doc.kind:
        left.append(text(doc.summary_line(), SMALL_CENTER))
    right = [text(adm.NATIONAL_TITLE, SMALL_CENTER_BOLD), text(adm.MOTTO, CENTER_BOLD),
             text("_______________________", CENTER), text(doc.date_line(), DATE)]
    story = [_columns(left, right, [width * 0.42, width * 0.58]), Spacer(1, 8 * mm)]
    if doc.kind:
        story += [text(doc.kind.upper(), KIND), text(doc.summary_line(), KIND), Spacer(1, 6 * mm)]
    for block in doc.body:
        if isinstance(block, adm.Heading):
            story.append(text(block.text, HEADING))
        elif isinstance(block, adm.Paragraph):
            story += [text(part, BODY) for part in adm.lines(block.text)]
        elif isinstance(block, Figures):
            story += [text(block.title, CAPTION), _figures(block, width), Spacer(1, 4 * mm)]
    recipients = [text("Nơi nhận:", RECIPIENTS)] + [text(f"- {r};", RECIPIENT) for r in doc.recipients]
    signature = [text(doc.signature_capacity.upper(), CENTER_BOLD), text(doc.signature_title.upper(), CENTER_BOLD),
                 Spacer(1, 22 * mm), text(doc.signer, CENTER_BOLD)]
    story += [Spacer(1, 6 * mm), KeepTogether(_columns(recipients, signature, [width * 0.48, width * 0.52]))]
    template.build(story)
    return output.getvalue()
