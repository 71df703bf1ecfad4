"""The certificate PDF: Vietnamese text read back exactly, markup printed literally, a QR code that decodes
to the verification URL, and the same bytes every time."""

import io
import unicodedata
from dataclasses import replace
from datetime import date

import pypdf
import pytest

from training.certificates.pdf import KIND_CERTIFICATION, CertificateData, qr_matrix, render_certificate

pdfium = pytest.importorskip("pypdfium2")
zxingcpp = pytest.importorskip("zxingcpp")

VERIFY_URL = "https://khoinghiep.quangnam.gov.vn/tot/xac-minh/q7Rz-K2mVb9xTnW4pLs8aYcE/"


def certificate(**overrides):
    data = CertificateData(
        holder_name="Hồ Quang Bửu",
        course_title="Giảng viên nguồn khởi nghiệp đổi mới sáng tạo",
        kind="completion",
        serial="ToT-2022-0001",
        code="q7Rz-K2mVb9xTnW4pLs8aYcE",
        issued_on=date(2022, 6, 30),
        verify_url=VERIFY_URL,
        board_name="Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam",
        signatory_name="Trần Thị Thu Hà",
        signatory_title="Trưởng Ban Điều hành",
        decision_number="15/QĐ-BĐH",
        start_date=date(2022, 5, 3),
        end_date=date(2022, 6, 28),
    )
    return replace(data, **overrides)


def text_of(pdf_bytes):
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def decoded_qr(pdf_bytes):
    page = pdfium.PdfDocument(pdf_bytes)[0]
    image = page.render(scale=2).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize("name", ["Hồ Quang Bửu", "Nguyễn Thị Ánh", "Đặng Thị Ngọc Hường", "Lê Văn Ỹ Ỵ Ữ Ự Ở Ợ"])
def test_vietnamese_name_reads_back_exactly(name):
    text = text_of(render_certificate(certificate(holder_name=name)))

    assert name in text
    assert "Giảng viên nguồn khởi nghiệp đổi mới sáng tạo" in text
    assert "GIẤY CHỨNG NHẬN" in text


def test_decomposed_input_is_drawn_as_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"

    text = text_of(render_certificate(certificate(holder_name=decomposed)))

    assert "Nguyễn Thị Ánh" in text


def test_markup_characters_print_literally():
    text = text_of(render_certificate(certificate(holder_name="Trần <b>Văn</b> & Cộng sự", course_title="A < B & C")))

    assert "Trần <b>Văn</b> & Cộng sự" in text
    assert "A < B & C" in text


def test_every_printed_fact_is_on_the_page():
    text = text_of(render_certificate(certificate()))

    for fact in [
        "Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam".upper(),
        "HOÀN THÀNH KHÓA ĐÀO TẠO",
        "Thời gian đào tạo: từ ngày 03/05/2022 đến ngày 28/06/2022",
        "15/QĐ-BĐH",
        "Số hiệu: ToT-2022-0001",
        "Mã xác minh: q7Rz-K2mVb9xTnW4pLs8aYcE",
        "Quảng Nam, ngày 30 tháng 06 năm 2022",
        "TRƯỞNG BAN ĐIỀU HÀNH",
        "Trần Thị Thu Hà",
        VERIFY_URL,
    ]:
        assert fact in text, fact


def test_certification_shows_sectors_and_expiry():
    data = certificate(kind=KIND_CERTIFICATION, sectors="du lịch số, sản phẩm OCOP", expires_on=date(2025, 6, 30))

    text = text_of(render_certificate(data))

    assert "GIẢNG VIÊN NGUỒN" in text
    assert "Lĩnh vực: du lịch số, sản phẩm OCOP" in text
    assert "Giá trị đến ngày 30/06/2025" in text


def test_qr_code_decodes_to_the_verification_url():
    assert decoded_qr(render_certificate(certificate())) == [VERIFY_URL]


def test_qr_matrix_of_a_long_url_still_decodes():
    url = VERIFY_URL + "?code=" + "x" * 40
    assert len(qr_matrix(url)) > len(qr_matrix(VERIFY_URL))
    assert decoded_qr(render_certificate(certificate(verify_url=url))) == [url]


def test_same_data_gives_identical_bytes():
    assert render_certificate(certificate()) == render_certificate(certificate())


def test_snapshot_round_trips_through_json():
    data = certificate(kind=KIND_CERTIFICATION, expires_on=date(2025, 6, 30), extra_lines=("Dòng thêm",))

    assert CertificateData.from_json(data.to_json()) == data
    assert CertificateData.from_json(data.to_json()).filename == "giay-chung-nhan-ToT-2022-0001.pdf"


def test_very_long_name_still_fits_and_reads_back():
    name = "Tôn Nữ Hoàng Thị Ngọc Bích Phương Thảo Quỳnh Như Ý Nguyện"
    assert name in text_of(render_certificate(certificate(holder_name=name)))
