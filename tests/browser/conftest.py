"""Browser-test harness: Playwright driving Debian's Chromium against pytest-django's live server.

Fixtures for every journey in this folder:
- `browser` (session): a Chromium at /usr/bin/chromium (CHROMIUM_PATH overrides). Absent: the test is skipped with
  the reason, unless REQUIRE_BROWSER=1 (CI), then it fails.
- `page` (function): a fresh browser context (no cookies) and a page, 30 s default timeout, Vietnamese locale.
- `live_server` (pytest-django): the portal on a free port. Its database is transactional and flushed after each
  test; tests/conftest.py rebuilds the root page, HomePage, Site and roles the migrations made before each test.
- `site_url`: the live server's base URL. `login(page, username, password)`: front-end log-in at /tai-khoan/dang-nhap/.
- `screenshot(page, name)`: saves /tmp/browser-<name>.png (BROWSER_SCREENSHOT_DIR overrides) and returns its path.

Every test in this folder gets the `browser` marker (run only them: `pytest -m browser`). Never run
`playwright install`: the harness uses the system Chromium.
"""

import os
from pathlib import Path

import pytest

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous: on a loaded 2-core CI machine a production log-in (password hashing, two gunicorn workers) took over
# 10 s; a passing test never waits for it.
DEFAULT_TIMEOUT_MS = 30_000
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM_PATH):
        _unavailable(f"Chromium not found at {CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the python package playwright is not installed (make install)")
    # Playwright's sync API keeps an asyncio loop in this thread; Django's ORM, used by the tests to build data,
    # would otherwise refuse to run "from an async context".
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site_url(live_server):
    return live_server.url


def login(page, username, password, base_url=""):
    """Log in through the portal's front-end form; the page ends on the account page (or `next`)."""
    page.goto(f"{base_url.rstrip('/')}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    return page


@pytest.fixture(name="login")
def login_fixture(live_server):
    """`login(page, username, password)` bound to the live server."""

    def _login(page, username, password):
        return login(page, username, password, base_url=live_server.url)

    return _login


@pytest.fixture
def screenshot():
    directory = Path(os.environ.get("BROWSER_SCREENSHOT_DIR", "/tmp"))

    def _screenshot(page, name):
        path = directory / f"browser-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _screenshot
