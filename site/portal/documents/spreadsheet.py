"""A table of figures as a worksheet: bold headings, widths fitted to the text, and every text cell formula-safe
(portal.security.spreadsheets.neutralise), since unit, agency, club names and narratives are typed by people."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from portal.security.spreadsheets import neutralise

MAX_WIDTH = 50
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_table(sheet, table, heading):
    bold = Font(bold=True)
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append([neutralise(str(value)) for value in table.headings])
    for cell in sheet[3]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        sheet.append([neutralise(value) for value in row])
    if table.total is not None:
        sheet.append([neutralise(value) for value in table.total])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
    sheet.freeze_panes = "B4"
    for index, heading_text in enumerate(table.headings, start=1):
        values = [str(row[index - 1]) for row in table.rows + ([table.total] if table.total else [])]
        # Headings wrap; data sets the width (at least a short heading's worth).
        width = max([len(value) for value in values] + [min(len(str(heading_text)), 18), 8])
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)


def workbook_bytes(tables, heading):
    """One sheet per table (titles cut to Excel's 31 characters), as bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, table in enumerate(tables, start=1):
        title = neutralise(table.title).replace("/", "-").replace("?", "").replace("*", "").replace("[", "(")
        title = title.replace("]", ")").replace(":", "-").replace("\\", "-").lstrip("'")
        sheet = workbook.create_sheet(title=f"{number}. {title}"[:31])
        write_table(sheet, table, f"{heading} – {table.title}")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
