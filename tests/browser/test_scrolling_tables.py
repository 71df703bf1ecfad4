"""A table wider than a phone scrolls in its box, which the keyboard can reach and a screen reader names
(portal.js): "Bảng: " and the table's heading, never the heading alone, which names the section around it."""

from tests.browser.conftest import login
from tests.browser.front_pages import PASSWORD, build_demo


def test_a_table_wider_than_the_phone_is_a_named_region_of_its_own(browser, live_server):
    build_demo()
    page = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 640}).new_page()
    login(page, "bientap", PASSWORD, base_url=live_server.url)
    page.goto(live_server.url + "/bao-cao/")
    box = page.locator(".table-wrap").first
    assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0"
    heading = page.locator("section h2").first.inner_text()
    assert box.get_attribute("aria-label") == f"Bảng: {heading}"
    page.set_viewport_size({"width": 1280, "height": 800})  # wide enough: an ordinary box again
    page.wait_for_function("() => !document.querySelector('.table-wrap').hasAttribute('role')")
    page.context.close()
