"""The admin's multiple-upload widget, in Chromium, behind the production nginx config (HTTP/2 and TLS, as browsers
reach the stack): a document over the size limit is refused with a Vietnamese message in its row, whether the
browser's own check (Wagtail's limit) or nginx's client_max_body_size refuses it, and nothing reaches the app."""

import re
import shutil
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.test import Client
from wagtail.documents.models import Document

from tests.factories.portal import board_user
from tests.portal.test_nginx import CHECKOUT, NGINX, free_port, load_stack

pytestmark = [pytest.mark.skipif(not NGINX, reason="needs nginx (apt-get install nginx-light)"),
              pytest.mark.django_db(transaction=True)]


def listening(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def behind_nginx(live_server):
    """nginx (site/deploy/nginx.conf) in front of the live server, static files collected as links."""
    stack = load_stack()
    run_dir = CHECKOUT / "var" / f"widget-test-{uuid.uuid4().hex[:8]}"  # nginx's workers (nobody) read it
    (run_dir / "media").mkdir(parents=True)
    nginx = None
    try:
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--link", "-v0"], cwd=CHECKOUT,
                       check=True, env={"DJANGO_SETTINGS_MODULE": "portal.settings.test", "VAR_DIR": str(run_dir),
                                        "PATH": "/usr/bin:/bin"})
        port = free_port()
        upstream = int(live_server.url.rsplit(":", 1)[1])
        conf = stack.render_nginx(run_dir, port, [upstream], run_dir / "static", run_dir / "media",
                                  stack.tls_files(run_dir), free_port())
        nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(run_dir)], stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not listening(port):
            assert nginx.poll() is None and time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
        yield f"https://127.0.0.1:{port}"
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=20)
        shutil.rmtree(run_dir, ignore_errors=True)


@pytest.fixture
def admin_page(browser, behind_nginx):
    client = Client()
    client.force_login(board_user(is_superuser=True))
    context = browser.new_context(ignore_https_errors=True, locale="vi-VN")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": behind_nginx}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def upload_big_document(page, base_url):
    page.goto(f"{base_url}/admin/documents/multiple/add/")
    page.set_input_files("#fileupload", files=[{"name": "ke-hoach-lon.pdf", "mimeType": "application/pdf",
                                                "buffer": b"%PDF-1.4\n" + b"0" * (13 * 1024 * 1024)}])
    row = page.locator("#upload-list > li.upload-failure")
    row.locator(".error_messages").filter(has_text="Tệp quá lớn").wait_for()
    return row


def test_the_widget_says_a_document_is_too_large_in_vietnamese_before_sending_it(admin_page, behind_nginx):
    """Wagtail checks the size in the browser against WAGTAILDOCS_MAX_UPLOAD_SIZE, with a text its catalogue has
    only in English; the portal's form gives it in Vietnamese."""
    row = upload_big_document(admin_page, behind_nginx)
    assert re.sub(r"\s+", " ", row.locator(".error_messages").inner_text()) == "Tệp quá lớn: mỗi tệp tối đa 10,0 MB."
    assert not Document.objects.exists()


def test_the_widget_shows_nginxs_message_when_a_file_passes_the_browsers_check(admin_page, behind_nginx, settings,
                                                                             screenshot):
    """With Wagtail's limit above nginx's client_max_body_size (12 MB), nginx refuses the upload with 413 and its
    JSON; Wagtail's widget alone would show only "upload failed"."""
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
    row = upload_big_document(admin_page, behind_nginx)
    screenshot(admin_page, "upload-too-large")
    message = re.sub(r"\s+", " ", row.locator(".error_messages").inner_text())
    assert message.startswith("Tệp quá lớn: mỗi lần tải lên tối đa 10 MB.")
    assert row.locator(".error_messages").is_visible()
    assert "upload-server-error" not in row.get_attribute("class")
    assert not Document.objects.exists()


def test_the_image_choosers_upload_tab_shows_nginxs_message(admin_page, behind_nginx, screenshot):
    """The upload tab of the image chooser pop-up posts with jQuery; on nginx's 413 Wagtail alone writes "Server
    Error: Report this error to your website administrator… - 413"; upload-too-large.js puts nginx's words there."""
    from wagtail.models import Page

    from tests.factories.clubs import make_club, make_site_tree

    directory, _news = make_site_tree(Page.objects.get(depth=2).specific)
    club = make_club(directory, title="CLB Khởi nghiệp Núi Thành")
    admin_page.goto(f"{behind_nginx}/admin/pages/{club.pk}/edit/")
    admin_page.evaluate("new window.ImageChooserModal('/admin/images/chooser/').open({}, function () {})")
    admin_page.locator("a[href='#tab-upload'], [role='tab'][aria-controls='tab-upload']").first.click()
    admin_page.set_input_files("#id_image-chooser-upload-file", files=[{
        "name": "anh-lon.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"0" * (13 * 1024 * 1024)}])
    admin_page.fill("#id_image-chooser-upload-title", "Ảnh lớn")
    admin_page.locator("#tab-upload form button[type='submit'], #tab-upload form input[type='submit']").first.click()
    block = admin_page.locator("[data-upload-too-large]")
    block.wait_for()
    screenshot(admin_page, "chooser-upload-too-large")
    text = re.sub(r"\s+", " ", block.inner_text())
    assert text.startswith("Tệp quá lớn: mỗi lần tải lên tối đa 10 MB.")
    assert "413" not in text and "Server Error" not in text
