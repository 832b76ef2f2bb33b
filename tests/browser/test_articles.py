"""A partner reads an article in Dutch, jumps through its contents, switches to English."""

import pytest

pytestmark = pytest.mark.browser

ARTICLE = "/complaints/submit-a-complaint"


def test_read_article_follow_contents_and_switch(page, live_server, screenshot, axe):
    page.goto(live_server + "/nl/")
    axe("Dutch home")
    page.get_by_role("link", name="Een klacht indienen").first.click()
    page.wait_for_url(live_server + "/nl" + ARTICLE)
    assert page.locator("h1").inner_text() == "Een klacht indienen"
    assert "Leestijd" in page.locator(".article-meta").inner_text()
    screenshot("dutch-article")
    axe("Dutch article")

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
    axe("English article")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]


def test_save_article_with_javascript(page, live_server, axe):
    page.goto(live_server + "/en" + ARTICLE)
    page.goto(live_server + "/en/saved")
    axe("no saved articles")
    page.goto(live_server + "/en" + ARTICLE)
    page.get_by_role("button", name="Save").click()
    status = page.locator(".save-status")
    status.wait_for(state="visible")
    assert status.inner_text() == "Saved"
    assert page.url == live_server + "/en" + ARTICLE  # no reload needed
    axe("article after saving")
    page.goto(live_server + "/en/saved")
    assert page.get_by_role("link", name="Submit a complaint").first.is_visible()
    axe("saved articles")


def test_save_article_without_javascript(page_without_js, live_server, axe_without_js):
    tab = page_without_js()
    tab.goto(live_server + "/nl" + ARTICLE)
    tab.get_by_role("button", name="Opslaan").click()
    tab.wait_for_url(live_server + "/nl" + ARTICLE)
    assert tab.get_by_role("button", name="Verwijderen uit opgeslagen").is_visible()
    axe_without_js(tab, "saved article")
    tab.goto(live_server + "/nl/saved")
    assert tab.locator(".saved-list").get_by_role("link", name="Een klacht indienen").is_visible()
    axe_without_js(tab, "saved articles")
