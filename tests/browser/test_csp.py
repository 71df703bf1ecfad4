"""The pages work under the Content-Security-Policy that production sends (it is set in every environment): key
public pages, and the admin pages Board staff use (explorer, page editor with rich text, image chooser, images,
the lockout and two-step screens) raise no CSP violation in Chromium."""

import re

from playwright.sync_api import expect

from tests.factories.clubs import make_club, make_image, make_news
from tests.factories.events import event_index, make_event
from tests.factories.portal import PASSWORD, board_user

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watch(page):
    messages = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    return messages


def visit(page, url, messages):
    response = page.goto(url)
    assert response.status < 400, url
    page.wait_for_load_state("networkidle")
    assert "content-security-policy" in response.headers, url
    assert page.evaluate("window.__csp") == [], url
    assert messages == [], url


def test_public_pages_raise_no_csp_violation(page, site_url, site_tree, home, screenshot):
    directory, news_index = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    news = make_news(club, title="Ngày hội khởi nghiệp", image=make_image())
    event = make_event(event_index(home), title="Hội thảo du lịch số")
    messages = watch(page)

    for path in ["/", "/cau-lac-bo/", club.url, "/tin-tuc/", news.url, event.url, "/su-kien/",
                 "/tot/xac-minh/", "/tim-kiem/?q=tam+ky", "/tai-khoan/dang-nhap/", "/lich/"]:
        visit(page, site_url + path, messages)
    expect(page.locator("h1")).to_contain_text("lịch sự kiện")
    header = page.goto(site_url + "/").headers["content-security-policy"]
    assert "script-src 'self'" in header and "frame-ancestors 'none'" in header and "http" not in header
    screenshot(page, "csp-public")


def test_admin_pages_raise_no_csp_violation(page, site_url, site_tree, screenshot):
    directory, _ = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    make_image()
    user = board_user()
    messages = watch(page)

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert page.evaluate("window.__csp") == [] and messages == []

    for path in ["/admin/", f"/admin/pages/{club.pk}/", "/admin/images/", "/admin/documents/",
                 "/admin/khoa-dang-nhap/", "/admin/account/", "/admin/xac-thuc-hai-buoc/"]:
        visit(page, site_url + path, messages)
    expect(page.locator("[data-two-factor] svg")).to_be_visible()
    screenshot(page, "csp-admin-two-factor")

    visit(page, site_url + f"/admin/pages/{directory.pk}/edit/", messages)  # its introduction is rich text
    editor = page.locator(".Draftail-Editor .public-DraftEditor-content").first
    editor.click()
    page.keyboard.type("Nội dung thử CSP")
    page.keyboard.press("Control+A")
    page.locator(".Draftail-ToolbarButton[name=BOLD]").first.click()
    expect(editor.locator("strong, [style*=bold]").first).to_contain_text("Nội dung thử CSP")

    visit(page, site_url + f"/admin/pages/{club.pk}/edit/", messages)
    page.locator("[data-chooser-action-choose]").locator("visible=true").first.click()  # the club's logo
    dialog = page.locator("[role=dialog][aria-hidden=false], .modal-dialog").first
    expect(dialog).to_contain_text("Ảnh thử nghiệm")
    screenshot(page, "csp-admin-image-chooser")
    assert page.evaluate("window.__csp") == [] and messages == []
