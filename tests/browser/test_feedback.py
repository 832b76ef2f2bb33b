"""A partner answers "No", says why, and sees the thank-you: with and without JavaScript."""

import re

import pytest

pytestmark = pytest.mark.browser

ARTICLE = "/en/account/cannot-log-in"


def test_vote_no_with_javascript(page, live_server, screenshot, axe):
    page.goto(live_server + ARTICLE)
    axe("article")
    page.evaluate("window.notReloaded = true")
    panel = page.locator("#feedback")
    with page.expect_request(lambda request: request.method == "POST") as sent:
        panel.get_by_role("button", name="No").click()
    # the page view's random key goes with the first vote (a lost answer sent again is one vote)
    assert re.search(r'name="visitor_key"\r\n\r\n[0-9a-f]{32}\r\n', sent.value.post_data)
    panel = page.locator("#feedback")
    panel.get_by_text("What was the problem?", exact=True).wait_for()
    panel.get_by_label("Information is missing").check()
    panel.get_by_label("Anything else you want to tell us? (optional)").fill(
        "Which code do I use when I changed phones?")
    screenshot("reason")
    axe("reasons after No")
    panel.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="Thank you, we have passed this on to our editors").wait_for()
    assert page.evaluate("window.notReloaded") is True  # the same page, never reloaded
    assert page.evaluate("document.activeElement.id") == "feedback-title"
    route = page.locator("#feedback").get_by_role("link", name="Report a technical issue")
    assert route.is_visible()
    screenshot("thanks")
    axe("thanks")


def test_vote_no_without_javascript(page_without_js, live_server, axe_without_js):
    tab = page_without_js("nl-NL")
    tab.goto(live_server + "/nl/account/cannot-log-in")
    tab.locator("#feedback").get_by_role("button", name="Nee").click()
    tab.wait_for_url("**/nl/account/cannot-log-in#feedback")
    axe_without_js(tab, "reasons after No")
    tab.locator("#feedback").get_by_label("Het is moeilijk te begrijpen").check()
    tab.locator("#feedback").get_by_role("button", name="Versturen").click()
    tab.wait_for_url("**/nl/account/cannot-log-in#feedback")
    heading = tab.locator("#feedback h2")
    assert heading.inner_text() == "Bedankt, we hebben dit doorgegeven aan onze redactie"
    axe_without_js(tab, "thanks")
