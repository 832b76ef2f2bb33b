"""A partner types in the header search box, picks a suggestion, or reads the results."""

import pytest

pytestmark = pytest.mark.browser


def test_suggestions_while_typing_open_an_article(page, live_server, screenshot, axe):
    page.goto(live_server + "/nl/")
    axe("home")
    box = page.get_by_role("combobox", name="Zoeken in het helpcentrum")  # on the home page
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("bemidd", delay=30)
    suggestions = page.get_by_role("listbox", name="Suggesties")
    assert box.get_attribute("aria-controls") == suggestions.get_attribute("id")
    suggestions.get_by_role("option", name="Bemiddeling").wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    screenshot("suggestions")
    first = suggestions.get_by_role("option").first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert box.evaluate("el => el === document.activeElement")  # focus stays in the box
    axe("home with suggestions open")
    box.press("Enter")
    page.wait_for_url(live_server + "/nl/complaints/mediation")
    assert page.locator("h1").inner_text() == "Bemiddeling"

    # the header box on every other page does the same; Escape closes the list
    header_box = page.locator(".site-header").get_by_role("combobox")
    header_box.press_sequentially("klac", delay=30)
    header_list = page.locator("#site-search-suggestions")
    header_list.get_by_role("option").first.wait_for()
    header_box.press("Escape")
    assert header_list.is_hidden() and header_box.get_attribute("aria-expanded") == "false"
    header_box.press_sequentially("h", delay=30)
    header_list.get_by_role("option", name="Een klacht indienen").click()
    page.wait_for_url(live_server + "/nl/complaints/submit-a-complaint")


def test_search_results_page(page, live_server, axe):
    page.goto(live_server + "/en/search?q=payouts")
    assert page.locator(".search-results").get_by_role("link", name="Payouts").is_visible()
    axe("results")
    page.goto(live_server + "/en/search?q=zzyzx")
    assert page.get_by_role("heading", name="Could not find what you need?").is_visible()
    axe("nothing found")


def test_search_results_without_javascript(page_without_js, live_server, axe_without_js):
    tab = page_without_js()
    tab.goto(live_server + "/en/")
    box = tab.get_by_role("searchbox", name="Search the help centre")  # a plain search field
    box.fill("payouts missing")
    tab.get_by_role("button", name="Search").first.click()
    tab.wait_for_url("**/en/search?q=payouts+missing")
    axe_without_js(tab, "results")
    tab.locator(".search-results").get_by_role("link", name="Payouts").click()
    tab.wait_for_url(live_server + "/en/payments/payouts")
