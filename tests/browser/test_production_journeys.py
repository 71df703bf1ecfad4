"""The five user journeys end to end in Chromium, against the production settings served by gunicorn (2 workers).

Unlike the other journeys (pytest-django's live server, factories, DEBUG-less test settings), this module runs the
portal as it is deployed: `portal.settings.production`, gunicorn, whitenoise serving the collected and hashed static
files, a database migrated and filled by `manage.py seed_demo` (one account per role, password KhoiNghiep@2022).
The database is new for each run (a SQLite file in a temporary folder, or `<name>_journeys` on the PostgreSQL
server of DATABASE_URL; pytest-django's test database is not involved), so the journeys act only through HTTP, as
people do. Built once for the module (~1 minute: migrate, collectstatic, demo).

Production over plain http on loopback: SECURE_SSL_REDIRECT=0 is the one toggle set (production exposes it for a
proxy that terminates TLS). The session and CSRF cookies stay `Secure`: Chromium treats http://127.0.0.1 as a
secure context and keeps them, so log-in works unchanged. Skipped with the reason when gunicorn or Chromium is
missing. Set PRODUCTION_JOURNEY_KEEP=1 to keep the folder and the database (and the gunicorn log) for a look.
"""

import contextlib
import importlib.util
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import DEFAULT_TIMEOUT_MS, login
from tests.portal.test_nginx import load_stack

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "KhoiNghiep@2022"  # the demo accounts' password (README)
PORTS = range(8400, 8500)  # this suite's loopback ports


def _free_port():
    for port in PORTS:
        with contextlib.closing(socket.socket()) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def _wait_until_up(url, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with code {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout} s:\n{log.read_text()[-3000:]}")


def _fresh_database(folder):
    """A new, empty database for the server: a SQLite file in `folder`, or, when the suite runs on PostgreSQL
    (DATABASE_URL), a database of its own on that server (`<name>_journeys`, dropped first if a run left it)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{folder / 'db.sqlite3'}"
    import psycopg

    base, _, name = url.rpartition("/")
    name = f"{name.split('?')[0]}_journeys"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _drop_database(url):
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _, name = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def production(browser):
    """The portal under gunicorn with production settings on a fresh demo database: yields its base URL."""
    if importlib.util.find_spec("gunicorn") is None:
        pytest.skip("gunicorn is not installed (make install)")
    folder = Path(tempfile.mkdtemp(prefix="production-journeys-"))
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SECURE_", "EMAIL_"))
    }
    env.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": _fresh_database(folder),
        "VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "BASE_URL": base_url,  # certificate QR codes point here
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
    })
    env.update(load_stack().stand_in_signing_keys({}, folder / "production"))  # production signs with given keys
    log = folder / "server.log"
    with log.open("ab") as out:
        for command in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"], ["seed_demo"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=out,
                           stderr=subprocess.STDOUT)
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--timeout", "60", "--pythonpath", f"{ROOT / 'site'},{ROOT}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(base_url + "/", process, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors = [line for line in log.read_text(errors="replace").splitlines() if "Internal Server Error" in line]
        if os.environ.get("PRODUCTION_JOURNEY_KEEP") != "1":
            shutil.rmtree(folder, ignore_errors=True)
            _drop_database(env["DATABASE_URL"])
        assert errors == [], f"the server logged errors: {errors}"


@pytest.fixture
def page(browser, production):
    """A fresh context (no cookies) on the production server; overrides the live-server `page` of conftest."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}, base_url=production
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def test_production_serves_hardened_headers_and_hashed_static_files(production):
    with urllib.request.urlopen(production + "/") as response:
        html = response.read().decode()
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "whitenoise's manifest storage names static files by their hash"
    with urllib.request.urlopen(production + stylesheet[1]) as response:
        assert response.status == 200 and "max-age=315360000" in response.headers["Cache-Control"]


def test_visitor_home_directory_filter_club_news(page, production, screenshot):
    from playwright.sync_api import expect

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.locator("nav.main-nav").get_by_role("link", name="Câu lạc bộ").click()
    expect(page).to_have_url(re.compile(r"/cau-lac-bo/$"))
    all_cards = page.locator("main .cards .card").count()

    kind = page.locator("select[name=kind] option").nth(1).get_attribute("value")
    page.select_option("select[name=kind]", kind)
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"kind={kind}"))
    cards = page.locator("main .cards .card")
    expect(cards.first).to_be_visible()
    assert 0 < cards.count() <= all_cards

    club_link = cards.first.locator("h2 a").first
    club_name = club_link.inner_text().strip()
    club_link.click()
    expect(page.locator("h1")).to_have_text(club_name)

    news_link = page.locator("main .cards .card h3 a").first  # the club's latest news
    news_title = news_link.inner_text().strip()
    news_link.click()
    expect(page.locator("h1")).to_contain_text(news_title[:20])
    screenshot(page, "production-visitor")


