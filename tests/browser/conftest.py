"""Browser fixtures: the site on a real local server, driven by Playwright in Debian's Chromium.

Playwright cannot download its own browser on our machines, so it launches the system
Chromium (``CHROMIUM``, default ``/usr/bin/chromium``). A missing browser fails the tests
with a clear message instead of skipping them: CI must really run them.

Every page a test visits is checked with axe-core (see ``axe.py``): call ``axe("name")`` at
each page state worth checking; the page the test ends on is checked anyway, so a new test
cannot forget it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.browser.axe import already_checked, assert_accessible, assert_accessible_without_js

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture
def live_app(make_app):
    """The app the live server serves, for tests that look into its database."""
    return make_app()


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """Serve ``app`` on a free local port while the block runs; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def live_server(live_app):
    """Serve ``live_app`` on a free local port for the length of one test; yield its base URL."""
    with serving(live_app) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package "
            "(make test does so when run as root) or set CHROMIUM=/path/to/chromium."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures know whether the test itself passed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def passed(request) -> bool:
    """Whether the test's own body passed (a failed test needs no accessibility check after)."""
    report = getattr(request.node, "report_call", None)
    return report is not None and report.passed


def on_a_page(tab) -> bool:
    """Whether the tab shows a page of the site (not about:blank, not closed)."""
    return not tab.is_closed() and tab.url.startswith("http")


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser, live_server):
    """A fresh browser tab: desktop-sized, and again phone-sized (360 px wide).

    ``bypass_csp`` lets axe-core run under the site's strict Content-Security-Policy (axe
    builds some functions at run time). When the test passed, the page it ends on is checked
    with axe-core unless ``axe`` already checked it as it is now (``live_server`` is asked
    for here so that it still serves during that check).
    """
    size = {"width": 1280, "height": 900} if request.param == "desktop" else {
        "width": 360, "height": 740}
    context = browser.new_context(viewport=size, locale="en-GB", bypass_csp=True)
    tab = context.new_page()
    tab.screen_name = request.param
    yield tab
    try:
        if passed(request) and on_a_page(tab) and not already_checked(tab):
            assert_accessible(tab, "the page the test ended on")
    finally:
        context.close()


@pytest.fixture
def axe(page):
    """``axe("what")`` fails the test when axe-core finds any violation on ``page`` now."""
    def check(name: str = "") -> None:
        assert_accessible(page, f"{name} ({page.screen_name})" if name else page.screen_name)

    return check


@pytest.fixture
def page_without_js(request, browser, live_server):
    """``page_without_js(locale)``: a desktop tab with JavaScript off, for the fallbacks.

    ``axe_without_js(tab, "what")`` checks one of its pages; the page a passing test ends on
    is checked anyway.
    """
    contexts = []

    def open_tab(locale: str = "en-GB"):
        context = browser.new_context(java_script_enabled=False, locale=locale)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    try:
        for context in contexts:
            for tab in context.pages:
                if passed(request) and on_a_page(tab) and not already_checked(tab):
                    assert_accessible_without_js(browser, tab, "the page the test ended on")
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def axe_without_js(browser):
    """``axe_without_js(tab, "what")``: axe-core on a tab that has JavaScript switched off."""
    def check(tab, name: str = "") -> None:
        assert_accessible_without_js(browser, tab, name)

    return check


@pytest.fixture
def screenshot(page, request):
    """Save a full-page screenshot under tests/browser/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def save(name: str) -> Path:
        path = SCREENSHOTS / f"{request.node.originalname}-{name}-{page.screen_name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
