"""The case view: what it shows, every action through the view, the optimistic check, files."""

from __future__ import annotations

import re

import pytest

from helpcenter.cases import service as cases
from tests.cases.conftest import PDF, PNG
from tests.staff.conftest import logged_in
from tests.staff.console_helpers import (
    NASTY,
    case_row,
    file_case,
    outbox,
    page_version,
    post_action,
    with_case,
)

OTHER = {"en": "nl", "nl": "en"}
SUBJECTS = {  # the email each action sends, in the case's language
    "taken_up": {"en": "Your case {} is in progress", "nl": "Uw zaak {} is in behandeling"},
    "update": {"en": "News about your case {}", "nl": "Nieuws over uw zaak {}"},
    "request": {"en": "We need more information about your case {}",
                "nl": "We hebben meer informatie nodig over uw zaak {}"},
    "resolution": {"en": "The outcome of your case {}", "nl": "De uitkomst van uw zaak {}"},
    "closed": {"en": "Your case {} is closed", "nl": "Uw zaak {} is gesloten"},
}
DONE = {
    "take-up": {"en": "The case is assigned to you.", "nl": "De zaak is aan u toegewezen."},
    "assign": {"en": "The assignment is saved.", "nl": "De toewijzing is opgeslagen."},
    "note": {"en": "Your internal note is saved.", "nl": "Uw interne notitie is opgeslagen."},
    "update": {"en": "Your message is sent to the partner.",
               "nl": "Uw bericht is naar de partner verstuurd."},
    "request-info": {"en": "Your question is sent; the case now waits for the partner.",
                     "nl": "Uw vraag is verstuurd; de zaak wacht nu op de partner."},
    "resolution": {"en": "The resolution is sent to the partner.",
                   "nl": "De voorgestelde oplossing is naar de partner verstuurd."},
    "close": {"en": "The case is closed and the partner is told.",
              "nl": "De zaak is gesloten en de partner is op de hoogte gebracht."},
}
CHANGED = {"en": "Someone else changed this case after you opened it",
           "nl": "Iemand anders heeft deze zaak gewijzigd nadat u hem opende"}


def take_up(app, reference, staff):
    with_case(app, reference, lambda case, who: cases.take_up(case, who, case.version), staff.id)


def resolve(app, reference, staff, outcome="not_upheld"):
    take_up(app, reference, staff)
    with_case(app, reference, lambda case, who: cases.propose_resolution(
        case, outcome, "Dat is zo uitgelegd.", who, case.version), staff.id)


def forms_on(page: str) -> list[str]:
    """The actions the case page offers, in order."""
    return re.findall(r'action="/(?:en|nl)/staff/cases/[^/]+/([a-z-]+)"', page)


@pytest.fixture
def handler(client, make_staff):
    """Anna, a handler, logged in on ``client``."""
    anna = make_staff(name="Anna Jansen")
    logged_in(client, anna)
    return anna


# --- what the page shows ---------------------------------------------------------------

def test_case_view_shows_everything_the_partner_sees_and_the_notes(app, client, handler):
    reference = file_case(app, lang="nl", files=[("plattegrond.png", "image/png", PNG)])
    take_up(app, reference, handler)
    with_case(app, reference, lambda case, who: cases.add_note(
        case, "Ranking gecontroleerd: klopt.", who, case.version), handler.id)
    with_case(app, reference, lambda case, who: cases.request_information(
        case, "Stuur een schermafbeelding.", who, case.version), handler.id)
    with_case(app, reference, lambda case: cases.partner_reply(case, "Hierbij de afbeelding."))
    page = client.get(f"/en/staff/cases/{reference}").text
    assert f"Complaint {reference}" in page
    assert "Write to the partner in Dutch." in page
    assert "Mijn accommodatie staat onderaan" in page
    assert "plattegrond.png" in page
    assert "Stuur een schermafbeelding." in page and "Hierbij de afbeelding." in page
    note = page.split("Ranking gecontroleerd")[0].rsplit('<li class="staff-entry', 1)[1]
    assert "internal" in note and "Internal: the partner does not see this" in note
    assert "anna@example.nl" in page and "Netherlands" in page and "123456" in page
    assert "Positie in zoekresultaten" not in page and "Ranking in search results" in page
    assert "Filed by the partner" in page and "Information requested" in page
    assert "waiting for the partner → in progress" in page
    assert "Anna Jansen" in page


