"""The admin on a phone: Board staff take attendance at the door and look a record up away from their desk, so no
screen of ours inside the Wagtail admin scrolls sideways at 360 px; a wide table scrolls inside its own box.

The screens are found in the URLconf (tests/browser/front_pages.py, admin_screens()): every listing, add form and
report of our apps, the dashboard, and the detail screens admin_pages() names, on the demo data with hostile text.
"""

from tests.browser.conftest import login
from tests.browser.front_pages import PASSWORD, admin_screens, build_demo
from tests.browser.test_phone_layout import MEASURE, new_page


def test_no_admin_screen_of_ours_scrolls_sideways_at_360_px(browser, live_server):
    build_demo()
    screens = admin_screens()
    assert len(screens) > 40  # the discovery found the listings, not just the dashboard
    page = new_page(browser, width=360, height=640)
    login(page, "bandieuhanh", PASSWORD, base_url=live_server.url)
    problems = []
    for screen in screens:
        response = page.goto(live_server.url + screen.path)
        if response.status != 200:
            problems.append(f"{screen.path}: HTTP {response.status}")
            continue
        measured = page.evaluate(MEASURE)
        if measured["scrollWidth"] > measured["innerWidth"]:
            problems.append(f"{screen.path}: {measured['scrollWidth']} px wide; {', '.join(measured['culprits'])}")
    page.context.close()
    assert not problems, "\n".join(problems)
