""""My cases" in a real browser: sign in with the emailed link, the list with an unread mark,
a case opened from it, the data download and signing out, in Dutch and English at 1280 and
390 px, axe-core on every page and a screenshot of each (tests/browser/screenshots/my_cases-*).
"""

from __future__ import annotations

import json

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.conftest import SCREENSHOTS, serving
from tests.browser.layout import assert_fits
from tests.cases.sign_in_helpers import file_for, sign_in_token, staff_does

pytestmark = pytest.mark.browser

WIDTHS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}
TEXTS = {
    "nl": {"send": "Stuur mij een inloglink", "sent": "Kijk in uw e-mail",
           "sign_in": "Inloggen", "title": "Mijn zaken", "unread": "1 nieuw bericht",
           "download": "Mijn gegevens downloaden (JSON)", "sign_out": "Uitloggen",
           "signed_out": "U bent uitgelogd bij Mijn zaken.",
           "used": "Deze inloglink werkt niet meer", "complaint": "Klacht",
           "issue": "Technisch probleem"},
    "en": {"send": "Email me a sign-in link", "sent": "Check your email",
           "sign_in": "Sign in", "title": "My cases", "unread": "1 new message",
           "download": "Download my data (JSON)", "sign_out": "Sign out",
           "signed_out": "You have signed out of My cases.",
           "used": "This sign-in link no longer works", "complaint": "Complaint",
           "issue": "Technical issue"},
}


@pytest.fixture
def site(make_app):
    """The site as in production (CSRF on): Anna's two cases, one with a handler's question,
    and Bob's case; yields (base URL, app, anna's references, bob's reference)."""
    app = make_app(WTF_CSRF_ENABLED=True)
    question = file_for(app, "anna@example.nl", "nl", "complaint")
    staff_does(app, question, "take_up")
    staff_does(app, question, "request_information", "Kunt u een schermafbeelding sturen?")
    issue = file_for(app, "Anna@Example.nl", "en", "technical_issue")
    bob = file_for(app, "bob@example.com", "en", "complaint")
    with serving(app) as base:
        yield base, app, (question, issue), bob


def check(tab, name: str, where: str) -> None:
    """A screenshot, the layout checks and axe-core for the page as it is now."""
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"my_cases-{name}.png"), full_page=True)
    assert_fits(tab, where)
    assert_accessible(tab, where)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sign_in_see_my_cases_download_and_sign_out(browser, site, lang, width, tmp_path):
    base, app, (question, issue), bob = site
    text = TEXTS[lang]
    context = browser.new_context(viewport=WIDTHS[width], locale="en-GB", bypass_csp=True,
                                  accept_downloads=True)
    stranger_context = browser.new_context(viewport=WIDTHS[width], bypass_csp=True)
    try:
        tab, stranger = context.new_page(), stranger_context.new_page()
        tag = f"{lang}-{width}"
        tab.goto(f"{base}/{lang}/my-cases/sign-in")
        tab.locator("main button[type=submit]").click()  # empty: the error, focus on it
        tab.locator("#error-summary").wait_for()
        check(tab, f"sign-in-error-{tag}", f"sign-in with an error, {tag}")
        tab.locator("#email").fill("anna@example.nl")
        tab.locator(f"button:has-text('{text['send']}')").click()
        tab.wait_for_url(f"{base}/{lang}/my-cases/sign-in/sent")
        assert tab.locator("h1").inner_text() == text["sent"]
        check(tab, f"sent-{tag}", f"check your email, {tag}")

        link = f"{base}/{lang}/my-cases/sign-in/{sign_in_token(app)}"
        tab.goto(link)
        check(tab, f"confirm-{tag}", f"sign-in confirmation, {tag}")
        tab.locator(f"main button:has-text('{text['sign_in']}')").click()
        tab.wait_for_url(f"{base}/{lang}/my-cases")  # the token has left the address bar
        assert tab.locator("h1").inner_text() == text["title"]
        assert tab.locator(".header-link").inner_text() == text["title"]
        items = tab.locator(".my-case")
        assert items.count() == 2
        assert question in items.nth(1).inner_text() or question in items.nth(0).inner_text()
        assert bob not in tab.locator("main").inner_text()
        assert tab.locator(".unread").count() == 1
        assert tab.locator(".unread").inner_text() == text["unread"]
        assert text["issue"] in tab.locator("main").inner_text()
        check(tab, f"list-{tag}", f"my cases, {tag}")

        stranger.goto(f"{base}/{lang}/")  # the header of another visitor: no "My cases"
        assert stranger.locator(".header-link").count() == 0
        tab.goto(f"{base}/{lang}/")
        assert tab.locator(".header-link").inner_text() == text["title"]
        tab.locator(".header-link").click()
        tab.wait_for_url(f"{base}/{lang}/my-cases")

        tab.locator(f"a[href='/{lang}/cases/{question}']").click()
        tab.wait_for_url(f"{base}/{lang}/cases/{question}")
        assert "Kunt u een schermafbeelding sturen?" in tab.locator(".thread").inner_text()
        tab.go_back()
        tab.reload()
        assert tab.locator(".unread").count() == 0  # seen now

        with tab.expect_download() as download_info:
            tab.locator(f"a:has-text('{text['download']}')").click()
        download = download_info.value
        assert download.suggested_filename.startswith("my-cases-")
        data = json.loads(download.path().read_text(encoding="utf-8"))
        assert sorted(case["reference"] for case in data["cases"]) == sorted([question, issue])

        tab.locator(f"button:has-text('{text['sign_out']}')").click()
        tab.wait_for_url(f"{base}/{lang}/my-cases/sign-in")
        assert tab.locator(".flash").inner_text() == text["signed_out"]
        assert tab.locator(".header-link").count() == 0
        check(tab, f"signed-out-{tag}", f"signed out, {tag}")

        tab.goto(link)  # the link was used: it says so and offers a new one
        assert tab.locator("h1").inner_text() == text["used"]
        assert tab.locator("#email").is_visible()
        check(tab, f"used-link-{tag}", f"a used link, {tag}")
        tab.goto(f"{base}/{lang}/cases/{question}")
        assert tab.locator(".thread").count() == 0  # no access after signing out
    finally:
        context.close()
        stranger_context.close()
