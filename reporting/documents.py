"""The Board's documents about a reporting period, in the administrative format (portal.documents): the compiled
report to the provincial People's Committee (BÁO CÁO, Số: .../BC-BĐH) and the dispatch calling for reports
(công văn, Số: .../BĐH-KN, "V/v ..."). Each is filled from the data alone; DOCX and PDF draw the same Document."""

from django.utils import timezone

from portal.documents.administrative import REPORT_RECIPIENTS, Document, Heading, Paragraph
from portal.documents.tables import Table
from reporting import compile


def _board():
    from training.certificates.services import board_settings

    portal_settings, certificate_settings = board_settings()
    return portal_settings.board_name, certificate_settings.signatory_name, certificate_settings.place


def compiled_report(compiled, on=None):
    board, signer, place = _board()
    period = compiled.period
    dates = f"{period.starts_on:%d/%m/%Y} – {period.ends_on:%d/%m/%Y}"
    body = [
        Paragraph(
            f"Thực hiện chỉ đạo của UBND tỉnh về hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo, {board} tổng hợp "
            f"báo cáo của các sở, ban, ngành, địa phương, trường và câu lạc bộ khởi nghiệp kỳ {period.title} "
            f"({dates}) như sau:"
        ),
        Heading("I. TÌNH HÌNH BÁO CÁO"),
        Paragraph(
            f"Có {compiled.submitted}/{compiled.expected} đơn vị đã gửi báo cáo đúng quy định."
            + (f" Chưa gửi báo cáo: {', '.join(compiled.missing_names)}." if compiled.missing_names else "")
        ),
        Heading("II. KẾT QUẢ THỰC HIỆN"),
    ]
    # The narratives come as sections below, not as tables of (reporter, text); the portal's own figures
    # (reporting.figures.ACTIVITY_TABLES) as a section of their own.
    narrative_titles = {indicator.label for indicator, _texts in compiled.narratives}
    activity = {id(table) for table in compiled.activity}
    body += [
        table for table in compile.tables(compiled)
        if table.title not in narrative_titles and id(table) not in activity
    ]
    numerals = iter(["III", "IV"])
    if compiled.activity:
        body.append(Heading(f"{next(numerals)}. HOẠT ĐỘNG TRÊN CỔNG THÔNG TIN KHỞI NGHIỆP"))
        body += compiled.activity
    if compiled.narratives:
        body.append(Heading(f"{next(numerals)}. KẾT QUẢ NỔI BẬT, KHÓ KHĂN VÀ KIẾN NGHỊ CỦA CÁC ĐƠN VỊ"))
        for indicator, texts in compiled.narratives:
            body.append(Heading(indicator.label))
            body += [Paragraph(f"{name}: {text}") for name, text in texts] or [Paragraph("Không có nội dung.")]
    body.append(Paragraph(f"Trên đây là báo cáo tổng hợp kỳ {period.title} của {board}."))
    return Document(
        issuer=board, kind="BÁO CÁO", summary=f"Tổng hợp kết quả {period.title}", symbol="BC-BĐH", place=place,
        on=on, body=body, signer=signer,
        recipients=list(REPORT_RECIPIENTS),
    )


def call_for_reports(period, reporters, on=None):
    """The dispatch asking agencies and clubs to report: what, for which period, by when, on which indicators."""
    board, signer, place = _board()
    deadline = timezone.localtime(period.deadline)
    rows = [[str(order), indicator.label, indicator.unit or "", indicator.get_kind_display()]
            for order, indicator in enumerate(period.indicators.all(), start=1)]
    body = [
        Paragraph(
            f"Để tổng hợp báo cáo UBND tỉnh, {board} đề nghị các đơn vị báo cáo kết quả hỗ trợ khởi nghiệp đổi mới "
            f"sáng tạo kỳ {period.title} (từ {period.starts_on:%d/%m/%Y} đến {period.ends_on:%d/%m/%Y}) theo các "
            "chỉ tiêu dưới đây, trên cổng thông tin của mạng lưới (mục Báo cáo định kỳ)"
            + (", kèm công văn có chữ ký (PDF)." if period.requires_dispatch else ".")
        ),
        Table(title="Các chỉ tiêu báo cáo", headings=["TT", "Chỉ tiêu", "Đơn vị tính", "Loại"], rows=rows),
        Paragraph(f"Thời hạn gửi báo cáo: trước {deadline:%H} giờ {deadline:%M} ngày {deadline:%d/%m/%Y}."),
    ]
    if period.instructions:
        body.append(Paragraph(period.instructions))
    body.append(Paragraph("Đề nghị các đơn vị quan tâm, phối hợp thực hiện./."))
    return Document(
        issuer=board, kind="", summary=f"báo cáo kết quả {period.title}", symbol="BĐH-KN", place=place, on=on,
        body=body, signer=signer, recipients=["Như trên"] + [r.name for r in reporters][:40] + ["Lưu: VT, BĐH"],
    )


def filename(period, what, extension):
    return f"{what}-{period.pk}.{extension}"

