"""The Board's journey through "Dữ liệu cá nhân": find a trainee, download what is held, erase on request; the
certificate's public verification then says "issued, holder withheld"."""

import json
import re

from playwright.sync_api import expect

from tests.factories.portal import PASSWORD, board_user
from tests.factories.training_cohorts import issued_certificate


def test_board_exports_and_erases_a_person(page, site_url, login, screenshot):
    certificate = issued_certificate(full_name="Hồ Quang Bửu", email="buu@example.vn")
    board_user(username="bandieuhanh")

    login(page, "bandieuhanh", PASSWORD)
    page.goto(site_url + "/admin/")
    page.locator("a[href='/admin/du-lieu-ca-nhan/']").first.click()
    expect(page.locator("h1")).to_contain_text("Dữ liệu cá nhân")
    page.fill("#id_q", "ho quang buu")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.locator("[data-results]").get_by_role("link", name="Hồ Quang Bửu").click()
    expect(page.locator("[data-kind='training.certificate']")).to_contain_text("1")
    screenshot(page, "personal-data-person")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải toàn bộ dữ liệu (JSON)").click()
    with open(download.value.path(), encoding="utf-8") as file:
        export = json.load(file)
    assert export["Dữ liệu"]["Giấy chứng nhận"][0]["Người được cấp"] == "Hồ Quang Bửu"

    page.get_by_role("link", name="Xóa theo yêu cầu…").click()
    expect(page.locator("[data-consequences]")).to_contain_text("không thể hoàn tác")
    page.fill("#id_reference", "Đơn số 12/2026")
    page.check("#id_confirm")
    page.get_by_role("button", name="Xóa dữ liệu cá nhân").click()
    expect(page).to_have_url(re.compile(r"/admin/du-lieu-ca-nhan/$"))
    expect(page.locator("body")).to_contain_text("Đã xóa dữ liệu cá nhân theo yêu cầu Đơn số 12/2026")
    screenshot(page, "personal-data-erased")

    page.context.clear_cookies()
    page.goto(f"{site_url}/tot/xac-minh/{certificate.code}/")
    result = page.locator("[data-state]")
    expect(result).to_have_attribute("data-state", "valid")
    expect(result.locator("[data-holder='withheld']")).to_have_text(
        "Đã cấp — thông tin người được cấp đã được ẩn theo yêu cầu"
    )
    expect(page.locator("main")).not_to_contain_text("Bửu")
