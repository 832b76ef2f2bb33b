"""The partner's case page in a real browser: reply with a file, disagree, mediation, withdraw,
"Lost your link?", each state checked with axe-core at desktop and phone widths."""

from __future__ import annotations

import re

import pytest

from tests.cases.conftest import PNG
from tests.cases.partner_helpers import as_staff, case_row, file_case, latest_token

pytestmark = pytest.mark.browser


def test_reply_disagree_and_mediation_in_dutch(page, live_server, live_app, axe, screenshot,
                                               tmp_path):
    reference = file_case(live_app, status="waiting_for_partner", lang="nl", country="NL")
    page.goto(f"{live_server}/nl/case/{latest_token(live_app, reference)}")
    page.wait_for_url(f"{live_server}/nl/cases/{reference}")
    assert page.locator("h1").inner_text() == f"Zaak {reference}"
    assert "Wacht op uw reactie" in page.locator(".case-status").inner_text()
    axe("waiting for the partner")

    picture = tmp_path / "zoekresultaten.png"
    picture.write_bytes(PNG)
    page.fill("#message", "Hier is de schermafbeelding.\nMijn accommodatie staat op plek 48.")
    page.set_input_files("#attachments", str(picture))
    page.click("button:has-text('Versturen')")
    page.wait_for_url(f"{live_server}/nl/cases/{reference}")
    assert page.locator(".flash").inner_text() == "Uw bericht is verstuurd."
    assert "In behandeling" in page.locator(".case-status").inner_text()
    assert page.locator(".thread a[download]").inner_text() == "zoekresultaten.png"
    axe("after the reply")

    as_staff(live_app, reference, "propose_resolution", "not_upheld",
             "We hebben de ranking nagekeken: die klopt.")
    page.reload()
    assert "Ongegrond" in page.locator(".resolution").inner_text()
    page.click("button:has-text('Mijn bezwaar versturen')")
    summary = page.locator("#error-summary")
    assert "Vertel ons waarom" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    axe("disagreeing without a reason")
    page.fill("#reason", "Mijn boekingen zijn niet gedaald.")
    page.click("button:has-text('Mijn bezwaar versturen')")
    page.wait_for_url(f"{live_server}/nl/cases/{reference}")
    mediation = page.locator(".mediation")
    assert mediation.locator("a").get_attribute("href") == "/nl/complaints/mediation"
    screenshot("mediation-offered")
    axe("mediation offered")

    page.click("button:has-text('Bemiddeling aanvragen')")
    page.wait_for_url(f"{live_server}/nl/cases/{reference}")
    assert "U hebt om bemiddeling gevraagd." in page.locator(".timeline").inner_text()
    assert case_row(live_app, reference)[0] == "mediation_requested"
    screenshot("mediation-requested")


def test_lost_link_and_withdraw_in_english(page, live_server, live_app, axe):
    reference = file_case(live_app, status="in_progress", lang="en", country=None)
    page.goto(f"{live_server}/en/cases/{reference}")
    assert page.locator("h1").inner_text() == "Open your case"
    assert page.input_value("#reference") == reference
    axe("how to get in")
    page.fill("#email", "anna@example.nl")
    page.click("button:has-text('Email me a new link')")
    page.wait_for_url(f"{live_server}/en/cases/lost-link/sent")
    assert page.locator("h1").inner_text() == "Check your email"
    axe("lost link: the answer")

    page.goto(f"{live_server}/en/case/{latest_token(live_app, reference)}")
    page.wait_for_url(f"{live_server}/en/cases/{reference}")
    page.click("a:has-text('Withdraw the case')")
    page.wait_for_url(re.compile(r".*/withdraw$"))
    assert page.locator("h1").inner_text() == f"Withdraw case {reference}?"
    axe("withdraw: confirm")
    page.fill("#reason", "It works again.")
    page.click("button:has-text('Yes, withdraw my case')")
    page.wait_for_url(f"{live_server}/en/cases/{reference}")
    assert "Withdrawn" in page.locator(".case-status").inner_text()
    assert "You withdrew the case." in page.locator(".timeline").inner_text()


def test_reply_without_javascript(page_without_js, live_server, live_app, axe_without_js):
    reference = file_case(live_app, status="waiting_for_partner", lang="en")
    tab = page_without_js("en-GB")
    tab.goto(f"{live_server}/en/case/{latest_token(live_app, reference)}")
    tab.fill("#message", "Sent without JavaScript.")
    tab.click("button:has-text('Send')")
    tab.wait_for_url(f"{live_server}/en/cases/{reference}")
    assert "Your message has been sent." in tab.locator(".flash").inner_text()
    assert case_row(live_app, reference)[0] == "in_progress"
    axe_without_js(tab, "after a reply without JavaScript")
