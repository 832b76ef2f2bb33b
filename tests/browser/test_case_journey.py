"""The whole life of a complaint, in two browsers: a Dutch partner on a phone and an English
case handler at a desk. Filed, taken up, a question, a reply with a screenshot, a resolution
(not upheld), disagreement and mediation; every email in Dutch; the timeline on both sides.
Screenshots of every step land in tests/browser/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.staff import service as staff_service
from tests.browser.axe import assert_accessible
from tests.browser.conftest import SCREENSHOTS
from tests.mail.sent import email_text

pytestmark = pytest.mark.browser

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
       b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
HANDLER_EMAIL = "sam.handler@example.com"
HANDLER_PASSWORD = "correct horse battery staple"


@pytest.fixture
def live_app(make_app):
    """The site as partners and staff get it: CSRF tokens on, a handler account made."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        staff_service.create_staff(HANDLER_EMAIL, "Sam Handler", HANDLER_PASSWORD, lang="en")
        db.session.remove()
    return app


def emails_to(app, recipient: str) -> list[OutboxMessage]:
    """Every email queued for ``recipient``, oldest first."""
    with app.app_context():
        found = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return list(found)


def newest_link(app, recipient: str) -> str:
    """The case link in the newest email to the partner (each email has a fresh one)."""
    with app.app_context():
        body = email_text(db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient == recipient).order_by(OutboxMessage.id.desc())).first())
        db.session.remove()
    return re.search(r"https?://[^/\s]+(/nl/case/\S+)", body).group(1)


def snap(tab, name: str) -> None:
    """A full-page screenshot of this step, then axe-core on the same state."""
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=True)
    assert_accessible(tab, name)


def file_dutch_complaint(partner, live_server) -> str:
    """The partner files a complaint from the Netherlands; return the reference."""
    partner.goto(live_server + "/nl/complaint")
    partner.get_by_label("Partner (ik verhuur accommodatie)").check()
    partner.get_by_label("Uw naam").fill("Anna de Vries <script>alert(1)</script>")
    partner.get_by_label("E-mailadres").fill("anna@example.nl")
    partner.get_by_label("Accommodatienummer").fill("123456")
    partner.get_by_label("Land").select_option("NL")
    partner.get_by_label("Onderwerp").select_option("ranking")
    partner.get_by_label("Bericht").fill(
        "Sinds vorige week staat mijn accommodatie onderaan in de zoekresultaten. {{7*7}}")
    partner.get_by_label("Ik ga ermee akkoord").check()
    partner.get_by_role("button", name="Versturen").click()
    partner.get_by_role("heading", name="We hebben uw klacht ontvangen").wait_for()
    snap(partner, "01-partner-received")
    return partner.locator(".reference strong").inner_text()


