"""Browser fixtures: the site on a real local server, driven by Playwright in Debian's Chromium.

Playwright cannot download its own browser on our machines, so it launches the system
Chromium (``CHROMIUM``, default ``/usr/bin/chromium``). A missing browser fails the tests
with a clear message instead of skipping them: CI must really run them.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

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


@pytest.fixture
def live_server(live_app):
    """Serve ``live_app`` on a free local port for the length of one test; yield its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


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


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser):
    """A fresh browser tab: desktop-sized, and again phone-sized (360 px wide)."""
    size = {"width": 1280, "height": 900} if request.param == "desktop" else {
        "width": 360, "height": 740}
    context = browser.new_context(viewport=size, locale="en-GB")
    tab = context.new_page()
    tab.screen_name = request.param
    yield tab
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Save a full-page screenshot under tests/browser/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def save(name: str) -> Path:
        path = SCREENSHOTS / f"{request.node.originalname}-{name}-{page.screen_name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
