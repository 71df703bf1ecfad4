"""Nomination lists as CSV and XLSX for the agency and the Board: streamed in chunks of plain values (memory
flat and fast at 10,000 rows), Vietnamese intact, and every text cell a spreadsheet would run as a formula
(= + - @, tab, CR) neutralised with a leading quote (portal.security.spreadsheets)."""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.formats.numbers import decimal
from portal.ordering import vi
from portal.security.spreadsheets import neutralise_row
from training.nominations.enums import Gender, NominationStatus
from training.nominations.models import NominationSector

CHUNK = 2000
CSV_LINES_PER_CHUNK = 500  # the response encodes and sends each piece: one per row cost a third of the export
FIELDS = [
    "pk", "round__title", "agency__name", "full_name", "gender", "date_of_birth", "position", "workplace", "phone",
    "email", "is_entrepreneur", "status", "submitted_at", "dispatch__number", "dispatch__date", "decision__number",
    "decision__date", "decision_reason",
]
SCORE_FIELDS = ["avg_score", "spread"]


def headings(with_scores=False):
    names = [
        _("Đợt"), _("Cơ quan đề cử"), _("Họ và tên"), _("Giới tính"), _("Ngày sinh"), _("Chức vụ"), _("Nơi công tác"),
        _("Điện thoại"), _("Thư điện tử"), _("Doanh nhân"), _("Lĩnh vực"), _("Trạng thái"), _("Ngày nộp"),
        _("Công văn"), _("Quyết định"), _("Lý do"),
    ]
    return names + ([_("Điểm trung bình"), _("Chênh lệch điểm")] if with_scores else [])


def _chunks(queryset, fields):
    batch = []
    for values in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
        batch.append(values)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def in_order(queryset):
    """By round, then agency and name in Vietnamese order."""
    return queryset.order_by("round_id", vi("agency__name"), vi("full_name"), "pk")


def rows(queryset, with_scores=False):
    """The heading row, then one list of strings per nomination. Labels are translated once, not per row."""
    yield headings(with_scores)
    genders = {value: str(label) for value, label in Gender.choices}
    statuses = {value: str(label) for value, label in NominationStatus.choices}
    yes, no = _("Có"), _("Không")
    dispatch_label = _("Công văn số %(number)s ngày %(date)s")
    fields = FIELDS + (SCORE_FIELDS if with_scores else [])
    for batch in _chunks(in_order(queryset), fields):
        sectors = {}
        for nomination_id, name in NominationSector.objects.filter(
            content_object_id__in=[values[0] for values in batch]
        ).order_by(vi("tag__name")).values_list("content_object_id", "tag__name"):
            sectors.setdefault(nomination_id, []).append(name)
        for values in batch:
            (pk, round_title, agency, full_name, gender, born, position, workplace, phone, email, entrepreneur,
             status, submitted_at, dispatch_number, dispatch_date, decision_number, decision_date,
             reason) = values[:18]
            row = [
                round_title, agency, full_name, genders.get(gender, gender), born.strftime("%d/%m/%Y"), position,
                workplace, phone, email, yes if entrepreneur else no, ", ".join(sectors.get(pk, [])),
                statuses.get(status, status),
                timezone.localtime(submitted_at).strftime("%d/%m/%Y %H:%M") if submitted_at else "",
                dispatch_label % {"number": dispatch_number, "date": dispatch_date.strftime("%d/%m/%Y")}
                if dispatch_number else "",
                f"{decision_number} ({decision_date:%d/%m/%Y})" if decision_number else "",
                reason,
            ]
            if with_scores:
                row += [decimal(score) for score in values[18:20]]  # 8,5: the decimal comma
            yield neutralise_row(row)


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset, filename, with_scores=False):
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # Excel opens UTF-8 with diacritics only with the BOM
        lines = []
        for values in rows(queryset, with_scores):
            lines.append(writer.writerow(values))
            if len(lines) == CSV_LINES_PER_CHUNK:
                yield "".join(lines)
                lines = []
        yield "".join(lines)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def write_xlsx(queryset, output, with_scores=False):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Hồ sơ đề cử")[:31])
    for values in rows(queryset, with_scores):
        sheet.append(values)
    workbook.save(output)


def xlsx_response(queryset, filename, with_scores=False):
    """Written to a spooled temporary file (on disk past 5 MB), then streamed: memory stays flat."""
    output = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)
    write_xlsx(queryset, output, with_scores)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
