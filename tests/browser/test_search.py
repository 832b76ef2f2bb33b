"""A partner types in the header search box, picks a suggestion, or reads the results."""

import pytest

pytestmark = pytest.mark.browser


def test_suggestions_while_typing_open_an_article(page, live_server, screenshot):
    page.goto(live_server + "/nl/")
    box = page.get_by_role("searchbox", name="Zoeken in het helpcentrum")  # on the home page
    box.press_sequentially("bemidd", delay=30)
    suggestions = page.locator("#home-search-suggestions")
    suggestions.get_by_role("link", name="Bemiddeling").wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    screenshot("suggestions")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(live_server + "/nl/complaints/mediation")
    assert page.locator("h1").inner_text() == "Bemiddeling"

    # the header box on every other page does the same
    header_box = page.locator(".site-header").get_by_role("searchbox")
    header_box.press_sequentially("klac", delay=30)
    page.locator("#site-search-suggestions").get_by_role("link", name="Een klacht indienen").click()
    page.wait_for_url(live_server + "/nl/complaints/submit-a-complaint")


def test_search_results_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_server + "/en/")
    tab.get_by_role("searchbox", name="Search the help centre").fill("payouts missing")
    tab.get_by_role("button", name="Search").first.click()
    tab.wait_for_url("**/en/search?q=payouts+missing")
    tab.locator(".search-results").get_by_role("link", name="Payouts").click()
    tab.wait_for_url(live_server + "/en/payments/payouts")
    context.close()
