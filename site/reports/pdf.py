"""The yearly report as a PDF: A4 landscape, Be Vietnam Pro (registered once by training.certificates.pdf, whose helpers
`nfc` and the font names are reused here), a bar chart of clubs and certified trainers per unit, a pie of
clubs by kind, then the report's tables. Built from the report alone (no database, no clock): same report,
same bytes (`invariant`)."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from training.certificates.pdf import BOLD, NAVY, REGULAR, nfc

from . import yearly

PAGE = landscape(A4)
MARGIN = 14 * mm
MAX_BARS = 24
WIDTH = PAGE[0] - 2 * MARGIN
PALETTE = [NAVY, colors.HexColor("#c8102e"), colors.HexColor("#2a9d8f"), colors.HexColor("#e9a23b"),
           colors.HexColor("#6d597a"), colors.HexColor("#8ab17d"), colors.HexColor("#457b9d"),
           colors.HexColor("#b56576")]

TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=20, leading=26, textColor=NAVY, spaceAfter=4)
HEADING = ParagraphStyle(
    "heading", fontName=BOLD, fontSize=13, leading=17, textColor=NAVY, spaceBefore=8, spaceAfter=6, keepWithNext=1
)
BODY = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13)
CELL = ParagraphStyle("cell", fontName=REGULAR, fontSize=8, leading=10)
HEAD_CELL = ParagraphStyle("head", fontName=BOLD, fontSize=7.5, leading=9.5)
TOTAL_CELL = ParagraphStyle("total", fontName=BOLD, fontSize=8, leading=10)


def text(value, style=BODY):
    """A Paragraph of plain text: names with `<` or `&` print as typed, never as markup."""
    return Paragraph(escape(nfc(value)), style)


def short(label, length=22):
    label = nfc(label)
    return label if len(label) <= length else label[: length - 1] + "…"


def bar_chart(report):
    """Clubs and certified trainers per unit (units with either), grouped bars."""
    rows = [row for row in report.units if row["clubs"] or row["certified"]]
    caption = _("Số CLB và giảng viên nguồn được công nhận theo đơn vị hành chính")
    if len(rows) > MAX_BARS:
        # Past ~24 groups the labels overlap: keep the units with the most, in the report's order.
        keep = {id(row) for row in sorted(rows, key=lambda row: -(row["clubs"] + row["certified"]))[:MAX_BARS]}
        rows = [row for row in rows if id(row) in keep]
        caption += " " + _("(%(count)s đơn vị nhiều nhất)") % {"count": MAX_BARS}
    drawing = Drawing(WIDTH, 72 * mm)
    drawing.add(String(0, 68 * mm, nfc(caption), fontName=BOLD, fontSize=10, fillColor=NAVY))
    if not rows:
        drawing.add(String(0, 58 * mm, nfc(_("Chưa có dữ liệu.")), fontName=REGULAR, fontSize=9))
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y = 10 * mm, 18 * mm
    chart.width, chart.height = WIDTH - 14 * mm, 38 * mm
    chart.data = [[row["clubs"] for row in rows], [row["certified"] for row in rows]]
    chart.categoryAxis.categoryNames = [short(row.label) for row in rows]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 35
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max(max(series) for series in chart.data)
    chart.valueAxis.valueMax = max(top, 1) + 1
    chart.valueAxis.valueStep = max(1, round((top + 1) / 5))
    chart.bars[0].fillColor, chart.bars[1].fillColor = PALETTE[0], PALETTE[1]
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 5
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 2 * mm, 63 * mm
    legend.fontName, legend.fontSize, legend.alignment = REGULAR, 8, "right"
    legend.colorNamePairs = [(PALETTE[0], nfc(_("Số CLB"))), (PALETTE[1], nfc(_("Giảng viên nguồn được công nhận")))]
    legend.columnMaximum, legend.deltax = 1, 70 * mm
    drawing.add(legend)
    return drawing


def pie_chart(report, width):
    """Clubs by kind, with a legend carrying each kind's name and count."""
    kinds = [kind for kind in report.kinds if kind["clubs"]]
    drawing = Drawing(width, 62 * mm)
    drawing.add(String(0, 58 * mm, nfc(_("Câu lạc bộ theo loại")), fontName=BOLD, fontSize=10, fillColor=NAVY))
    if not kinds:
        drawing.add(String(0, 46 * mm, nfc(_("Chưa có dữ liệu.")), fontName=REGULAR, fontSize=9))
        return drawing
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 2 * mm, 4 * mm, 46 * mm, 46 * mm
    pie.data = [kind["clubs"] for kind in kinds]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    for index in range(len(kinds)):
        pie.slices[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = 54 * mm, 48 * mm
    legend.fontName, legend.fontSize, legend.alignment = REGULAR, 7.5, "right"
    legend.colorNamePairs = [
        (PALETTE[index % len(PALETTE)], f"{short(kind['label'], 52)}: {kind['clubs']}")
        for index, kind in enumerate(kinds)
    ]
    legend.columnMaximum = 10
    drawing.add(legend)
    return drawing


def table_flowable(table, first_width, rest=None):
    """The table with the first column `first_width` wide and the others sharing the rest of the page."""
    columns = len(table.headings)
    rest = rest or (WIDTH - first_width) / max(columns - 1, 1)
    data = [[text(heading, HEAD_CELL) for heading in table.headings]]
    for row in table.rows:
        data.append([text(value, CELL) if isinstance(value, str) else value for value in row])
    if table.total:
        data.append([text(value, TOTAL_CELL) if isinstance(value, str) else value for value in table.total])
    flowable = Table(data, colWidths=[first_width] + [rest] * (columns - 1), repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#9aa5b1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]
    if table.total:
        style += [("FONT", (0, -1), (-1, -1), BOLD, 8), ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f5f8"))]
    flowable.setStyle(TableStyle(style))
    return flowable


def render_pdf(report, board_name="", made_on=None) -> bytes:
    buffer = io.BytesIO()
    heading = yearly.title(report.year)
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=nfc(heading), author=nfc(board_name), creator="Cổng Khởi nghiệp Quảng Nam", invariant=1,
    )
    summary, units, agencies, kinds, *activity = yearly.tables(report)
    story = [text(heading, TITLE)]
    if board_name:
        story.append(text(board_name))
    story.append(text(_("Mạng lưới câu lạc bộ khởi nghiệp, đào tạo giảng viên nguồn và sự kiện năm %(year)s.")
                      % {"year": report.year}))
    if made_on:
        story.append(text(_("Lập ngày %(date)s.") % {"date": made_on.strftime("%d/%m/%Y")}))
    # The totals and the pie side by side, the bar chart across the page below.
    summary_width = 125 * mm
    side_by_side = Table(
        [[[text(summary.title, HEADING), table_flowable(summary, 85 * mm, rest=35 * mm)],
          pie_chart(report, WIDTH - summary_width)]],
        colWidths=[summary_width, WIDTH - summary_width], hAlign="LEFT",
    )
    side_by_side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 3 * mm), side_by_side, Spacer(1, 4 * mm), KeepTogether([bar_chart(report)])]
    story += [PageBreak(), text(units.title, HEADING), table_flowable(units, 48 * mm)]
    story += [text(agencies.title, HEADING)]
    if agencies.rows:
        story.append(table_flowable(agencies, 62 * mm))
    else:
        story.append(text(_("Chưa có cơ quan nào có số liệu trong năm.")))
    story += [text(kinds.title, HEADING), table_flowable(kinds, 90 * mm, rest=40 * mm)]
    for table in activity:
        story += [text(table.title, HEADING), table_flowable(table, 110 * mm, rest=45 * mm)]
    document.build(story)
    return buffer.getvalue()


def filename(report):
    return f"bao-cao-nam-{report.year}.pdf"