def test_case_view_in_dutch(app, client, handler):
    reference = file_case(app, lang="en", country="GB")
    page = client.get(f"/nl/staff/cases/{reference}").text
    assert '<html lang="nl">' in page
    assert "Schrijf de partner in het Engels." in page
    assert f"Klacht {reference}" in page and "Positie in zoekresultaten" in page
    assert "Verenigd Koninkrijk" in page
    assert "Aan mij toewijzen" in page and "Een interne notitie toevoegen" in page


@pytest.mark.parametrize(("status", "expected"), [
    ("received", ["take-up", "assign", "update", "note"]),
    ("in_progress", ["assign", "update", "request-info", "resolution", "note"]),
    ("waiting_for_partner", ["assign", "update", "note"]),
    ("resolved", ["assign", "update", "close", "note"]),
    ("closed", ["note"]),
])
def test_the_forms_follow_the_status(app, client, handler, status, expected):
    reference = file_case(app)
    steps = {"received": [], "in_progress": ["take"], "waiting_for_partner": ["take", "ask"],
             "resolved": ["take", "resolve"], "closed": ["take", "resolve", "close"]}[status]
    actions = {
        "take": lambda case, who: cases.take_up(case, who, case.version),
        "ask": lambda case, who: cases.request_information(case, "Welke datum?", who,
                                                           case.version),
        "resolve": lambda case, who: cases.propose_resolution(case, "upheld", "Klopt.", who,
                                                              case.version),
        "close": lambda case, who: cases.close(case, who, case.version),
    }
    for step in steps:
        with_case(app, reference, actions[step], handler.id)
    assert case_row(app, reference).status == status
    assert forms_on(client.get(f"/en/staff/cases/{reference}").text) == expected


def test_unknown_case_is_404(client, handler):
    assert client.get("/en/staff/cases/HC-NOPE-NOPE").status_code == 404
    assert client.post("/en/staff/cases/HC-NOPE-NOPE/note",
                       data={"note-body": "x", "note-version": "1"}).status_code == 404
    assert client.post("/en/staff/cases/HC-NOPE-NOPE/delete").status_code == 404


# --- every action through the view, in both console languages ---------------------------

ACTIONS = [  # action, fields, from status, to status, email (None: no email)
    ("take-up", {}, "received", "in_progress", "taken_up"),
    ("assign", {"assignee": "BEN"}, "received", "in_progress", "taken_up"),
    ("note", {"body": "Alleen voor collega's."}, "in_progress", "in_progress", None),
    ("update", {"body": "We kijken ernaar."}, "in_progress", "in_progress", "update"),
    ("update", {"body": "We pakken het op."}, "received", "in_progress", "update"),
    ("request-info", {"body": "Welke datum?"}, "in_progress", "waiting_for_partner", "request"),
    ("resolution", {"outcome": "partly_upheld", "explanation": "Deels terecht."},
     "in_progress", "resolved", "resolution"),
    ("close", {"message": "Bedankt."}, "resolved", "closed", "closed"),
    ("close", {}, "resolved", "closed", "closed"),
]


@pytest.mark.parametrize("console", ["en", "nl"])
@pytest.mark.parametrize(("action", "fields", "before", "after", "email"), ACTIONS)
def test_each_action(app, client, make_staff, handler, console, action, fields, before,
                     after, email):
    ben = make_staff(name="Ben Smit")
    case_lang = OTHER[console]  # the email follows the case, not the console
    reference = file_case(app, lang=case_lang)
    if before == "in_progress":
        take_up(app, reference, handler)
    elif before == "resolved":
        resolve(app, reference, handler)
    sent_before = len(outbox(app, reference))
    fields = {k: v.replace("BEN", str(ben.id)) for k, v in fields.items()}

    response = post_action(client, reference, action, fields, lang=console)
    assert response.status_code == 303, response.text
    assert response.headers["Location"] == f"/{console}/staff/cases/{reference}"
    page = client.get(response.headers["Location"]).text
    assert DONE[action][console] in page

    case = case_row(app, reference)
    assert case.status == after
    new = outbox(app, reference)[sent_before:]
    if email is None:
        assert new == []
    else:
        assert [m.lang for m in new] == [case_lang]
        assert new[0].subject == SUBJECTS[email][case_lang].format(reference)
        assert f"/{case_lang}/case/" in new[0].body
        for text in fields.values():
            if text and not text.isdigit() and text != "partly_upheld":
                assert text in new[0].body
    if action == "resolution":
        assert case.outcome == "partly_upheld"
        assert case_lang != "nl" or "Deels gegrond" in new[0].body
    if action == "assign":
        assert case.assignee_id == ben.id
    if action == "take-up":
        assert case.assignee_id == handler.id


