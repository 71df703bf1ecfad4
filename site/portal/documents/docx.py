"""An administrative document (portal.documents.administrative) as DOCX with python-docx: A4, the decree's margins,
Times New Roman 13 pt (LibreOffice shows it in the metric-compatible Liberation Serif), the two-column header and
footer tables without borders, tables of figures with borders. Editable: agencies exchange DOCX."""

import io

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from portal.documents.administrative import (
    BODY_PT,
    MARGINS_MM,
    MOTTO,
    NATIONAL_TITLE,
    Heading,
    Paragraph,
    cells,
    line,
    lines,
)
from portal.documents.tables import Table

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"


def _font(run, size=BODY_PT, bold=False, italic=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    # Word picks the font of Vietnamese letters from the complex-script and East Asian slots too.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    return run


def _para(container, text="", size=BODY_PT, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.LEFT, after=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if text:
        _font(paragraph.add_run(text), size, bold, italic)
    return paragraph


def _two_columns(document, widths):
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Both the grid and the cells: Word reads the cells' widths, LibreOffice the grid's (python-docx shares the page
    # out evenly there, and the national title then wrapped in its half).
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = Mm(width)
        cell.width = Mm(width)
        cell.paragraphs[0].text = ""
    return table.rows[0].cells


def _cell_text(cell, text, **style):
    first = cell.paragraphs[0]
    if not first.text and not first.runs:
        first.alignment = style.get("align", WD_ALIGN_PARAGRAPH.LEFT)
        _font(first.add_run(text), style.get("size", BODY_PT), style.get("bold", False), style.get("italic", False))
        return first
    return _para(cell, text, **style)


def _figures(document, table: Table):
    rows = cells(table)
    grid = document.add_table(rows=len(rows), cols=len(rows[0]))
    grid.style = "Table Grid"
    for r, row in enumerate(rows):
        bold = r == 0 or (table.total is not None and r == len(rows) - 1)
        for c, value in enumerate(row):
            cell = grid.rows[r].cells[c]
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else WD_ALIGN_PARAGRAPH.LEFT
            _font(cell.paragraphs[0].add_run(value), 12, bold)
    _para(document, after=6)


def render(doc) -> bytes:
    document = new_docx()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)

    center = WD_ALIGN_PARAGRAPH.CENTER
    left, right = _two_columns(document, (70, 95))
    _cell_text(left, line(doc.issuer_parent).upper(), size=12, align=center)
    _cell_text(left, line(doc.issuer).upper(), size=12, bold=True, align=center)
    _cell_text(left, "_______", size=12, align=center)
    _cell_text(left, doc.number_line(), size=13, align=center)
    if not doc.kind:
        _cell_text(left, doc.summary_line(), size=12, align=center)
    _cell_text(right, NATIONAL_TITLE, size=12, bold=True, align=center)
    _cell_text(right, MOTTO, size=13, bold=True, align=center)
    _cell_text(right, "_______________________", size=13, align=center)
    _cell_text(right, doc.date_line(), size=13, italic=True, align=center)

    _para(document, after=6)
    if doc.kind:
        _para(document, line(doc.kind).upper(), size=14, bold=True, align=center)
        _para(document, doc.summary_line(), size=14, bold=True, align=center, after=12)

    for block in doc.body:
        if isinstance(block, Heading):
            _para(document, line(block.text), bold=True, after=6)
        elif isinstance(block, Paragraph):
            for text in lines(block.text):
                paragraph = _para(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
                paragraph.paragraph_format.first_line_indent = Mm(10)
        elif isinstance(block, Table):
            _para(document, line(block.title), bold=True, italic=True, after=3)
            _figures(document, block)

    _para(document, after=6)
    left, right = _two_columns(document, (80, 85))
    _cell_text(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for recipient in doc.recipients:
        _cell_text(left, f"- {line(recipient)};", size=11)
    _cell_text(right, line(doc.signature_capacity).upper(), bold=True, align=center)
    _cell_text(right, line(doc.signature_title).upper(), bold=True, align=center)
    for _blank in range(3):
        _cell_text(right, "", align=center)
    _cell_text(right, line(doc.signer), bold=True, align=center)

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
