"""The Content-Security-Policy in a real browser: every page type, JavaScript on, no violation.

Unlike the other browser tests this one does not bypass the policy (those need it for
axe-core). Chromium reports a blocked script, style, ``style=`` attribute, fetch or form
target on the console ("Refused to …") and as a ``securitypolicyviolation`` event, which an
init script passes on to the console too; any such message, a Permissions-Policy complaint or
a script error fails the test. Each page is used as people use it, so that the scripts run:
suggestions while typing, Save and the vote without reload, character counts, subtopics.
"""

from __future__ import annotations

import re

import pytest

from helpcenter.extensions import db
from helpcenter.staff import passwords, service
from tests.browser.test_accessibility import file_technical_issue
from tests.browser.test_cases import case_link
from tests.staff.conftest import FAST_HASHER

pytestmark = pytest.mark.browser

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI} `
                + `at ${event.sourceFile}:${event.lineNumber}`);
});
"""
PROBLEMS = ("Refused to", "Content Security Policy", "CSP violation", "Permissions-Policy",
            "Permissions policy")
SEARCH = {"nl": "klacht", "en": "complaint"}
STAFF_EMAIL, STAFF_PASSWORD = "hanna@example.com", "correct horse battery staple"


@pytest.fixture
def strict_tab(browser, live_server):
    """A desktop tab that enforces the site's CSP, with every console message kept."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.add_init_script(REPORT_VIOLATIONS)
    tab = context.new_page()
    tab.messages = []
    tab.on("console", lambda message: tab.messages.append(f"{message.type}: {message.text}"))
    tab.on("pageerror", lambda error: tab.messages.append(f"pageerror: {error}"))
    yield tab
    context.close()


def assert_clean(tab, where: str) -> None:
    """No CSP or Permissions-Policy complaint and no script error on the console so far."""
    problems = [m for m in tab.messages if m.startswith("pageerror")
                or any(p.lower() in m.lower() for p in PROBLEMS)]
    assert problems == [], f"{where}: {problems}"


def make_handler(app) -> None:
    """A case handler account in the live app."""
    with app.app_context():
        original, passwords.HASHER = passwords.HASHER, FAST_HASHER
        try:
            service.create_staff(STAFF_EMAIL, "Hanna Bakker", STAFF_PASSWORD, role="handler")
        finally:
            passwords.HASHER = original
        db.session.remove()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_page_type_breaks_the_policy(strict_tab, live_server, live_app, lang):
    tab, base = strict_tab, live_server

    tab.goto(f"{base}/{lang}/")
    box = tab.locator("#home-search")
    box.press_sequentially(SEARCH[lang][:5], delay=30)
    tab.locator("#home-search-suggestions [role=option]").first.wait_for()  # fetch()
    assert_clean(tab, "home with suggestions")

    tab.goto(f"{base}/{lang}/complaints/")
    assert_clean(tab, "section")

    tab.goto(f"{base}/{lang}/complaints/mediation")
    tab.locator(".save-form button").click()  # fetch(), no reload
    tab.locator(".save-status").filter(has_text=re.compile(r"\S")).wait_for()
    tab.locator(".vote-form button[value=no]").click()
    tab.locator(".reason-form").wait_for()
    assert tab.url == f"{base}/{lang}/complaints/mediation"
    assert_clean(tab, "article with Save and a vote")

    for path in (f"/search?q={SEARCH[lang]}", "/saved", "/cases/lost-link",
                 "/cases/HC-2222-2222", "/no-such-page"):
        tab.goto(f"{base}/{lang}{path}")
        assert_clean(tab, path)

    tab.goto(f"{base}/{lang}/complaint")
    tab.locator("#message").fill("Mijn accommodatie staat onderaan.")  # character count
    tab.locator(".case-form button[type=submit]").click()
    tab.locator("#error-summary").wait_for()
    assert_clean(tab, "complaint form with errors")

    file_technical_issue(tab, base, lang, live_app)  # subtopics follow the topic
    assert_clean(tab, "technical-issue form and confirmation")
    tab.goto(base + case_link(live_app))
    tab.locator(".case-facts").wait_for()
    assert_clean(tab, "case page")

    make_handler(live_app)
    tab.goto(f"{base}/{lang}/staff/login")
    tab.locator("#email").fill(STAFF_EMAIL)
    tab.locator("#password").fill(STAFF_PASSWORD)
    tab.locator(".login-form button[type=submit]").click()
    tab.locator("a.reference").first.click()
    tab.locator("h1").wait_for()
    assert "/staff/cases/" in tab.url
    assert_clean(tab, "staff console")
