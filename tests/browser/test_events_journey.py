"""A visitor's journey: events page -> the annual conference -> register -> the confirmation."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Registration
from tests.factories.events import event_index, event_kind, make_event


def test_visitor_registers_for_the_conference_and_sees_the_confirmation(page, site_url, home, screenshot):
    index = event_index(home)
    day = timezone.localdate() + timedelta(days=20)
    start = datetime(day.year, day.month, day.day, 7, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    conference = make_event(
        index, title="Hội nghị mạng lưới CLB khởi nghiệp đổi mới sáng tạo năm 2026",
        kind=event_kind("hoi-nghi", "Hội nghị mạng lưới CLB"), start=start, end=start + timedelta(hours=9),
        venue="Trung tâm Hội nghị tỉnh Quảng Nam", capacity=100,
    )
    make_event(index, title="Hội thảo du lịch số", kind=event_kind("hoi-thao", "Hội thảo"))

    page.goto(site_url + "/")
    page.locator("nav.main-nav").get_by_role("link", name="Sự kiện").click()
    expect(page).to_have_url(re.compile(r"/su-kien/$"))
    expect(page.locator("main")).to_contain_text("Hội thảo du lịch số")

    page.select_option("select[name=kind]", "hoi-nghi")
    page.locator("form.filters button[type=submit]").click()
    cards = page.locator("main .cards .card")
    expect(cards).to_have_count(1)
    cards.first.get_by_role("link", name=conference.title).click()
    expect(page.locator("h1")).to_have_text(conference.title)
    expect(page.locator("main")).to_contain_text(f"07:30 {day:%d/%m/%Y}")
    expect(page.locator("main a[href$='.ics']").first).to_be_visible()

    page.fill("#id_full_name", "Nguyễn Thị Bích")
    page.fill("#id_email", "bich@example.vn")
    page.fill("#id_phone", "0905 123 456")
    page.fill("#id_organisation", "Trường Đại học Quảng Nam")
    page.check("#id_consent")
    with page.expect_navigation():
        page.locator("#dang-ky button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/dang-ky/[^/]+/$"))
    expect(page.locator(".messages")).to_contain_text("Đăng ký thành công")
    expect(page.locator(".registration-confirmation")).to_contain_text("Nguyễn Thị Bích")
    expect(page.locator(".registration-confirmation")).to_contain_text("Đã xác nhận")
    registration = Registration.objects.get()
    assert (registration.full_name, registration.phone) == ("Nguyễn Thị Bích", "0905123456")
    assert [m.subject for m in mail.outbox] == [f"Xác nhận đăng ký: {conference.title}"]
    assert screenshot(page, "events-journey").stat().st_size > 0
