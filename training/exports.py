"""Nomination lists as CSV and XLSX: streamed row by row (memory flat at 10,000 rows), Vietnamese intact,
and every text cell that a spreadsheet would run as a formula (= + - @, tab, CR) neutralised with a quote."""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000

COLUMNS = [
    ("round", _("Đợt")),
    ("agency", _("Cơ quan đề cử")),
    ("full_name", _("Họ và tên")),
    ("gender", _("Giới tính")),
    ("date_of_birth", _("Ngày sinh")),
    ("position", _("Chức vụ")),
    ("workplace", _("Nơi công tác")),
    ("phone", _("Điện thoại")),
    ("email", _("Thư điện tử")),
    ("is_entrepreneur", _("Doanh nhân")),
    ("sectors", _("Lĩnh vực")),
    ("status", _("Trạng thái")),
    ("submitted_at", _("Ngày nộp")),
    ("dispatch", _("Công văn")),
    ("decision", _("Quyết định")),
    ("decision_reason", _("Lý do")),
]


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def row(nomination):
    submitted = ""
    if nomination.submitted_at:
        submitted = timezone.localtime(nomination.submitted_at).strftime("%d/%m/%Y %H:%M")
    values = [
        nomination.round.title,
        nomination.agency.name,
        nomination.full_name,
        nomination.get_gender_display(),
        nomination.date_of_birth.strftime("%d/%m/%Y"),
        nomination.position,
        nomination.workplace,
        nomination.phone,
        nomination.email,
        str(_("Có") if nomination.is_entrepreneur else _("Không")),
        ", ".join(tag.name for tag in nomination.sectors.all()),
        nomination.get_status_display(),
        submitted,
        str(nomination.dispatch) if nomination.dispatch_id else "",
        str(nomination.decision) if nomination.decision_id else "",
        nomination.decision_reason,
    ]
    return [neutralise(str(value)) for value in values]


def export_queryset(queryset):
    return (
        queryset.select_related("round", "agency", "dispatch", "decision")
        .prefetch_related("sectors")
        .order_by("round_id", "agency__name", "full_name", "pk")
    )


def rows(queryset):
    yield [str(heading) for _name, heading in COLUMNS]
    for nomination in export_queryset(queryset).iterator(chunk_size=CHUNK):
        yield row(nomination)


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset, filename):
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # Excel opens UTF-8 with diacritics only with the BOM
        for values in rows(queryset):
            yield writer.writerow(values)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def write_xlsx(queryset, output):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("Hồ sơ đề cử"))[:31])
    for values in rows(queryset):
        sheet.append(values)
    workbook.save(output)


def xlsx_response(queryset, filename):
    output = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)
    write_xlsx(queryset, output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
