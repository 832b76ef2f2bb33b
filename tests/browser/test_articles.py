"""A partner reads an article in Dutch, jumps through its contents, switches to English."""

import pytest

pytestmark = pytest.mark.browser

ARTICLE = "/complaints/submit-a-complaint"


def test_read_article_follow_contents_and_switch(page, live_server, screenshot):
    page.goto(live_server + "/nl/")
    page.get_by_role("link", name="Een klacht indienen").first.click()
    page.wait_for_url(live_server + "/nl" + ARTICLE)
    assert page.locator("h1").inner_text() == "Een klacht indienen"
    assert "Leestijd" in page.locator(".article-meta").inner_text()
    screenshot("dutch-article")

    contents = page.get_by_role("navigation", name="Waar dit artikel over gaat")
    contents.get_by_role("link", name="Wat u ontvangt").click()
    page.wait_for_url("**#wat-u-ontvangt")
    heading = page.locator("#wat-u-ontvangt")
    assert heading.is_visible()
    assert heading.evaluate("el => el.getBoundingClientRect().top") < 200

    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server + "/en" + ARTICLE)
    assert page.locator("h1").inner_text() == "Submit a complaint"
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot("english-article")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]


def test_save_article_with_javascript(page, live_server):
    page.goto(live_server + "/en" + ARTICLE)
    page.get_by_role("button", name="Save").click()
    status = page.locator(".save-status")
    status.wait_for(state="visible")
    assert status.inner_text() == "Saved"
    assert page.url == live_server + "/en" + ARTICLE  # no reload needed
    page.goto(live_server + "/en/saved")
    assert page.get_by_role("link", name="Submit a complaint").first.is_visible()


def test_save_article_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_server + "/nl" + ARTICLE)
    tab.get_by_role("button", name="Opslaan").click()
    tab.wait_for_url(live_server + "/nl" + ARTICLE)
    assert tab.get_by_role("button", name="Verwijderen uit opgeslagen").is_visible()
    tab.goto(live_server + "/nl/saved")
    assert tab.locator(".saved-list").get_by_role("link", name="Een klacht indienen").is_visible()
    context.close()
