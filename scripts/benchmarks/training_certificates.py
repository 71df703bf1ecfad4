"""Benchmark of the certificates: milliseconds per certificate PDF (training.certificates.pdf.render_certificate)
against the floor, the same page drawn with bare reportlab canvas calls in the same run (fonts registered once,
strings prepared beforehand, the QR code drawn with reportlab's own QrCodeWidget sized directly): target ≤ 1.2×
the floor. And a cohort of 500 certificates end to end (issue in one transaction, then the ZIP the background task
builds): target under 30 s.

`run(report)` is called by scripts/bench.py with Django set up; everything it creates is rolled back.
Run alone: `.venv/bin/python scripts/benchmarks/training_certificates.py` (a throwaway SQLite test database).
"""

import datetime
import io
import statistics
import time

SECTION = "Giấy chứng nhận ToT"
ROUNDS = 7
PER_ROUND = 20
COHORT_SIZE = 500


class _Rollback(Exception):
    pass


def sample_data():
    from training.certificates.pdf import CertificateData

    return CertificateData(
        holder_name="Hồ Quang Bửu",
        course_title="Giảng viên nguồn khởi nghiệp đổi mới sáng tạo",
        kind="completion",
        serial="ToT-2022-0001",
        code="4D5UR8S7MMUHQBQ9QH8QHTYP",
        issued_on=datetime.date(2022, 7, 1),
        verify_url="https://khoinghiep.quangnam.gov.vn/tot/xac-minh/4D5UR8S7MMUHQBQ9QH8QHTYP/",
        board_name="Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam",
        signatory_name="Trần Thị Thu Hà",
        signatory_title="Trưởng Ban Điều hành",
        decision_number="08/QĐ-BĐH",
        start_date=datetime.date(2022, 5, 3),
        end_date=datetime.date(2022, 6, 28),
    )


def bare_page(lines, url, widget=True):
    """The floor: the same page with bare canvas calls, every string and position prepared beforehand.

    `widget=True`: the QR code is reportlab's QrCodeWidget sized directly (the issue's floor). `widget=False`:
    the stricter floor, the QR drawn as training.certificates.pdf draws it, so only our layout work (NFC, wrapping,
    fitting, the snapshot) is what the ratio measures.
    """
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from training.certificates.pdf import PAGE_HEIGHT, PAGE_WIDTH

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, PAGE_WIDTH - 20 * mm, PAGE_HEIGHT - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, PAGE_WIDTH - 26 * mm, PAGE_HEIGHT - 26 * mm)
    for font, size, x, y, text, centred in lines:
        canvas.setFont(font, size)
        (canvas.drawCentredString if centred else canvas.drawString)(x, y, text)
    size = 34 * mm
    if widget:
        drawing = Drawing(size, size)
        drawing.add(QrCodeWidget(url, barLevel="M", barWidth=size, barHeight=size))
        renderPDF.draw(drawing, canvas, 22 * mm, 20 * mm)
    else:
        from training.certificates.pdf import draw_qr

        draw_qr(canvas, url, 22 * mm, 20 * mm, size)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def floor_lines(data):
    from reportlab.lib.units import mm

    from training.certificates.pdf import BOLD, ITALIC, PAGE_HEIGHT, PAGE_WIDTH, REGULAR

    centre, top, w, h = PAGE_WIDTH / 2, PAGE_HEIGHT - 25 * mm, PAGE_WIDTH, PAGE_HEIGHT
    return [
        (BOLD, 9.5, 80 * mm, top, data.board_name.upper(), True),
        (BOLD, 10, w - 80 * mm, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        (BOLD, 10, w - 80 * mm, top - 13, "Độc lập - Tự do - Hạnh phúc", True),
        (BOLD, 34, centre, h - 62 * mm, "GIẤY CHỨNG NHẬN", True),
        (BOLD, 15, centre, h - 72 * mm, "HOÀN THÀNH KHÓA ĐÀO TẠO", True),
        (REGULAR, 14, centre, h - 86 * mm, "Chứng nhận Ông/Bà:", True),
        (BOLD, 28, centre, h - 99 * mm, data.holder_name, True),
        (REGULAR, 13, centre, h - 111 * mm, "Đã hoàn thành khóa đào tạo", True),
        (BOLD, 16, centre, h - 111 * mm - 18, data.course_title, True),
        (REGULAR, 12, centre, h - 111 * mm - 38, "Thời gian đào tạo: từ ngày 03/05/2022 đến ngày 28/06/2022", True),
        (
            REGULAR,
            12,
            centre,
            h - 111 * mm - 54,
            f"Theo Quyết định số {data.decision_number} của {data.board_name}",
            True,
        ),
        (BOLD, 11, 60 * mm, 44 * mm, f"Số hiệu: {data.serial}", False),
        (REGULAR, 9, 60 * mm, 38 * mm, f"Mã xác minh: {data.code}", False),
        (ITALIC, 8, 60 * mm, 33 * mm, "Quét mã QR hoặc nhập mã tại:", False),
        (ITALIC, 8, 60 * mm, 29 * mm, data.verify_url, False),
        (ITALIC, 12, w - 80 * mm, 62 * mm, "Quảng Nam, ngày 01 tháng 07 năm 2022", True),
        (BOLD, 12, w - 80 * mm, 55 * mm, data.signatory_title.upper(), True),
        (BOLD, 14, w - 80 * mm, 24 * mm, data.signatory_name, True),
    ]


def per_pdf_ms(function):
    function()  # warm up
    medians = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(PER_ROUND):
            function()
        medians.append((time.perf_counter() - start) * 1000 / PER_ROUND)
    return statistics.median(medians)


def measure_pdf():
    from training.certificates.pdf import render_certificate

    data = sample_data()
    lines = floor_lines(data)
    # Alternate the measurements so machine noise hits all alike; keep each one's best median.
    runs = {"ours": [], "widget": [], "strict": []}
    for _ in range(2):
        runs["ours"].append(per_pdf_ms(lambda: render_certificate(data)))
        runs["widget"].append(per_pdf_ms(lambda: bare_page(lines, data.verify_url)))
        runs["strict"].append(per_pdf_ms(lambda: bare_page(lines, data.verify_url, widget=False)))
    return min(runs["ours"]), min(runs["widget"]), min(runs["strict"])


def cohort_of(size):
    """A cohort whose `size` trainees all completed (bulk-created: the benchmark times issuing, not set-up)."""
    from django.utils import timezone

    from tests.factories.portal import AgencyFactory, board_user
    from tests.factories.training import NominationRoundFactory
    from tests.factories.training_cohorts import CohortFactory, add_sessions
    from training.cohorts.enums import EnrolmentStatus
    from training.models import Enrolment, Nomination
    from training.nominations.enums import NominationStatus

    round_, agency = NominationRoundFactory(title="Đợt đo hiệu năng giấy chứng nhận"), AgencyFactory()
    nominations = Nomination.objects.bulk_create(
        Nomination(
            round=round_,
            agency=agency,
            full_name=f"Nguyễn Thị Học Viên {i}",
            folded_name=f"nguyen thi hoc vien {i}",
            gender="nu",
            date_of_birth=datetime.date(1985, 1, 1),
            workplace="Sở KH&CN",
            phone=f"09{i:08d}",
            email=f"hocvien{i}@example.vn",
            status=NominationStatus.ACCEPTED,
        )
        for i in range(size)
    )
    cohort = CohortFactory(capacity=size)
    add_sessions(cohort, 2)  # in 2022: certificates are issued only once the last session is over
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, nomination=n, status=EnrolmentStatus.COMPLETED, completed_at=timezone.now())
        for n in nominations
    )
    return cohort, board_user()


