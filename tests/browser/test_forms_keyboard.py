"""The two case forms filled in one go, as a partner does it with the keyboard only (Tab, Space,
arrows, typing, Enter: no clicks), in both languages; and a file that stays attached after an
error, with and without JavaScript. Screenshots land in tests/browser/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from helpcenter.cases.models import Case, CaseAttachment
from helpcenter.extensions import db
from tests.browser.test_case_journey import PNG

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def at_phone_width(page) -> None:
    """The ``page`` fixture's phone is 360 px wide; the forms are checked at 390 px too."""
    if page.screen_name == "phone":
        page.set_viewport_size(PHONE)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {selector}")


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def attach_by_keyboard(page, path) -> None:
    """Space on the focused file control opens the file chooser; the partner picks a file."""
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(path))


@pytest.fixture
def png_file(tmp_path):
    path = tmp_path / "screen.png"
    path.write_bytes(PNG)
    return path


COMPLAINT = {
    "nl": {"country": "Nederland", "topic": "Positie", "send": "Versturen",
           "heading": "We hebben uw klacht ontvangen", "case_link": "Naar de pagina van uw zaak",
           "count": "U heeft nog 4.9", "chosen": "1 bestand gekozen"},
    "en": {"country": "Netherlands", "topic": "Ranking", "send": "Send",
           "heading": "We have received your complaint", "case_link": "Go to your case page",
           "count": "You have 4,9", "chosen": "1 file chosen"},
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_complaint_by_keyboard_in_one_go(page, live_server, live_app, axe, screenshot,
                                         png_file, lang):
    words = COMPLAINT[lang]
    at_phone_width(page)
    page.goto(f"{live_server}/{lang}/complaint")
    reveal = page.locator("#conditional-requester_type-0")
    assert reveal.is_hidden()  # asked only when "Partner" is chosen
    tab_to(page, "#requester_type-0")
    page.keyboard.press("Space")
    assert reveal.is_visible()
    partner = page.locator("#requester_type-0")
    assert partner.get_attribute("aria-controls") == reveal.get_attribute("id")
    tab_to(page, "#property_id")
    page.keyboard.type("123456")
    tab_to(page, "#name")
    page.keyboard.type("Anna de Vries")
    tab_to(page, "#email")
    page.keyboard.type("anna@example.nl")
    tab_to(page, "#country")
    page.keyboard.type(words["country"])
    assert page.locator("#country").input_value() == "NL"
    tab_to(page, "#topic")
    page.keyboard.type(words["topic"])
    assert page.locator("#topic").input_value() == "ranking"
    tab_to(page, "#message")
    page.keyboard.type("Sinds vorige week staat mijn accommodatie onderaan in de lijst.")
    count = page.locator(".character-count .count-message")
    assert count.inner_text().startswith(words["count"])
    page.locator("[aria-live=polite]", has_text=words["count"]).wait_for(state="attached")
    tab_to(page, "#attachments")
    attach_by_keyboard(page, png_file)
    assert page.locator(".file-status").inner_text() == words["chosen"]
    assert re.fullmatch(r"screen\.png\s+1 kB\s+\S+.*", page.locator(".file-list li").inner_text(),
                        re.S)
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    assert page.locator("#consent").is_checked()
    screenshot(f"filled-{lang}")
    axe(f"complaint filled in, {lang}")
    tab_to(page, "button.submit")
    page.keyboard.press("Enter")

    page.get_by_role("heading", name=words["heading"]).wait_for()
    assert page.title().startswith(words["heading"] + " · ")
    screenshot(f"received-{lang}")
    axe(f"confirmation, {lang}")
    tab_to(page, ".confirmation a.button")
    assert page.locator(".confirmation a.button").inner_text() == words["case_link"]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/{lang}/cases/HC-"))
    assert "screen.png" in page.locator(".thread").inner_text()
    with live_app.app_context():
        case = db.session.scalar(select(Case))
        assert (case.requester_type, case.property_id, case.country) == ("partner", "123456", "NL")
        db.session.remove()


ISSUE = {
    "en": {"topic": "Payments", "subtopic": "Payouts", "send": "Send",
           "heading": "We have received your report"},
    "nl": {"topic": "Betalingen", "subtopic": "Uitbetalingen", "send": "Versturen",
           "heading": "We hebben uw melding ontvangen"},
}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_technical_issue_by_keyboard_in_one_go(page, live_server, live_app, axe, screenshot,
                                               lang):
    words = ISSUE[lang]
    at_phone_width(page)
    page.goto(f"{live_server}/{lang}/technical-issue")
    tab_to(page, "#name")  # who you are comes first, as on the complaint form
    page.keyboard.type("Tom Jansen")
    page.keyboard.press("Tab")
    assert focused(page) == "email"
    page.keyboard.type("tom@example.com")
    page.keyboard.press("Tab")
    assert focused(page) == "property_id"
    page.keyboard.type("998877")
    tab_to(page, "#location-0")
    page.keyboard.press("ArrowDown")  # the arrow moves to "Pulse app" and chooses it
    assert page.locator("#location-1").is_checked()
    tab_to(page, "#topic")
    page.keyboard.type(words["topic"])
    tab_to(page, "#subtopic")
    page.keyboard.type(words["subtopic"])
    assert page.locator("#subtopic").input_value() == "payments/payouts"
    tab_to(page, "#message")
    page.keyboard.type("The payout overview in the app stays empty since Monday.")
    tab_to(page, "#device")
    page.keyboard.type("iPhone 15, Pulse 24.3")
    screenshot(f"filled-{lang}")
    tab_to(page, "button.submit")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=words["heading"]).wait_for()
    assert page.title().startswith(words["heading"] + " · ")
    axe(f"confirmation, {lang}")
    with live_app.app_context():
        case = db.session.scalar(select(Case))
        assert (case.location, case.topic, case.subtopic, case.property_id) == (
            "pulse-app", "payments", "payouts", "998877")
        db.session.remove()


