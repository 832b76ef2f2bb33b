"""End to end: a complaint in Dutch and a technical issue in English, to the case page."""

import re

import pytest
from sqlalchemy import select

from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from tests.mail.sent import email_text

pytestmark = pytest.mark.browser


def case_link(app) -> str:
    """The secret link from the acknowledgement email."""
    with app.app_context():
        body = email_text(db.session.scalar(select(OutboxMessage)
                                            .order_by(OutboxMessage.id.desc())))
        db.session.remove()
    return re.search(r"https?://[^/\s]+(/\w\w/case/\S+)", body).group(1)


def test_complaint_in_dutch(page, live_server, live_app, screenshot, axe):
    page.goto(live_server + "/nl/")
    contact = page.get_by_role("region", name="Niet gevonden wat u zocht?")
    contact.get_by_role("link", name="Een klacht indienen").click()
    page.wait_for_url(live_server + "/nl/complaint")
    axe("empty complaint form")
    page.get_by_role("button", name="Versturen").click()  # empty: the errors come first
    summary = page.locator("#error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    assert "Vul uw naam in." in summary.inner_text()
    screenshot("errors")
    axe("complaint form with errors")

    page.get_by_label("Partner (ik verhuur accommodatie)").check()
    page.get_by_label("Uw naam").fill("Anna de Vries")
    page.get_by_label("E-mailadres").fill("anna@example.nl")
    page.get_by_label("Accommodatienummer").fill("123456")
    page.get_by_label("Land").select_option("NL")
    page.get_by_label("Onderwerp").select_option("ranking")
    page.get_by_label("Bericht").fill(
        "Sinds vorige week staat mijn accommodatie onderaan in de zoekresultaten.")
    page.get_by_label("Ik ga ermee akkoord").check()
    page.get_by_role("button", name="Versturen").click()
    page.get_by_role("heading", name="We hebben uw klacht ontvangen").wait_for()
    reference = page.locator(".reference strong").inner_text()
    assert re.fullmatch(r"HC-\w{4}-\w{4}", reference)
    screenshot("received")
    axe("confirmation")

    page.goto(live_server + case_link(live_app))
    page.wait_for_url(f"{live_server}/nl/cases/{reference}")
    assert page.locator("h1").inner_text() == f"Zaak {reference}"
    assert "Status: Ontvangen" in page.locator("main").inner_text()
    axe("case page")


def test_technical_issue_in_english(page, live_server, live_app, axe):
    page.goto(live_server + "/en/technical-issue")
    axe("empty technical-issue form")
    page.get_by_label("Extranet").check()
    page.get_by_label("Topic (required)", exact=True).select_option("payments")
    subtopic = page.get_by_label("Subtopic")
    visible = subtopic.locator("option:not([hidden])").evaluate_all(
        "options => options.map(o => o.value)")
    assert visible == ["", "payments/invoices", "payments/payouts", "payments/other"]
    subtopic.select_option("payments/payouts")
    page.get_by_label("Description").fill("The payout overview page stays empty since Monday.")
    page.get_by_label("Property ID").fill("998877")
    page.get_by_label("Your name").fill("Tom Jansen")
    page.get_by_label("Email address").fill("tom@example.com")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="We have received your report").wait_for()
    axe("confirmation")
    page.goto(live_server + case_link(live_app))
    assert "Payments › Payouts" in page.locator(".case-facts").inner_text()
    axe("case page")


def test_technical_issue_without_javascript(page_without_js, live_server, axe_without_js):
    tab = page_without_js()
    tab.goto(live_server + "/en/technical-issue?topic=account&subtopic=login")
    assert tab.get_by_label("Subtopic").input_value() == "account/login"
    axe_without_js(tab, "prefilled technical-issue form")
    # the subtopic is left on Account
    tab.get_by_label("Topic (required)", exact=True).select_option("reviews")
    tab.get_by_label("Pulse app").check()
    tab.get_by_label("Description").fill("The reviews tab in the app crashes when I open it.")
    tab.get_by_label("Property ID").fill("4455")
    tab.get_by_label("Your name").fill("Tom")
    tab.get_by_label("Email address").fill("tom@example.com")
    tab.get_by_role("button", name="Send").click()
    assert "Choose a subtopic of the topic you chose." in tab.locator("#error-summary").inner_text()
    assert tab.get_by_label("Description").input_value().startswith("The reviews tab")
    axe_without_js(tab, "technical-issue form with errors")
    tab.get_by_label("Subtopic").select_option("reviews/other")
    tab.get_by_role("button", name="Send").click()
    tab.get_by_role("heading", name="We have received your report").wait_for()
    axe_without_js(tab, "confirmation")
