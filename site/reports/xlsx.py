"""The yearly report as an XLSX workbook: a sheet per table, bold headings, widths fitted to the text, and every
text cell formula-safe (portal.security.spreadsheets.neutralise), since unit, agency and club names are typed by
people."""

import io

from openpyxl import Workbook

from portal.documents.spreadsheet import CONTENT_TYPE, write_table  # noqa: F401  (CONTENT_TYPE: the view's)

from . import yearly


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
