"""The complaint-handling report in a real browser: the 2025 page of the known cases in Dutch
and English at 1280 and 390 px, screenshots saved (tests/browser/screenshots/test_report-*),
axe-core without violations, charts that fit the screen, and the CSV link."""

from __future__ import annotations

import pytest

from helpcenter.extensions import db
from tests.report.known_cases import make_known_cases

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
HEADINGS = {"en": "Complaint Handling Report 2025", "nl": "Jaarverslag klachtenafhandeling 2025"}


@pytest.fixture
def known(live_app):
    with live_app.test_request_context("/"):
        make_known_cases()
        db.session.remove()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_year_page(page, live_server, known, axe, screenshot, lang):
    page.set_viewport_size(WIDTHS[page.screen_name])
    page.goto(f"{live_server}/{lang}/complaint-handling-report/2025")
    assert page.locator("h1").inner_text().startswith(HEADINGS[lang])
    assert page.locator("svg.chart").count() == 4
    assert page.locator("svg.chart title").first.text_content()
    # nothing wider than the screen: the page never scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    link = page.locator("a.report-download")
    assert link.get_attribute("href") == f"/{lang}/complaint-handling-report/2025.csv"
    screenshot(f"2025-{lang}")
    axe(f"report 2025 {lang}")


def test_years_list(page, live_server, known, axe):
    page.set_viewport_size(WIDTHS[page.screen_name])
    page.goto(f"{live_server}/nl/complaint-handling-report")
    page.get_by_role("link", name="Jaarverslag klachtenafhandeling 2024").click()
    assert page.url.endswith("/nl/complaint-handling-report/2024")
    axe("report 2024 nl")
