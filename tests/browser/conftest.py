"""Playwright (sync API) fixtures for the browser tests: headless Debian Chromium.

Every test under tests/browser/ is marked `browser`. Fixtures:
  browser  - one Chromium per session (/usr/bin/chromium; never a downloaded build)
  page     - a fresh context and page per test (1280x900, en-GB, 15 s default timeout)
  login    - login(page, live_server, username, password) through /accounts/login/
and, from tests.browser.axe, assert_no_axe_violations(page, "label").

Static files: pytest-django's live_server wraps the site in staticfiles' StaticFilesHandler
(as StaticLiveServerTestCase does), so /static/ is served from the finders, STATICFILES_DIRS
included; static/dist must have been built (npm run build). config/settings/test.py also turns
on WHITENOISE_USE_FINDERS/AUTOREFRESH, which does the same through WhiteNoise.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
# thread with a running loop unless told it is safe (it is: the loop only drives the browser).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser.axe import AXE_PATH, assert_no_axe_violations  # noqa: E402,F401

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DEFAULT_TIMEOUT_MS = 15_000
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark every test collected from tests/browser/ as `browser`."""
    for item in items:
        try:
            in_browser_dir = Path(str(item.path)).resolve().is_relative_to(BROWSER_DIR)
        except (AttributeError, ValueError):
            in_browser_dir = False
        if in_browser_dir:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        message = (
            f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium) "
            "to run the browser tests; Playwright's own browser download is not used."
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    if not AXE_PATH.exists():
        message = f"{AXE_PATH} is missing: build the assets first (npm ci && npm run build)."
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def login():
    """login(page, live_server, username, password): sign in through the real form."""

    def _login(page, live_server, username, password):
        login_url = f"{live_server.url}/accounts/login/"
        page.goto(login_url)
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert "/accounts/login/" not in page.url, (
            f"sign-in as {username!r} failed; still on {page.url}:\n"
            + page.locator("main").inner_text()
        )
        return page

    return _login