def attachments_of_the_case(app) -> list[str]:
    with app.app_context():
        names = list(db.session.scalars(select(CaseAttachment.filename)))
        db.session.remove()
    return names


def test_a_file_stays_attached_after_an_error(page, live_server, live_app, axe, screenshot,
                                              png_file):
    at_phone_width(page)
    page.goto(f"{live_server}/en/complaint")
    page.get_by_label("Guest").check()
    page.get_by_label("Email address").fill("anna@example.nl")
    page.get_by_label("Country").select_option("NL")
    page.locator("#topic").select_option("ranking")
    page.get_by_label("Message").fill("My booking page shows the wrong price since Monday.")
    page.get_by_label("Attachments").set_input_files(str(png_file))
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send").click()  # the name is missing

    summary = page.locator("#error-summary")
    assert "Enter your name." in summary.inner_text()
    held = page.locator(".held-files")
    assert "Attached (1 file)" in held.inner_text()
    assert re.search(r"screen\.png\s+1 kB", held.inner_text())
    assert page.get_by_label("Message").input_value().startswith("My booking page")
    screenshot("error-with-file")
    axe("complaint with an error and a file attached")
    page.get_by_label("Your name").fill("Anna de Vries")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="We have received your complaint").wait_for()
    assert attachments_of_the_case(live_app) == ["screen.png"]


def test_a_file_stays_attached_without_javascript(page_without_js, live_server, live_app,
                                                  axe_without_js, png_file):
    tab = page_without_js("nl-NL")
    tab.goto(f"{live_server}/nl/technical-issue")
    tab.get_by_label("Uw naam").fill("Tom")
    tab.get_by_label("E-mailadres").fill("tom@example.com")
    tab.get_by_label("Extranet").check()
    tab.locator("#topic").select_option("account")
    tab.locator("#subtopic").select_option("account/login")
    tab.get_by_label("Beschrijving").fill("Na het invoeren van mijn code blijft de pagina leeg.")
    tab.get_by_label("Schermafbeeldingen").set_input_files(str(png_file))
    tab.get_by_role("button", name="Versturen").click()  # the property ID is missing

    assert "Vul uw accommodatienummer in." in tab.locator("#error-summary").inner_text()
    assert "Bijgevoegd (1 bestand)" in tab.locator(".held-files").inner_text()
    axe_without_js(tab, "technical issue with an error and a file attached")
    tab.get_by_label("Accommodatienummer").fill("4455")
    tab.get_by_role("button", name="Versturen").click()
    tab.get_by_role("heading", name="We hebben uw melding ontvangen").wait_for()
    assert attachments_of_the_case(live_app) == ["screen.png"]
