"""A trainer's journey: log in, open their certificates, download the PDF, follow its QR code to the public
verification page, which says the certificate is valid and shows nothing else about the person."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories.portal import PASSWORD
from tests.factories.training_cohorts import issued_certificate

pdfium = pytest.importorskip("pypdfium2")
zxingcpp = pytest.importorskip("zxingcpp")


def qr_urls(pdf_bytes):
    image = pdfium.PdfDocument(pdf_bytes)[0].render(scale=2).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_trainer_opens_their_certificate_and_follows_the_qr_code(page, site_url, login, settings, screenshot):
    settings.TRAINING_VERIFY_BASE_URL = site_url
    certificate = issued_certificate(full_name="Hồ Quang Bửu", email="buu@example.vn")
    trainer = certificate.holder
    trainer.username = "giangvien"
    trainer.set_password(PASSWORD)
    trainer.save()

    login(page, "giangvien", PASSWORD)
    page.goto(site_url + "/ca-nhan/giay-chung-nhan/")
    row = page.locator("main table tbody tr").first
    expect(row).to_contain_text(certificate.serial)
    expect(row).to_contain_text("Còn hiệu lực")

    pdf_link = row.get_by_role("link", name="Tải PDF")
    response = page.request.get(site_url + pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    (url,) = qr_urls(response.body())
    assert url == f"{site_url}/tot/xac-minh/{certificate.code}/"

    page.context.clear_cookies()  # anyone scanning the code: not logged in
    page.goto(url)
    result = page.locator("[data-state]")
    expect(result).to_have_attribute("data-state", "valid")
    expect(result).to_contain_text("Hồ Quang Bửu")
    expect(result).to_contain_text("Giảng viên nguồn khởi nghiệp đổi mới sáng tạo")
    expect(page.locator("main")).not_to_contain_text("buu@example.vn")
    expect(page.locator("#id_code")).to_have_value(certificate.code)
    screenshot(page, "certificate-verification")

    page.fill("#id_code", "KHONGCOMANAYTRONGHETHONG")
    page.locator("main form[method=get] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/tot/xac-minh/\?code=KHONGCOMANAYTRONGHETHONG"))
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "unknown")
