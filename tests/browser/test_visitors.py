"""Two people on the same article in two browsers: both can vote and save, each sees their own
answer. The page cache once handed the first visitor's CSRF token to everyone after them."""

import pytest

from tests.browser.axe import assert_accessible, assert_accessible_without_js

pytestmark = pytest.mark.browser

ARTICLE = "/en/complaints/mediation"


@pytest.fixture
def live_app(make_app):
    """The site with every protection on, as partners get it (tests turn CSRF off elsewhere)."""
    return make_app(WTF_CSRF_ENABLED=True)


def open_visitor(browser, live_server, javascript: bool):
    """A new browser profile (its own cookie jar) on the article."""
    context = browser.new_context(java_script_enabled=javascript, locale="en-GB",
                                  viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    tab.goto(live_server + ARTICLE)
    return context, tab


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_two_browsers_vote_and_save_on_the_same_article(browser, live_server, javascript):
    first, first_tab = open_visitor(browser, live_server, javascript)
    second, second_tab = open_visitor(browser, live_server, javascript)
    try:
        # Both pages were loaded before either voted, as two partners reading at once.
        first_tab.locator("#feedback").get_by_role("button", name="Yes").click()
        first_tab.get_by_role("heading", name="Thank you for your feedback").wait_for()
        second_tab.locator("#feedback").get_by_role("button", name="No").click()
        second_tab.get_by_role("heading", name="Thank you for telling us").wait_for()
        for tab in (first_tab, second_tab):
            tab.locator("[data-save-form] button").click()
            tab.get_by_role("button", name="Remove from saved").wait_for()
        first_tab.reload()
        second_tab.reload()
        assert first_tab.get_by_role("heading", name="Thank you for your feedback").is_visible()
        assert second_tab.get_by_role("heading", name="Thank you for telling us").is_visible()
        assert first_tab.get_by_role("heading", name="Thank you for telling us").count() == 0
        for number, tab in enumerate((first_tab, second_tab), start=1):
            assert "Your session has expired" not in tab.content()
            assert tab.get_by_role("button", name="Remove from saved").is_visible()
            if javascript:
                assert_accessible(tab, f"visitor {number} after voting and saving")
            else:
                assert_accessible_without_js(browser, tab, f"visitor {number}, no JavaScript")
    finally:
        first.close()
        second.close()
