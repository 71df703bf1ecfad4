"""A visitor's journey: home -> directory -> filter by kind -> club page -> a news item."""

import re

from playwright.sync_api import expect

from tests.factories.clubs import club_kind, make_club, make_news
from tests.factories.portal import AdministrativeUnitFactory, UserFactory


def test_visitor_finds_a_club_through_the_directory_and_reads_its_news(page, site_url, site_tree, screenshot):
    directory, _ = site_tree
    district = club_kind("cap-huyen", "CLB khởi nghiệp cấp huyện")
    university = club_kind("dai-hoc", "CLB khởi nghiệp trường Đại học, Cao đẳng")
    tam_ky = AdministrativeUnitFactory(name="Tam Kỳ", slug="tam-ky", kind="thành phố")
    hoi_an = AdministrativeUnitFactory(name="Hội An", slug="hoi-an", kind="thành phố")
    club = make_club(
        directory,
        title="CLB Khởi nghiệp thành phố Tam Kỳ",
        kind=district,
        unit=tam_ky,
        summary="Nơi gặp gỡ của người trẻ Tam Kỳ",
    )
    make_club(directory, title="CLB Khởi nghiệp Đại học Phan Châu Trinh", kind=university, unit=hoi_an)
    make_news(club, title="Ngày hội khởi nghiệp đổi mới sáng tạo Quảng Nam", intro="Hơn 300 học sinh tham dự")

    page.goto(site_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("main")).to_contain_text("Ngày hội khởi nghiệp đổi mới sáng tạo Quảng Nam")

    page.locator("nav.main-nav").get_by_role("link", name="Câu lạc bộ").click()
    expect(page).to_have_url(re.compile(r"/cau-lac-bo/$"))
    expect(page.locator("main")).to_contain_text("CLB Khởi nghiệp Đại học Phan Châu Trinh")

    page.select_option("select[name=kind]", "cap-huyen")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"kind=cap-huyen"))
    cards = page.locator("main .cards .card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("CLB Khởi nghiệp thành phố Tam Kỳ")

    cards.first.get_by_role("link", name="CLB Khởi nghiệp thành phố Tam Kỳ").click()
    expect(page.locator("h1")).to_have_text("CLB Khởi nghiệp thành phố Tam Kỳ")
    expect(page.locator("main")).to_contain_text("Tam Kỳ")
    expect(page.locator("main")).to_contain_text("CLB khởi nghiệp cấp huyện")

    page.locator("main").get_by_role("link", name="Ngày hội khởi nghiệp đổi mới sáng tạo Quảng Nam").first.click()
    expect(page.locator("h1")).to_have_text("Ngày hội khởi nghiệp đổi mới sáng tạo Quảng Nam")
    expect(page.locator("main")).to_contain_text("Hơn 300 học sinh tham dự")
    path = screenshot(page, "portal-journey")
    assert path.stat().st_size > 0


def test_login_helper_signs_in_through_the_front_end_form(page, site_url, login):
    UserFactory(username="bientapvien", password="Mat-khau-2022", last_name="Lê", first_name="Văn Đức")

    login(page, "bientapvien", "Mat-khau-2022")

    expect(page).to_have_url(re.compile(r"/ca-nhan/$"))
    expect(page.locator("header")).to_contain_text("Lê Văn Đức")