def measure_cohort(size):
    from training.certificates import services as certificates
    from training.certificates.enums import BundleStatus, CertificateKind
    from training.models import CertificateBundle

    cohort, board = cohort_of(size)
    start = time.perf_counter()
    issued = certificates.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)
    issue_seconds = time.perf_counter() - start
    bundle = CertificateBundle.objects.create(cohort=cohort, requested_by=board, total=len(issued))
    certificates.build_bundle.call(bundle.pk)  # the task's body, as the worker runs it
    total_seconds = time.perf_counter() - start
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.DONE and bundle.done == size, (bundle.status, bundle.done)
    bundle.file.delete(save=False)
    return issue_seconds, total_seconds


def run(report):
    from django.db import transaction

    ours, floor, strict = measure_pdf()
    report.add(SECTION, "Một giấy chứng nhận PDF (training.certificates.pdf)", round(ours, 1), "ms")
    report.add(SECTION, "Mức sàn: cùng trang vẽ trực tiếp, mã QR bằng QrCodeWidget", round(floor, 1), "ms")
    report.add(SECTION, "Tỉ lệ so với mức sàn", round(ours / floor, 2), "×", target=1.2)
    report.add(SECTION, "Mức sàn chặt: cùng trang vẽ trực tiếp, cùng cách vẽ mã QR", round(strict, 1), "ms")
    report.add(SECTION, "Tỉ lệ so với mức sàn chặt", round(ours / strict, 2), "×", target=1.2)
    try:
        with transaction.atomic():
            issue_seconds, total_seconds = measure_cohort(COHORT_SIZE)
            raise _Rollback
    except _Rollback:
        pass
    report.add(SECTION, f"Cấp {COHORT_SIZE} giấy chứng nhận cho một lớp (một giao dịch)", round(issue_seconds, 2), "s")
    report.add(
        SECTION, f"Lớp {COHORT_SIZE} người trọn quy trình: cấp + tạo ZIP", round(total_seconds, 2), "s", target=30
    )


if __name__ == "__main__":
    from _standalone import run_standalone

    run_standalone(run)
