"""A visitor opens the site, switches language, and the site remembers the choice."""

import pytest

pytestmark = pytest.mark.browser


def test_open_root_and_switch_language(page, live_server, screenshot, axe):
    page.goto(live_server + "/")
    # The browser says en-GB, so the root sends it to the English home page.
    assert page.url == live_server + "/en/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "How can we help you?"
    screenshot("english")
    axe("English home")

    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_url(live_server + "/nl/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Hoe kunnen we u helpen?"
    assert page.get_by_role("link", name="English").is_visible()
    screenshot("dutch")
    axe("Dutch home")

    # The choice is remembered over the browser's own preference.
    page.goto(live_server + "/")
    assert page.url == live_server + "/nl/"


def test_layout_fits_a_phone_and_keyboard_reaches_content(page, live_server, axe):
    page.goto(live_server + "/nl/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    axe("home after the skip link")