def test_internal_note_reaches_neither_the_partner_nor_an_email(app, client, handler):
    reference = file_case(app)
    before = len(outbox(app, reference))
    post_action(client, reference, "note", {"body": "Geheim: eerder ook gemeld."})
    assert len(outbox(app, reference)) == before
    with app.test_request_context("/"):
        case = cases.case_by_reference(reference)
        partner = [entry.body for entry in cases.thread(case, for_partner=True)]
        staff = [entry.body for entry in cases.thread(case, for_partner=False)]
    assert "Geheim: eerder ook gemeld." in staff and "Geheim: eerder ook gemeld." not in partner


def test_unassign(app, client, handler):
    reference = file_case(app)
    take_up(app, reference, handler)
    response = post_action(client, reference, "assign", {"assignee": ""})
    assert response.status_code == 303
    assert case_row(app, reference).assignee_id is None


# --- refused actions ---------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "error"), [("en", "Write the message to the partner."),
                                              ("nl", "Schrijf het bericht aan de partner.")])
def test_an_empty_message_is_an_error_next_to_the_field(app, client, handler, lang, error):
    reference = file_case(app)
    sent = len(outbox(app, reference))
    response = post_action(client, reference, "update", {"body": "   "}, lang=lang)
    assert response.status_code == 400
    assert f'<p class="error-message" id="update-body-error">{error}</p>' in response.text
    assert 'class="error-summary"' in response.text and 'href="#update-body"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert len(outbox(app, reference)) == sent and case_row(app, reference).version == 1


def test_a_resolution_needs_an_outcome_and_keeps_the_explanation(app, client, handler):
    reference = file_case(app)
    take_up(app, reference, handler)
    response = post_action(client, reference, "resolution",
                           {"explanation": "Mijn zorgvuldige uitleg.", "outcome": "maybe"})
    assert response.status_code == 400
    assert 'id="resolution-outcome-error"' in response.text
    assert "Mijn zorgvuldige uitleg.</textarea>" in response.text
    assert case_row(app, reference).status == "in_progress"


def test_a_long_text_is_refused_with_the_number_formatted(app, client, handler):
    reference = file_case(app)
    response = post_action(client, reference, "note", {"body": "x" * 5001}, lang="nl")
    assert response.status_code == 400
    assert "gebruik maximaal 5.000 tekens (nu 5.001)" in response.text


def test_assigning_to_an_unknown_or_disabled_account_is_refused(app, client, make_staff,
                                                                handler):
    gone = make_staff(name="Gert Weg", active=False)
    reference = file_case(app)
    for value in (str(gone.id), "999", "abc"):
        response = post_action(client, reference, "assign", {"assignee": value})
        assert response.status_code == 400
        assert 'id="assign-assignee-error"' in response.text
    assert case_row(app, reference).assignee_id is None


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Take up the case first: a received case cannot be resolved."),
    ("nl", "Neem de zaak eerst in behandeling"),
])
def test_a_forbidden_move_shows_its_message_and_changes_nothing(app, client, handler, lang,
                                                                message):
    reference = file_case(app)
    response = post_action(client, reference, "resolution",
                           {"outcome": "upheld", "explanation": "Te vroeg."}, lang=lang,
                           version="1")
    assert response.status_code == 409
    assert message in response.text
    assert "Te vroeg.</textarea>" in response.text
    case = case_row(app, reference)
    assert (case.status, case.version, case.outcome) == ("received", 1, None)


def test_a_closed_case_takes_no_more_messages(app, client, handler):
    reference = file_case(app)
    resolve(app, reference, handler)
    with_case(app, reference, lambda case, who: cases.close(case, who, case.version), handler.id)
    version = str(case_row(app, reference).version)
    sent = len(outbox(app, reference))
    response = post_action(client, reference, "update", {"body": "Nog iets."}, version=version)
    assert response.status_code == 409
    assert "This case is closed: it can no longer change." in response.text
    assert len(outbox(app, reference)) == sent


