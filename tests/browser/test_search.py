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


def test_suggestions_mark_the_typed_part_show_the_section_and_offer_the_search(
        page, live_server, screenshot, axe):
    page.goto(live_server + "/nl/complaints/mediation")
    box = page.locator(".site-header").get_by_role("combobox", name="Zoeken in het helpcentrum")
    box.press_sequentially("een klach", delay=30)
    suggestions = page.locator("#site-search-suggestions")
    first = suggestions.get_by_role("option").first
    first.wait_for()
    assert first.locator("mark").all_inner_texts() == ["Een", "klach"]
    assert first.locator(".suggestion-title").inner_text() == "Een klacht indienen"
    assert first.locator(".suggestion-section").inner_text() == "Klachten en geschillen"
    last = suggestions.get_by_role("option").last
    assert last.inner_text() == "Zoeken naar ‘een klach’"
    screenshot("suggestions-with-sections")
    axe("suggestions with sections and the search row")

    box.press("ArrowUp")  # from the field, up reaches the last option: the search
    assert last.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == last.get_attribute("id")
    box.press("Enter")
    page.wait_for_url("**/nl/search?q=een+klach")
    assert page.locator(".search-results").get_by_role(
        "link", name="Een klacht indienen").is_visible()


def test_the_search_row_with_no_title_suggestions(page, live_server, axe):
    page.goto(live_server + "/en/")
    box = page.get_by_role("combobox", name="Search the help centre").first
    box.press_sequentially("zzyzx", delay=30)
    only = page.get_by_role("listbox", name="Suggestions").first.get_by_role("option")
    only.first.wait_for()
    assert only.count() == 1 and only.first.inner_text() == "Search for “zzyzx”"
    axe("only the search row")
    only.first.click()
    page.wait_for_url("**/en/search?q=zzyzx")
    assert page.get_by_role("heading", name="Could not find what you need?").is_visible()


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
