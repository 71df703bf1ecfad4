"""The yearly report in the administrative format (portal.documents, Decree 30/2020/NĐ-CP): BÁO CÁO, Số: .../BC-BĐH,
the report's tables as the body, recipients and the Board's signature block. DOCX and PDF draw the same Document;
the landscape PDF with charts (reports.pdf) stays for reading on screen."""

from portal.documents.administrative import REPORT_RECIPIENTS, Document, Heading, Paragraph

from . import yearly


def yearly_document(report, on=None):
    from training.certificates.services import board_settings

    portal_settings, certificate_settings = board_settings()
    board = portal_settings.board_name
    body = [
        Paragraph(
            f"{board} báo cáo kết quả hoạt động của mạng lưới câu lạc bộ khởi nghiệp, chương trình đào tạo giảng "
            f"viên nguồn, các sự kiện, ngân hàng ý tưởng và mạng lưới chuyên gia, cố vấn năm {report.year} như sau:"
        ),
        Heading("KẾT QUẢ THỰC HIỆN"),
        *yearly.tables(report),
        Paragraph(f"Trên đây là báo cáo kết quả năm {report.year} của {board}."),
    ]
    return Document(
        issuer=board, kind="BÁO CÁO", summary=f"Kết quả hỗ trợ khởi nghiệp đổi mới sáng tạo năm {report.year}",
        symbol="BC-BĐH", place=certificate_settings.place, on=on, body=body,
        signer=certificate_settings.signatory_name,
        recipients=list(REPORT_RECIPIENTS),
    )