# --- two handlers at once ------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_second_of_two_handlers_is_told_the_case_changed(app, make_staff, lang):
    anna, ben = make_staff(name="Anna Jansen"), make_staff(name="Ben Smit")
    first, second = logged_in(app.test_client(), anna), logged_in(app.test_client(), ben)
    reference = file_case(app)
    take_up(app, reference, anna)
    url = f"/{lang}/staff/cases/{reference}"
    version_a = page_version(first.get(url).text, "update")
    version_b = page_version(second.get(url).text, "update")
    assert version_a == version_b
    sent = len(outbox(app, reference))

    assert post_action(first, reference, "update", {"body": "Anna schrijft."}, lang,
                       version_a).status_code == 303
    late = post_action(second, reference, "update", {"body": "Ben schrijft ook."}, lang,
                       version_b)
    assert late.status_code == 409
    assert CHANGED[lang] in late.text
    assert "Ben schrijft ook.</textarea>" in late.text  # the typed text is kept
    assert "Anna schrijft." in late.text  # and the page now shows the latest version
    assert [m.body.count("Anna schrijft.") for m in outbox(app, reference)[sent:]] == [1]
    with app.test_request_context("/"):
        bodies = [e.body for e in cases.thread(cases.case_by_reference(reference), False)]
    assert "Ben schrijft ook." not in bodies

    # Sending again from the refreshed page is a deliberate second message, and works.
    fresh = page_version(late.text, "update")
    assert fresh != version_b
    assert post_action(second, reference, "update", {"body": "Ben schrijft ook."}, lang,
                       fresh).status_code == 303


@pytest.mark.parametrize("version", ["", "abc", "0", "-1", "99"])
def test_a_missing_or_odd_version_saves_nothing(app, client, handler, version):
    reference = file_case(app)
    response = post_action(client, reference, "note", {"body": "Hallo"}, version=version)
    assert response.status_code == 409
    assert CHANGED["en"] in response.text
    assert case_row(app, reference).version == 1


# --- files -----------------------------------------------------------------------------------

def test_staff_download_attachments_as_files(app, client, handler):
    reference = file_case(app, files=[("rapport.pdf", "application/pdf", PDF),
                                      ('sc"reen<1>.png', "image/png", PNG)])
    other = file_case(app, files=[("ander.pdf", "application/pdf", PDF)])
    with app.app_context():
        names = {a.filename: a.stored_name for a in cases.case_by_reference(reference)
                 .attachments}
        foreign = cases.case_by_reference(other).attachments[0].stored_name
    response = client.get(f"/en/staff/cases/{reference}/files/{names['rapport.pdf']}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "rapport.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["Cache-Control"] == "no-store"
    odd_name = names['sc"reen<1>.png']
    odd = client.get(f"/en/staff/cases/{reference}/files/{odd_name}")
    assert odd.status_code == 200 and odd.headers["Content-Disposition"].startswith("attachment;")
    assert client.get(f"/en/staff/cases/{reference}/files/{foreign}").status_code == 404
    assert client.get(f"/en/staff/cases/{reference}/files/nothing").status_code == 404
    page = client.get(f"/en/staff/cases/{reference}").text
    assert f'href="/en/staff/cases/{reference}/files/{names["rapport.pdf"]}"' in page


# --- escaping ----------------------------------------------------------------------------------

def test_partner_and_staff_text_is_shown_literally(app, client, handler):
    text = " ".join(NASTY)
    reference = file_case(app, name=NASTY[1], message=text,
                          files=[(NASTY[0] + ".png", "image/png", PNG)])
    take_up(app, reference, handler)
    with_case(app, reference, lambda case, who: cases.request_information(
        case, "Welke?", who, case.version), handler.id)
    with_case(app, reference, lambda case: cases.partner_reply(case, text))
    assert post_action(client, reference, "note", {"body": text}).status_code == 303
    page = client.get(f"/en/staff/cases/{reference}").text
    assert "<script>alert(1)</script>" not in page and "<svg onload" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4
    assert "&#34;&gt;&lt;svg onload=alert(1)&gt;" in page
    assert page.count("{{7*7}}") >= 3