def handler_logs_in(staff, live_server) -> None:
    """The handler logs in to the English console."""
    staff.goto(live_server + "/en/staff/login")
    staff.get_by_label("Email address").fill(HANDLER_EMAIL)
    staff.get_by_label("Password").fill(HANDLER_PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.wait_for_url(live_server + "/en/staff/")


def staff_action(staff, title: str, fields: dict[str, str], button: str) -> None:
    """Fill the action form under ``title`` and send it."""
    section = staff.get_by_role("region", name=title)
    for label, value in fields.items():
        section.get_by_label(label).fill(value)  # the label ends in "(required)"
    section.get_by_role("button", name=button).click()
    staff.wait_for_load_state()


def test_complaint_from_filing_to_mediation(browser, live_server, live_app, tmp_path):
    partner_context = browser.new_context(locale="nl-NL", bypass_csp=True,
                                          viewport={"width": 390, "height": 844})
    staff_context = browser.new_context(locale="en-GB", bypass_csp=True,
                                        viewport={"width": 1280, "height": 900})
    partner, staff = partner_context.new_page(), staff_context.new_page()
    try:
        reference = file_dutch_complaint(partner, live_server)
        assert re.fullmatch(r"HC-\w{4}-\w{4}", reference)

        # The handler finds it in the queue and takes it up.
        handler_logs_in(staff, live_server)
        staff.get_by_role("link", name=reference).click()
        staff.wait_for_url(f"{live_server}/en/staff/cases/{reference}")
        page_text = staff.locator("main").inner_text()
        assert "Write to the partner in Dutch." in page_text
        assert "Anna de Vries <script>alert(1)</script>" in page_text  # shown, not run
        assert "{{7*7}}" in page_text
        snap(staff, "02-staff-case-received")
        staff.get_by_role("region", name="Take up this case").get_by_role(
            "button", name="Assign to me").click()
        staff.wait_for_load_state()
        staff_action(staff, "Ask the partner for more information",
                     {"What do you need from the partner?":
                      "Welke zoekopdracht gebruikte u, en op welke datum?"},
                     "Send the question")
        assert "waiting for the partner" in staff.locator("main").inner_text()
        snap(staff, "03-staff-asked")

        # The partner opens the link in the newest email and answers, with a screenshot.
        partner.goto(live_server + newest_link(live_app, "anna@example.nl"))
        partner.wait_for_url(f"{live_server}/nl/cases/{reference}")
        assert "Wacht op uw reactie" in partner.locator("main").inner_text()
        assert "Welke zoekopdracht gebruikte u" in partner.locator("main").inner_text()
        snap(partner, "04-partner-question")
        screenshot_file = tmp_path / "zoekresultaten.png"
        screenshot_file.write_bytes(PNG)
        partner.get_by_label("Uw bericht (verplicht)").fill(
            "Ik zocht op 'Amsterdam centrum' op 20 november. Zie de schermafbeelding.")
        partner.get_by_label("Bijlagen (optioneel)").set_input_files(str(screenshot_file))
        partner.get_by_role("button", name="Versturen").click()
        partner.get_by_text("Uw bericht is verstuurd.").wait_for()
        assert "zoekresultaten.png" in partner.locator("main").inner_text()
        snap(partner, "05-partner-replied")

        # The handler sees the reply with its file and resolves the case: not upheld.
        staff.reload()
        main = staff.locator("main").inner_text()
        assert "Ik zocht op 'Amsterdam centrum'" in main and "zoekresultaten.png" in main
        section = staff.get_by_role("region", name="Propose a resolution")
        section.get_by_label("Not upheld").check()
        section.get_by_label("Explanation for the partner").fill(
            "Uw positie volgt uit de beoordelingen en de beschikbaarheid; er is geen fout.")
        section.get_by_role("button", name="Send the resolution").click()
        staff.wait_for_load_state()
        snap(staff, "06-staff-resolved")

        # The partner disagrees, is offered mediation (the Netherlands is in the EEA) and asks.
        partner.goto(live_server + newest_link(live_app, "anna@example.nl"))
        main = partner.locator("main").inner_text()
        assert "Ongegrond" in main and "er is geen fout" in main
        snap(partner, "07-partner-resolution")
        partner.get_by_label("Waarom bent u het er niet mee eens? (verplicht)").fill(
            "Mijn beoordelingen zijn beter dan die van de accommodaties boven mij.")
        partner.get_by_role("button", name="Mijn bezwaar versturen").click()
        partner.get_by_role("heading", name="Bemiddeling").wait_for()
        mediation_link = partner.get_by_role("region", name="Bemiddeling").get_by_role("link")
        assert mediation_link.first.get_attribute("href").startswith("/nl/complaints/mediation")
        snap(partner, "08-partner-disagreed")
        partner.get_by_role("button", name="Bemiddeling aanvragen").click()
        partner.wait_for_load_state()
        timeline = partner.get_by_role("region", name="Wat er is gebeurd").inner_text()
        snap(partner, "09-partner-mediation")

        # Every step on both sides.
        staff.reload()
        staff_timeline = staff.get_by_role("region", name="Timeline").inner_text()
        snap(staff, "10-staff-timeline")
        for text in (timeline, staff_timeline):
            assert text.count("\n") >= 5, text
        assert "bemiddeling" in timeline.lower()
        assert "mediation" in staff_timeline.lower()

        # Every email to the partner is in Dutch, with the reference in the subject.
        emails = emails_to(live_app, "anna@example.nl")
        assert len(emails) >= 4  # acknowledgement, taken up, question, resolution, ...
        for email in emails:
            assert email.lang == "nl", email.subject
            assert reference in email.subject
            assert "Geachte" in email.body or "Beste" in email.body, email.body[:200]
            assert "Dear" not in email.body
    finally:
        partner_context.close()
        staff_context.close()
