"""Every page type, in Dutch and in English, at desktop and phone size: zero axe-core violations.

A new page type is one more row in PAGES: a name and how to get the page into that state.
"""

import re

import pytest

from tests.browser.test_cases import case_link

pytestmark = pytest.mark.browser

SEARCH_WORD = {"nl": "klacht", "en": "complaint"}


def visit(path: str):
    """A page reached by opening its address (``{lang}`` is the page's language)."""
    def go(page, base, lang, app):
        page.goto(base + path.format(lang=lang))
    return go


def submit_empty(path: str):
    """A case form sent empty, so every error shows."""
    def go(page, base, lang, app):
        page.goto(base + path.format(lang=lang))
        page.locator(".case-form button[type=submit]").click()
        page.locator("#error-summary").wait_for()
    return go


def suggestions_open(page, base, lang, app):
    """The home page with the search suggestions open and one of them chosen by keyboard."""
    page.goto(f"{base}/{lang}/")
    box = page.locator("#home-search")
    box.press_sequentially(SEARCH_WORD[lang][:5], delay=30)
    page.locator("#home-search-suggestions [role=option]").first.wait_for()
    box.press("ArrowDown")


def saved_with_article(page, base, lang, app):
    """The saved-articles page with one article on it."""
    page.goto(f"{base}/{lang}/complaints/mediation")
    page.locator(".save-form button").click()
    page.locator(".save-status").filter(has_text=re.compile(r"\S")).wait_for()
    page.goto(f"{base}/{lang}/saved")


def article_saved(page, base, lang, app):
    """An article just saved: the button turned into "Remove from saved", the status said."""
    page.goto(f"{base}/{lang}/complaints/mediation")
    page.locator(".save-form button").click()
    page.locator(".save-form.is-saved").wait_for()


def file_technical_issue(page, base, lang, app):
    """Send the technical-issue form; the browser lands on the confirmation page."""
    page.goto(f"{base}/{lang}/technical-issue")
    page.locator("#location-0").check()
    page.locator("#topic").select_option("account")
    page.locator("#subtopic").select_option("account/login")
    page.locator("#message").fill("The login page keeps asking for my code again.")
    page.locator("#property_id").fill("123456")
    page.locator("#name").fill("Sam")
    page.locator("#email").fill("sam@example.com")
    page.locator(".case-form button[type=submit]").click()
    page.locator(".reference strong").wait_for()


def case_page(page, base, lang, app):
    """The partner's case page, opened through the link in the acknowledgement email."""
    file_technical_issue(page, base, lang, app)
    page.goto(base + case_link(app))
    page.locator(".case-facts").wait_for()


PAGES = {
    "home": visit("/{lang}/"),
    "home-suggestions": suggestions_open,
    "section": visit("/{lang}/complaints/"),
    "article": visit("/{lang}/complaints/submit-a-complaint"),
    "article-saved": article_saved,
    "search-empty": visit("/{lang}/search"),
    "search-results": lambda page, base, lang, app: page.goto(
        f"{base}/{lang}/search?q={SEARCH_WORD[lang]}"),
    "search-nothing-found": visit("/{lang}/search?q=zzyzx"),
    "saved-empty": visit("/{lang}/saved"),
    "saved": saved_with_article,
    "complaint": visit("/{lang}/complaint"),
    "complaint-errors": submit_empty("/{lang}/complaint"),
    "technical-issue": visit("/{lang}/technical-issue"),
    "technical-issue-errors": submit_empty("/{lang}/technical-issue"),
    "received": file_technical_issue,
    "case": case_page,
    "not-found": visit("/{lang}/cases/HC-0000-0000"),
}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page_type", PAGES)
def test_page_has_no_axe_violations(page, live_server, live_app, axe, page_type, lang):
    PAGES[page_type](page, live_server, lang, live_app)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator(".contact-routes").count() == 1  # one contact block: page or footer
    axe(f"{page_type} in {lang}")
