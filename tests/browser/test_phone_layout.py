"""Phones first (issue 13): no front-end page scrolls sideways at 360 and 390 px, the header and the folded menu
take at most a quarter of the first screen, the menu opens and closes with a button (mouse and keyboard) and stays
open without JavaScript, and the admin's attendance grids scroll inside their own box with the name column fixed.

The pages are every front-end page type (tests/browser/front_pages.py) on the demo data with hostile text: a
60-character word in a club's name, long e-mail addresses, a calendar secret without a hyphen.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEFAULT_TIMEOUT_MS, login
from tests.browser.front_pages import PASSWORD, admin_pages, build_demo, by_user, front_end_pages

PHONES = [(360, 640), (390, 844)]  # the small Android most visitors hold, and a current iPhone
HEADER_SHARE = 0.25

# The page's width, the header's height, and, when the page is too wide, the deepest elements that stick out
# past the right edge (outside any box that scrolls or clips them): what to fix.
MEASURE = """() => {
  const width = window.innerWidth;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  // An element's own box, or the text overflowing it (a word too long for its line) unless the element clips it.
  const right = (el) => {
    const box = el.getBoundingClientRect();
    const spills = getComputedStyle(el).overflowX === 'visible';
    return box.left + (spills ? Math.max(box.width, el.scrollWidth) : box.width);
  };
  const sticksOut = (el) => right(el) > width + 0.5 && !clipped(el);
  const culprits = [];
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      if (sticksOut(el) && ![...el.children].some(sticksOut)) {
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
          + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        culprits.push(`${name} (right edge ${Math.round(right(el))} px)`);
      }
    }
  }
  const header = document.querySelector('body > header');
  return {
    scrollWidth: document.documentElement.scrollWidth, innerWidth: width,
    header: header ? header.getBoundingClientRect().height : null, culprits: culprits.slice(0, 6),
  };
}"""


def new_page(browser, width=360, height=640, **options):
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": width, "height": height}, **options
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context.new_page()


def problems_of(page, front_page, height):
    measured = page.evaluate(MEASURE)
    found = []
    where = f"{front_page.name} ({front_page.path}) at {measured['innerWidth']}×{height}"
    if measured["scrollWidth"] > measured["innerWidth"]:
        found.append(f"{where}: {measured['scrollWidth']} px wide; sticking out: {', '.join(measured['culprits'])}")
    if measured["header"] is None:
        found.append(f"{where}: no <header>")
    elif measured["header"] > HEADER_SHARE * height:
        found.append(f"{where}: header {measured['header']:.0f} px tall, more than {HEADER_SHARE * height:.0f} px")
    return found


def test_no_front_end_page_scrolls_sideways_on_a_phone_and_the_header_fits_a_quarter(
    browser, live_server, screenshot
):
    pages = front_end_pages(build_demo())
    problems = []
    for user, group in by_user(pages).items():
        page = new_page(browser)
        if user:
            login(page, user, PASSWORD, base_url=live_server.url)
        for width, height in PHONES:
            page.set_viewport_size({"width": width, "height": height})
            for front_page in group:
                response = page.goto(live_server.url + front_page.path)
                assert response.status == front_page.status, f"{front_page.name}: {front_page.path}"
                found = problems_of(page, front_page, height)
                if found:
                    screenshot(page, f"phone-{width}-{re.sub(r'[^a-z0-9]+', '-', front_page.name)}")
                problems += found
        page.context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [w for w, _ in PHONES])
def test_the_menu_folds_behind_a_button_that_mouse_and_keyboard_open(browser, live_server, home, width):
    page = new_page(browser, width=width)
    page.goto(live_server.url + "/")
    button = page.locator("header button[aria-controls]")
    menu = page.locator("#" + button.get_attribute("aria-controls"))
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Câu lạc bộ")).to_be_visible()
    button.click()
    expect(menu).to_be_hidden()

    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    page.context.close()


def test_without_javascript_the_menu_is_open_and_the_button_absent(browser, live_server, home):
    page = new_page(browser, java_script_enabled=False)
    page.goto(live_server.url + "/")
    expect(page.locator("header button[aria-controls]")).to_be_hidden()
    expect(page.locator("nav.main-nav").get_by_role("link", name="Câu lạc bộ")).to_be_visible()
    page.context.close()


def test_on_a_desktop_the_menu_is_a_bar_without_a_button(browser, live_server, home):
    page = new_page(browser, width=1280, height=900)
    page.goto(live_server.url + "/")
    expect(page.locator("header button[aria-controls]")).to_be_hidden()
    expect(page.locator("nav.main-nav").get_by_role("link", name="Câu lạc bộ")).to_be_visible()
    page.context.close()


# Scrolls the grid's box to its end and reports where the first person's name is, before and after,
# and whether the page itself scrolls sideways.
GRID_SCROLL = """(table) => {
  const box = table.closest('[data-grid-scroll]');
  const cell = table.querySelector('tbody tr:first-child > [scope=row]');  // the person's name
  const before = cell.getBoundingClientRect().left;
  box.scrollLeft = box.scrollWidth;
  return {
    boxScrolls: box.scrollWidth > box.clientWidth, scrolled: box.scrollLeft,
    before, after: cell.getBoundingClientRect().left,
    pageWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
  };
}"""


def test_admin_attendance_grids_scroll_in_their_box_with_the_name_column_fixed(browser, live_server):
    """Board staff take attendance on a phone at the door: the grid scrolls, the page does not."""
    build_demo()
    page = new_page(browser, width=360, height=640)
    login(page, "bandieuhanh", PASSWORD, base_url=live_server.url)
    grids = [p for p in admin_pages() if "attendance grid" in p.name]
    assert len(grids) == 2
    for grid in grids:
        page.goto(live_server.url + grid.path)
        result = page.locator("[data-grid-scroll] table").evaluate(GRID_SCROLL)
        assert result["boxScrolls"] and result["scrolled"] > 0, (grid.name, result)
        assert abs(result["after"] - result["before"]) < 1, (grid.name, result)
        assert result["pageWidth"] <= result["innerWidth"], (grid.name, result)
    page.context.close()
