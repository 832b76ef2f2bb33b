"""What the partner does on the case page: reply, accept, disagree, mediation, withdraw.

Every action goes through the real form POST; refused ones must show a clear message and
change nothing (status, version, events, messages, emails).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from helpcenter.cases.models import CaseAttachment
from helpcenter.extensions import db
from tests.cases.conftest import PNG, upload
from tests.cases.partner_helpers import (
    case_row,
    csrf_token,
    file_case,
    main_text,
    partner,
    version,
    visible_text,
)


def test_reply_with_a_png_moves_a_waiting_case_back_to_in_progress(app):
    reference = file_case(app, status="waiting_for_partner")
    client = partner(app, reference)
    before = case_row(app, reference)
    response = client.post(f"/nl/cases/{reference}/reply", content_type="multipart/form-data",
                           data={"message": "Hier is de schermafbeelding.\r\nGroet, Anna",
                                 "attachments": [upload(PNG, "zoekresultaten.png")]})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/nl/cases/{reference}"
    status, _version, events, messages, emails = case_row(app, reference)
    assert status == "in_progress"
    assert (events, messages, emails) == (before[2] + 1, before[3] + 1, before[4])
    page = main_text(client.get(response.headers["Location"]))
    assert '<p class="flash flash-success" role="status">Uw bericht is verstuurd.</p>' in page
    assert "Hier is de schermafbeelding.\nGroet, Anna</div>" in page
    assert "Status: <strong>In behandeling</strong>" in page
    assert "U hebt een bericht gestuurd." in page
    link = re.search(rf'href="(/nl/cases/{reference}/files/\w+)" download>zoekresultaten.png<',
                     page).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download.data == PNG
    assert download.headers["Content-Type"] == "image/png"
    assert download.headers["Content-Disposition"] == 'attachment; filename="zoekresultaten.png"'
    assert app.test_client().get(link).status_code == 404  # another browser
    # another partner with their own case cannot fetch it through their case either
    other = file_case(app)
    stored = link.rsplit("/", 1)[1]
    assert partner(app, other).get(f"/nl/cases/{other}/files/{stored}").status_code == 404


def test_reply_errors_keep_what_was_typed(app):
    reference = file_case(app, status="in_progress")
    client = partner(app, reference)
    before = case_row(app, reference)
    empty = client.post(f"/en/cases/{reference}/reply", data={"message": "   "})
    assert empty.status_code == 400
    assert 'href="#message">Write your message.</a>' in empty.get_data(as_text=True)
    data = {"message": "Zie bijlage, met <b>vet</b>.",
            "attachments": [upload(b"MZ\x90\x00 not an image", "virus.exe")]}
    bad_file = client.post(f"/en/cases/{reference}/reply", data=data,
                           content_type="multipart/form-data")
    assert bad_file.status_code == 400
    page = bad_file.get_data(as_text=True)
    assert "virus.exe is not a PNG, JPEG or PDF file." in page
    assert "\nZie bijlage, met &lt;b&gt;vet&lt;/b&gt;.</textarea>" in page
    assert case_row(app, reference) == before


def test_reply_to_a_closed_case_is_refused(app):
    reference = file_case(app, status="closed")
    client = partner(app, reference)
    page = client.get(f"/nl/cases/{reference}").get_data(as_text=True)
    assert 'action="/nl/cases/' + reference + '/reply"' not in page
    assert "Zaak intrekken" not in page
    before = case_row(app, reference)
    response = client.post(f"/nl/cases/{reference}/reply", data={"message": "Nog één ding"})
    assert response.status_code == 409
    assert "U kunt niet meer op deze zaak reageren." in response.get_data(as_text=True)
    assert case_row(app, reference) == before


def test_accept(app):
    reference = file_case(app, status="resolved")
    client = partner(app, reference)
    response = client.post(f"/en/cases/{reference}/accept",
                           data={"version": version(app, reference)})
    assert response.status_code == 303
    assert case_row(app, reference)[0] == "accepted"
    page = main_text(client.get(response.headers["Location"]))
    assert "You have accepted the resolution." in page
    assert "Status: <strong>Resolution accepted</strong>" in page
    assert "You accepted the resolution." in page  # the timeline
    assert "Outcome: <strong>Not upheld</strong>" in page
    assert "/accept" not in page and "/disagree" not in page


def test_disagree_needs_a_reason(app):
    reference = file_case(app, status="resolved")
    client = partner(app, reference)
    before = case_row(app, reference)
    response = client.post(f"/nl/cases/{reference}/disagree",
                           data={"reason": "", "version": before[1]})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'href="#reason">Vertel ons waarom u het niet eens bent met de oplossing.</a>' in page
    assert 'class="error-message" id="reason-error"' in page
    assert case_row(app, reference) == before
    response = client.post(f"/nl/cases/{reference}/disagree",
                           data={"reason": "De ranking klopt niet.", "version": before[1]})
    assert response.status_code == 303
    assert case_row(app, reference)[0] == "disagreed"
    page = main_text(client.get(f"/nl/cases/{reference}"))
    assert "We hebben vastgelegd dat u het niet eens bent met de oplossing." in page
    assert "Waarom u het niet eens bent" in page and "De ranking klopt niet." in page


def test_disagreeing_with_a_changed_resolution_is_refused_and_keeps_the_reason(app):
    reference = file_case(app, status="resolved")
    client = partner(app, reference)
    before = case_row(app, reference)
    response = client.post(f"/en/cases/{reference}/disagree",
                           data={"reason": "Not fair at all.", "version": before[1] - 1})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "This case was changed by someone else." in page
    assert "\nNot fair at all.</textarea>" in page
    assert case_row(app, reference) == before


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_mediation_is_offered_in_the_eea_and_recorded(app, lang):
    reference = file_case(app, status="disagreed", country="NL")
    client = partner(app, reference, lang)
    page = main_text(client.get(f"/{lang}/cases/{reference}"))
    assert f'href="/{lang}/complaints/mediation"' in page
    assert f'action="/{lang}/cases/{reference}/mediation"' in page
    assert ("Bemiddeling aanvragen" if lang == "nl" else "Request mediation") in page
    response = client.post(f"/{lang}/cases/{reference}/mediation",
                           data={"version": version(app, reference)})
    assert response.status_code == 303
    assert case_row(app, reference)[0] == "mediation_requested"
    page = main_text(client.get(f"/{lang}/cases/{reference}"))
    timeline = page[page.index('<ol class="timeline">'):]
    if lang == "nl":
        assert "U hebt om bemiddeling gevraagd." in timeline
        assert "Status: Bemiddeling aangevraagd" in timeline
        assert "We hebben uw verzoek om bemiddeling vastgelegd." in page
    else:
        assert "You asked for mediation." in timeline
        assert "Status: Mediation requested" in timeline
    assert "/mediation\"" not in page.split('href="/' + lang + '/complaints/mediation"')[0]


@pytest.mark.parametrize("country", ["US", "GB"])
def test_mediation_is_not_offered_outside_the_eea(app, country):
    reference = file_case(app, status="disagreed", country=country)
    client = partner(app, reference, "en")
    page = main_text(client.get(f"/en/cases/{reference}"))
    assert "/mediation" not in page and "Request mediation" not in page
    before = case_row(app, reference)
    response = client.post(f"/en/cases/{reference}/mediation", data={"version": before[1]})
    assert response.status_code == 409
    assert ("Mediation is offered to partners in the European Economic Area only."
            in response.get_data(as_text=True))
    assert case_row(app, reference) == before


def test_the_resolved_page_of_a_partner_outside_the_eea_does_not_promise_mediation(app):
    reference = file_case(app, status="resolved", country="US")
    page = main_text(partner(app, reference, "en").get(f"/en/cases/{reference}"))
    assert "Do you accept this resolution?" in page and "mediation" not in page.lower()


def test_withdraw_asks_to_confirm_first(app):
    reference = file_case(app, status="in_progress")
    client = partner(app, reference)
    page = main_text(client.get(f"/nl/cases/{reference}"))
    assert f'href="/nl/cases/{reference}/withdraw">Zaak intrekken</a>' in page
    before = case_row(app, reference)
    confirm = client.get(f"/nl/cases/{reference}/withdraw")
    assert confirm.status_code == 200 and case_row(app, reference) == before
    text = main_text(confirm)
    assert f"<h1>Zaak {reference} intrekken?</h1>" in text
    assert "Waarom trekt u de zaak in? (optioneel)" in visible_text(text)
    assert "Ja, mijn zaak intrekken" in text and "Nee, terug naar mijn zaak" in text
    response = client.post(f"/nl/cases/{reference}/withdraw",
                           data={"reason": "Opgelost met de klantenservice.",
                                 "version": before[1]})
    assert response.status_code == 303
    assert case_row(app, reference)[0] == "withdrawn"
    page = main_text(client.get(f"/nl/cases/{reference}"))
    assert "U hebt uw zaak ingetrokken." in page
    assert "Status: <strong>Ingetrokken</strong>" in page
    assert "U hebt de zaak ingetrokken." in page and "Opgelost met de klantenservice." in page
    assert "/withdraw" not in page and "/reply" not in page
    again = client.get(f"/nl/cases/{reference}/withdraw")
    assert "Deze zaak kan niet meer worden ingetrokken." in again.get_data(as_text=True)


def test_withdraw_without_a_reason(app):
    reference = file_case(app, status="resolved", lang="en")
    client = partner(app, reference, "en")
    response = client.post(f"/en/cases/{reference}/withdraw",
                           data={"version": version(app, reference)})
    assert response.status_code == 303 and case_row(app, reference)[0] == "withdrawn"
    page = main_text(client.get(f"/en/cases/{reference}"))
    assert "Proposed resolution" not in page.split("<ol")[0]  # no offer to answer any more


@pytest.mark.parametrize(("status", "action", "message"), [
    ("in_progress", "accept", "Dat kan niet meer: uw zaak heeft nu de status ‘In behandeling’."),
    ("received", "disagree", "Dat kan niet meer: uw zaak heeft nu de status ‘Ontvangen’."),
    ("resolved", "mediation", "Dat kan niet meer: uw zaak heeft nu de status ‘Opgelost’."),
    ("closed", "withdraw", "Dat kan niet meer: uw zaak heeft nu de status ‘Gesloten’."),
    ("accepted", "accept",
     "Dat kan niet meer: uw zaak heeft nu de status ‘Oplossing geaccepteerd’."),
])
def test_forbidden_moves_say_why_and_change_nothing(app, status, action, message):
    reference = file_case(app, status=status)
    client = partner(app, reference)
    before = case_row(app, reference)
    response = client.post(f"/nl/cases/{reference}/{action}",
                           data={"version": before[1], "reason": "Toch niet."})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and message in page
    assert case_row(app, reference) == before


def test_a_get_of_an_action_goes_back_to_the_case(app):
    reference = file_case(app, status="resolved")
    client = partner(app, reference)
    for action in ("reply", "accept", "disagree", "mediation"):
        response = client.get(f"/en/cases/{reference}/{action}")
        assert response.status_code == 303
        assert response.headers["Location"] == f"/en/cases/{reference}"


@pytest.mark.parametrize(("status", "action", "data"), [
    ("in_progress", "reply", {"message": "Zonder token"}),
    ("resolved", "accept", {}),
    ("resolved", "disagree", {"reason": "Zonder token"}),
    ("disagreed", "mediation", {}),
    ("in_progress", "withdraw", {}),
])
def test_every_partner_action_needs_the_csrf_token(make_app, status, action, data):
    app = make_app(WTF_CSRF_ENABLED=True)
    reference = file_case(app, status=status)
    client = partner(app, reference)
    before = case_row(app, reference)
    data = {**data, "version": before[1]}
    response = client.post(f"/nl/cases/{reference}/{action}", data=data)
    assert response.status_code == 400
    assert "verlopen" in response.get_data(as_text=True)
    if "message" in data or "reason" in data:
        assert next(iter(d for k, d in data.items() if k != "version")) in (
            response.get_data(as_text=True))  # what was typed is kept
    assert case_row(app, reference) == before
    token = csrf_token(client, f"/nl/cases/{reference}" + ("/withdraw" if action == "withdraw"
                                                           else ""))
    response = client.post(f"/nl/cases/{reference}/{action}", data={**data, "csrf_token": token})
    assert response.status_code == 303
    assert case_row(app, reference) != before


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("action", ["reply", "accept", "disagree", "mediation", "withdraw"])
def test_a_form_without_token_or_access_gets_how_to_get_in(make_app, lang, action):
    """Signed out in another tab, the session expired, or no such case: the form sent without
    a valid token gets the "how to get in" page (404), never an error page."""
    app = make_app(WTF_CSRF_ENABLED=True)
    reference = file_case(app, status="in_progress")
    before = case_row(app, reference)
    stranger = app.test_client()
    for case_reference in (reference, "HC-NOPE-NOPE"):
        response = stranger.post(f"/{lang}/cases/{case_reference}/{action}",
                                 data={"message": "Hallo", "reason": "Nee", "version": "1"})
        assert response.status_code == 404
        page = response.get_data(as_text=True)
        assert 'name="reference"' in page  # the lost-link form
        assert "Hallo" not in page
    assert case_row(app, reference) == before


def test_reply_attachments_are_stored_with_the_message(app):
    reference = file_case(app, status="in_progress")
    client = partner(app, reference)
    client.post(f"/nl/cases/{reference}/reply", content_type="multipart/form-data",
                data={"message": "Twee bestanden.",
                      "attachments": [upload(PNG, "a.png"), upload(PNG, "b.png")]})
    with app.app_context():
        files = db.session.scalars(select(CaseAttachment).order_by(CaseAttachment.id)).all()
        assert [(f.filename, f.message_id is not None) for f in files] == [
            ("a.png", True), ("b.png", True)]
        db.session.remove()


def test_the_same_reply_form_sent_again_adds_no_second_message(app):
    """A resend after a broken connection, or a double click: one message, both answered."""
    reference = file_case(app, status="waiting_for_partner")
    client = partner(app, reference)
    before = case_row(app, reference)
    form = {"message": "Hier is het antwoord op uw vraag.", "idempotency_key": "r" * 32}
    first = client.post(f"/nl/cases/{reference}/reply", data=form)
    again = client.post(f"/nl/cases/{reference}/reply", data=form)
    assert first.status_code == again.status_code == 303
    status, _version, events, messages, _emails = case_row(app, reference)
    assert (status, events, messages) == ("in_progress", before[2] + 1, before[3] + 1)
    # a new form (a new key) is a new message
    other = client.post(f"/nl/cases/{reference}/reply",
                        data=form | {"idempotency_key": "s" * 32})
    assert other.status_code == 303
    assert case_row(app, reference)[3] == before[3] + 2