def test_agency_nominator_creates_and_submits_a_nomination(page, production, screenshot):
    from playwright.sync_api import expect

    from tests.factories.training import PDF_BYTES

    login(page, "daumoi", PASSWORD, base_url=production)
    expect(page.locator("header")).to_contain_text("Nguyễn Thị Ánh")
    page.goto("/tot/de-cu/")
    add = page.get_by_role("link", name="Thêm ứng viên").first
    add.click()
    page.fill("#id_full_name", "Phan Thị Thu Trang")
    page.select_option("#id_gender", "nu")
    page.fill("#id_date_of_birth", "1991-09-02")
    page.fill("#id_position", "Chuyên viên Phòng Kinh tế")
    page.fill("#id_workplace", "UBND thành phố Tam Kỳ")
    page.fill("#id_phone", "0905 246 810")
    page.fill("#id_email", "trang.phan@example.vn")
    page.fill("#id_sectors", "chuyển đổi số")
    page.fill("#id_experience", "Hỗ trợ 4 dự án khởi nghiệp")
    page.check("#id_consent")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator("h1")).to_contain_text("Phan Thị Thu Trang")
    expect(page.locator("h1 .badge")).to_have_text("Bản nháp")

    page.locator("main").get_by_role("link", name="Nộp hồ sơ").click()
    page.fill("#id_number", "88/UBND-VP")
    page.fill("#id_date", "2022-02-10")
    page.set_input_files("#id_file", {"name": "cong-van.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    page.locator("main").get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp hồ sơ")
    expect(page.locator("h1 .badge")).to_have_text("Đã nộp")
    screenshot(page, "production-nominator")


def test_board_staff_decides_a_submitted_nomination_in_the_admin(page, production, screenshot):
    from playwright.sync_api import expect

    page.goto("/admin/login/")
    page.fill("#id_username", "bandieuhanh")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    page.goto("/admin/snippets/training/nomination/?status=submitted")
    title = page.locator("table.listing tbody tr td.title a").first
    name = title.inner_text().strip()
    page.goto(title.get_attribute("href").replace("/edit/", "/inspect/"))  # the record with its audit trail
    expect(page.locator("main")).to_contain_text(name)
    page.get_by_role("link", name="Quyết định", exact=True).click()
    page.select_option("#id_outcome", "accepted")
    page.select_option("#id_decision", index=1)
    page.check("#id_release_now")
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    expect(page.locator(".messages")).to_contain_text("Đã công bố quyết định")
    expect(page.locator("main")).to_contain_text(name)
    screenshot(page, "production-board")


def test_trainer_downloads_a_certificate_and_verifies_it_publicly(page, production, screenshot):
    from playwright.sync_api import expect

    login(page, "giangvien", PASSWORD, base_url=production)
    page.goto("/ca-nhan/giay-chung-nhan/")
    row = page.locator("main table tbody tr").filter(has_text="Còn hiệu lực").first
    serial = row.locator("td").first.inner_text().strip()
    response = page.request.get(production + row.get_by_role("link", name="Tải PDF").get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-")

    url = _qr_url(body)
    if url is None:  # the QR decoder is an optional test dependency: verify by the code on the page instead
        page.goto("/tot/xac-minh/")
        page.fill("#id_code", serial)
        page.locator("main form[method=get] button[type=submit]").click()
    else:
        assert url.startswith(production + "/tot/xac-minh/")
        page.context.clear_cookies()  # anyone scanning the code: not logged in
        page.goto(url)
    result = page.locator("[data-state]")
    expect(result).to_have_attribute("data-state", "valid")
    expect(result).to_contain_text("Hồ Quang Bửu")
    screenshot(page, "production-trainer")


def _qr_url(pdf_bytes):
    try:
        import pypdfium2
        import zxingcpp
    except ImportError:
        return None
    image = pypdfium2.PdfDocument(pdf_bytes)[0].render(scale=2).to_pil()
    (result,) = zxingcpp.read_barcodes(image)
    return result.text


def test_participant_registers_and_gets_the_calendar_link(page, production, screenshot):
    from playwright.sync_api import expect

    login(page, "thamdu", PASSWORD, base_url=production)
    page.goto("/")
    page.locator("nav.main-nav").get_by_role("link", name="Sự kiện").click()
    expect(page).to_have_url(re.compile(r"/su-kien/$"))
    event_link = page.locator("main .cards .card h3 a").filter(has_text="du lịch số").first
    title = event_link.inner_text().strip()
    event_link.click()
    expect(page.locator("h1")).to_have_text(title)

    expect(page.locator("#id_full_name")).not_to_have_value("")  # filled in from the account
    page.fill("#id_phone", "0905 111 222")
    page.check("#id_consent")
    with page.expect_navigation():
        page.locator("#dang-ky button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/dang-ky/[^/]+/$"))
    expect(page.locator(".messages")).to_contain_text("Đăng ký thành công")

    page.goto("/ca-nhan/su-kien/")
    expect(page.locator("main")).to_contain_text(title)
    page.goto("/ca-nhan/lich/")
    feed = page.locator("main a[href^='webcal://']").first.get_attribute("href")
    response = page.request.get(feed.replace("webcal://", "http://", 1))
    assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = response.text().replace("\r\n ", "")  # unfold RFC 5545 lines
    assert "BEGIN:VCALENDAR" in calendar and title in calendar
    screenshot(page, "production-participant")
