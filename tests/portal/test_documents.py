"""The administrative format (portal.documents, Decree 30/2020/NĐ-CP): the DOCX opens with python-docx and carries
the decree's elements, A4 and the margins; the PDF's text (pdftotext) and its rendering (pdftoppm) show the
national title and the signature block; hostile text reaches both clean. LibreOffice's conversion runs where
`soffice` is installed (it is not on this project's machines: skipped there, with the reason)."""

import io
import shutil
import subprocess
import unicodedata
from datetime import date

import pytest
from docx import Document as read_docx
from PIL import Image

from portal.documents import docx, pdf
from portal.documents.administrative import Document, Heading, Paragraph
from portal.documents.tables import Table

MARK = "Nguyễn Thị Ánh"
HOSTILE = f"=SUM(A1)\x00\x07\x1b {unicodedata.normalize('NFD', MARK)} <b>&amp;</b>\u202e\ufeff"


def document(**overrides):
    fields = dict(
        issuer="Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam", kind="BÁO CÁO",
        summary=f"Tổng hợp kết quả năm 2026 {HOSTILE}", on=date(2026, 1, 7), signer="Trần Thị Thu Hà",
        body=[
            Paragraph(f"Đoạn thứ nhất của {HOSTILE}.\r\nĐoạn thứ hai."),
            Heading("I. KẾT QUẢ"),
            Table(title="Theo địa bàn", headings=["Địa bàn", "Số dự án"], rows=[[HOSTILE, 5], ["Hội An", 7]],
                  total=["Tổng cộng", 12]),
        ],
        recipients=["UBND tỉnh (để báo cáo)", f"Đơn vị {HOSTILE}", "Lưu: VT, BĐH"],
    )
    fields.update(overrides)
    return Document(**fields)


def docx_text(content):
    opened = read_docx(io.BytesIO(content))
    parts = [p.text for p in opened.paragraphs]
    for table in opened.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return opened, "\n".join(parts)


def assert_clean(text):
    assert MARK in text
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t\x0c" for c in text)  # FF: pdftotext's page end
    assert "\u202e" not in text and "\ufeff" not in text


def test_the_docx_carries_the_decree_s_elements_on_a4_with_its_margins():
    opened, text = docx_text(docx.render(document()))
    for element in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: .../BC-BĐH",
        "Quảng Nam, ngày 07 tháng 01 năm 2026", "BÁO CÁO", "Tổng hợp kết quả năm 2026", "Nơi nhận:",
        "TM. BAN ĐIỀU HÀNH", "TRƯỞNG BAN", "Trần Thị Thu Hà", "UBND TỈNH QUẢNG NAM",
        "BAN ĐIỀU HÀNH HỖ TRỢ KHỞI NGHIỆP SÁNG TẠO TỈNH QUẢNG NAM", "Đoạn thứ hai.", "Tổng cộng",
    ):
        assert element in text, element
    assert_clean(text)
    assert "<b>&amp;</b>" in text  # typed text, shown as typed
    section = opened.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) in range(20, 26) and round(section.bottom_margin.mm) in range(20, 26)
    assert round(section.left_margin.mm) in range(30, 36) and round(section.right_margin.mm) in range(15, 21)
    fonts = {run.font.name for p in opened.paragraphs for run in p.runs if run.text}
    assert fonts == {"Times New Roman"}
    figures = opened.tables[1]  # after the header table
    assert [c.text for c in figures.rows[-1].cells] == ["Tổng cộng", "12"]


def test_a_dispatch_carries_its_summary_under_the_number():
    _opened, text = docx_text(docx.render(document(kind="", summary="báo cáo kết quả năm 2026", symbol="BĐH-KN")))
    assert "Số: .../BĐH-KN" in text and "V/v báo cáo kết quả năm 2026" in text


def pdf_text(content, tmp_path):
    path = tmp_path / "van-ban.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext, pdftoppm) is not installed")
def test_the_pdf_shows_the_national_title_and_the_signature_block(tmp_path):
    content = pdf.render(document())
    text = unicodedata.normalize("NFC", pdf_text(content, tmp_path))
    for element in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: .../BC-BĐH",
                    "Quảng Nam, ngày 07 tháng 01 năm 2026", "Nơi nhận:", "TM. BAN ĐIỀU HÀNH", "Trần Thị Thu Hà"):
        assert element in text, element
    assert_clean(text)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(tmp_path / "van-ban.pdf"),
                    str(tmp_path / "trang")], check=True)
    page = Image.open(next(tmp_path.glob("trang*.png"))).convert("L")
    width, height = page.size
    assert abs(height / width - 297 / 210) < 0.02  # A4 portrait

    def inked(box):
        return sum(page.crop(box).histogram()[:128])  # pixels darker than mid-grey

    assert inked((int(width * 0.55), 0, width, int(height * 0.12))) > 50  # the national title, top right
    assert inked((0, 0, int(width * 0.45), int(height * 0.12))) > 50  # the issuing body, top left
    assert inked((0, 0, int(width * 30 / 210) - 2, height)) == 0  # the left margin stays blank


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed on this machine")
def test_libreoffice_converts_the_docx(tmp_path):
    source = tmp_path / "van-ban.docx"
    source.write_bytes(docx.render(document()))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, timeout=120, capture_output=True)
    text = unicodedata.normalize("NFC", pdf_text((tmp_path / "van-ban.pdf").read_bytes(), tmp_path))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "TM. BAN ĐIỀU HÀNH" in text
