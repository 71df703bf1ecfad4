"""The yearly report as an XLSX workbook: a sheet per table, bold headings, widths fitted to the text, and every
text cell formula-safe (portal.security.spreadsheets.neutralise), since unit, agency and club names are typed by
people."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from portal.security.spreadsheets import neutralise

from . import yearly

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


def render_xlsx(report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    heading = yearly.title(report.year)
    for table in yearly.tables(report):
        write_table(workbook.create_sheet(title=table.title[:31]), table, f"{heading} – {table.title}")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def filename(report):
    return f"bao-cao-nam-{report.year}.xlsx"
