"""An agency nominator's journey: log in, add a candidate, submit with the dispatch, see the quota used,
then see the Board's decision once it is released."""

import re

from playwright.sync_api import expect

from tests.factories.portal import nominator
from tests.factories.training import PDF_BYTES, BoardDecisionFactory, NominationRoundFactory, invite
from training.models import Nomination
from training.nominations import services
from training.nominations.enums import NominationStatus


def test_nominator_adds_submits_sees_quota_and_decision(page, site_url, login, screenshot):
    from tests.factories.portal import board_user

    round_ = NominationRoundFactory(title="Tuyển chọn giảng viên nguồn 2022")
    user = nominator(username="daumoi-tamky", password="Mat-khau-2022", last_name="Nguyễn", first_name="Thị Ánh")
    invite(round_, user.agency, quota=2)

    login(page, "daumoi-tamky", "Mat-khau-2022")
    page.locator("main").get_by_role("link", name="Đề cử giảng viên nguồn").click()
    expect(page).to_have_url(re.compile(r"/tot/de-cu/$"))
    card = page.locator(f"[data-round='{round_.pk}']")
    expect(card.locator(".quota-used")).to_have_text("Đã dùng 0/2, còn 2")

    card.get_by_role("link", name="Thêm ứng viên").click()
    page.fill("#id_full_name", "Trần Thị Bích Ngọc")
    page.select_option("#id_gender", "nu")
    page.fill("#id_date_of_birth", "1990-04-12")
    page.fill("#id_position", "Phó Trưởng phòng Kinh tế")
    page.fill("#id_workplace", "UBND thành phố Tam Kỳ")
    page.fill("#id_phone", "0905 123 456")
    page.fill("#id_email", "ngoc.tran@example.vn")
    page.check("#id_is_entrepreneur")
    page.fill("#id_sectors", "du lịch số, nông nghiệp hữu cơ")
    page.fill("#id_experience", "<b>Cố vấn</b> 6 dự án khởi nghiệp")
    page.check("#id_consent")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".errorlist").first).to_contain_text("Không được nhập mã HTML")
    page.fill("#id_experience", "Cố vấn 6 dự án khởi nghiệp")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator("h1")).to_contain_text("Trần Thị Bích Ngọc")
    expect(page.locator("h1 .badge")).to_have_text("Bản nháp")

    page.locator("main").get_by_role("link", name="Nộp hồ sơ").click()
    page.fill("#id_number", "125/UBND-VP")
    page.fill("#id_date", "2022-02-10")
    page.set_input_files("#id_file", {"name": "cong-van.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    page.locator("main").get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp hồ sơ")
    expect(page.locator("h1 .badge")).to_have_text("Đã nộp")
    expect(page.locator("main")).to_contain_text("Hồ sơ đã nộp chỉ có thể xem.")

    page.goto(site_url + "/tot/de-cu/")
    expect(page.locator(f"[data-round='{round_.pk}'] .quota-used")).to_have_text("Đã dùng 1/2, còn 1")

    nomination = Nomination.objects.get()
    services.decide(nomination, board_user(), NominationStatus.ACCEPTED,
                    decision=BoardDecisionFactory(number="15/QĐ-BĐH"))
    page.goto(f"{site_url}/tot/de-cu/ho-so/{nomination.pk}/")
    expect(page.locator("#decision")).to_contain_text("Được chọn")
    expect(page.locator("#decision")).to_contain_text("Quyết định số 15/QĐ-BĐH ngày 01/03/2022")
    assert screenshot(page, "nominations-journey").stat().st_size > 0
