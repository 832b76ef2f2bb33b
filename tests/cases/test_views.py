"""The complaint and technical-issue forms: every check in both languages, files, anti-abuse."""

import re

import pytest
from sqlalchemy import func, select

from helpcenter.cases.models import Case, CaseAttachment, CaseLink
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from tests.cases.conftest import PDF, PNG, upload
from tests.mail.sent import email_text


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(("lang", "heading", "label"), [
    ("nl", "Een klacht indienen", "Accommodatienummer"),
    ("en", "Submit a complaint", "Property ID")])
def test_complaint_form_in_both_languages(client, lang, heading, label):
    page = client.get(f"/{lang}/complaint").get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in page and label in page
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'name="idempotency_key" type="hidden" value="[0-9a-f]{32}"', page)
    assert ">Nederland<" in page if lang == "nl" else ">Netherlands<" in page


def test_complaint_is_filed_committed_and_acknowledged(app, client, complaint_data):
    response = client.post("/nl/complaint", data=complaint_data)
    assert response.status_code == 303
    reference = response.headers["Location"].rsplit("/", 1)[1]
    assert re.fullmatch(r"HC-[2-9A-Z]{4}-[2-9A-Z]{4}", reference)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "We hebben uw klacht ontvangen" in page and reference in page
    assert "Hoe het verder gaat" in page
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert (case.kind, case.lang, case.topic) == ("complaint", "nl", "ranking")
        assert case.ground == "c"
        assert case.consent_at is not None and case.status == "received"
        links = db.session.scalars(select(CaseLink).where(CaseLink.case_id == case.id)).all()
        assert len(links) == 1 and len(links[0].token_hash) == 64
        message = db.session.scalar(select(OutboxMessage))
        assert message.case_id == case.id and message.sent_at is not None  # console transport
        assert reference in message.subject and "Beste Anna de Vries" in message.body


def test_token_is_not_stored_and_link_opens_the_case(app, client, complaint_data):
    client.post("/en/complaint", data=complaint_data)
    with app.app_context():
        body = email_text(db.session.scalar(select(OutboxMessage)))
        token_hash = db.session.scalar(select(CaseLink.token_hash))
    token = re.search(r"http://localhost/en/case/([\w-]+)", body).group(1)
    assert len(token) >= 43 and token not in token_hash
    response = client.get(f"/en/case/{token}")
    assert response.status_code == 303
    assert token not in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Received" in page and "Sinds vorige week" in page
    # another browser without the link sees nothing
    assert app.test_client().get(response.headers["Location"]).status_code == 404
    assert app.test_client().get("/en/case/not-a-real-token").status_code == 404


def test_confirmation_only_for_the_browser_that_filed(app, client, complaint_data):
    location = client.post("/en/complaint", data=complaint_data).headers["Location"]
    assert app.test_client().get(location).status_code == 404


COMPLAINT_ERRORS = [
    ("requester_type", "", "Choose partner or guest.", "Kies partner of gast."),
    ("requester_type", "robot", "Choose partner or guest.", "Kies partner of gast."),
    ("name", "", "Enter your name.", "Vul uw naam in."),
    ("name", "x" * 101, "Use at most 100 characters.", "Gebruik maximaal 100 tekens."),
    ("email", "", "Enter your email address.", "Vul uw e-mailadres in."),
    ("email", "anna@", "Enter an email address like", "Vul een e-mailadres in zoals"),
    ("phone", "call me", "Enter a phone number like +31 20 123 4567: digits",
     "Vul een telefoonnummer in zoals +31 20 123 4567: cijfers"),
    ("property_id", "", "Enter your property ID.", "Vul uw accommodatienummer in."),
    ("property_id", "12ab", "A property ID is a number of up to 12 digits.",
     "Een accommodatienummer bestaat uit maximaal 12 cijfers."),
    ("country", "", "Choose your country.", "Kies uw land."),
    ("country", "XX", "Choose a country from the list.", "Kies een land uit de lijst."),
    ("topic", "", "Choose a topic.", "Kies een onderwerp."),
    ("topic", "weather", "Choose a topic.", "Kies een onderwerp."),
    ("message", "", "Describe your complaint.", "Beschrijf uw klacht."),
    ("message", "Too short.", "Your text is too short: write at least 30 characters.",
     "Uw tekst is te kort: schrijf minstens 30 tekens."),
    ("message", "x" * 5001, "Your text is too long: use at most 5,000 characters (now 5,001).",
     "Uw tekst is te lang: gebruik maximaal 5.000 tekens (nu 5.001)."),
    ("consent", "", "We can only handle your complaint with your consent.",
     "We kunnen uw klacht alleen met uw toestemming afhandelen."),
]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(("field", "value", "english", "dutch"), COMPLAINT_ERRORS)
def test_complaint_field_errors(app, client, complaint_data, lang, field, value, english, dutch):
    data = {**complaint_data, field: value}
    if value == "":
        data.pop(field)
    response = client.post(f"/{lang}/complaint", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert (english if lang == "en" else dutch) in page
    assert 'id="error-summary"' in page
    # the error is part of the field's (or radio group's) description
    assert re.search(rf'aria-describedby="[^"]*\b{field}-error\b', page)
    if field != "message":
        assert complaint_data["message"] in page  # what was typed is kept
    assert count(app, Case) == 0 and count(app, OutboxMessage) == 0


def test_guest_needs_no_property_id(client, complaint_data):
    data = {**complaint_data, "requester_type": "guest", "property_id": ""}
    assert client.post("/en/complaint", data=data).status_code == 303


ISSUE_ERRORS = [
    ("location", "", "Choose the extranet or the Pulse app.", "Kies het extranet of de Pulse-app."),
    ("topic", "", "Choose a topic.", "Kies een onderwerp."),
    ("subtopic", "", "Choose a subtopic.", "Kies een subonderwerp."),
    ("subtopic", "payments/invoices", "Choose a subtopic of the topic you chose.",
     "Kies een subonderwerp dat bij het gekozen onderwerp hoort."),
    ("subtopic", "account/nonsense", "Choose a subtopic of the topic you chose.",
     "Kies een subonderwerp dat bij het gekozen onderwerp hoort."),
    ("message", "short", "Your text is too short: write at least 30 characters.",
     "Uw tekst is te kort: schrijf minstens 30 tekens."),
    ("message", "y" * 5001, "Your text is too long: use at most 5,000 characters (now 5,001).",
     "Uw tekst is te lang: gebruik maximaal 5.000 tekens (nu 5.001)."),
    ("topic", "weather", "Choose a topic.", "Kies een onderwerp."),
    ("location", "moon", "Choose the extranet or the Pulse app.",
     "Kies het extranet of de Pulse-app."),
    ("device", "d" * 101, "Use at most 100 characters.", "Gebruik maximaal 100 tekens."),
    ("property_id", "", "Enter your property ID.", "Vul uw accommodatienummer in."),
    ("property_id", "-1", "A property ID is a number of up to 12 digits.",
     "Een accommodatienummer bestaat uit maximaal 12 cijfers."),
    ("name", "", "Enter your name.", "Vul uw naam in."),
    ("email", "tom at example", "Enter an email address like", "Vul een e-mailadres in zoals"),
]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(("field", "value", "english", "dutch"), ISSUE_ERRORS)
def test_technical_issue_field_errors(app, client, issue_data, lang, field, value, english, dutch):
    data = {**issue_data, field: value}
    if value == "":
        data.pop(field)
    response = client.post(f"/{lang}/technical-issue", data=data)
    assert response.status_code == 400
    assert (english if lang == "en" else dutch) in response.get_data(as_text=True)
    assert count(app, Case) == 0


def test_technical_issue_without_javascript(app, client, issue_data):
    page = client.get("/en/technical-issue").get_data(as_text=True)
    # every topic's subtopics are in the list, grouped, for browsers without JavaScript
    assert '<optgroup label="Account">' in page and 'value="payments/invoices"' in page
    response = client.post("/en/technical-issue", data=issue_data)
    assert response.status_code == 303
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert (case.kind, case.topic, case.subtopic, case.ground, case.location) == (
            "technical_issue", "account", "login", "b", "extranet")


def test_technical_issue_prefilled_from_an_article(client):
    page = client.get("/nl/technical-issue?topic=account&subtopic=login").get_data(as_text=True)
    assert '<option selected value="account">' in page
    assert '<option selected value="account/login">' in page
    page = client.get("/nl/technical-issue?topic=<x>&subtopic=../..").get_data(as_text=True)
    assert "selected" not in page.split('name="topic"')[1].split("</select>")[0]


def test_attachments_are_stored_with_the_case(app, client, complaint_data):
    data = {**complaint_data, "attachments": [upload(PNG, "screen.png"), upload(PDF, "inv.pdf")]}
    assert client.post("/en/complaint", data=data,
                       content_type="multipart/form-data").status_code == 303
    with app.app_context():
        files = db.session.scalars(select(CaseAttachment).order_by(CaseAttachment.id)).all()
        assert [(f.filename, f.content_type, f.size) for f in files] == [
            ("screen.png", "image/png", len(PNG)), ("inv.pdf", "application/pdf", len(PDF))]
        assert all(re.fullmatch(r"[0-9a-f]{32}", f.stored_name) for f in files)


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"<html><script>alert(1)</script></html>", "invoice.pdf", "is not a PNG, JPEG or PDF file"),
    (b"<svg onload=alert(1)>", "photo.png", "is not a PNG, JPEG or PDF file"),
    (b"MZ\x90\x00", "screen.jpg", "is not a PNG, JPEG or PDF file"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * 110_000, "huge.png", "is larger than 0.1 MB"),
])
def test_bad_files_are_refused(make_app, complaint_data, content, name, message):
    app = make_app(MAX_UPLOAD_BYTES=100_000)
    client = app.test_client()
    data = {**complaint_data, "attachments": [upload(content, name)]}
    response = client.post("/en/complaint", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(app, Case) == 0 and count(app, CaseAttachment) == 0


def test_at_most_three_files(client, complaint_data):
    data = {**complaint_data, "attachments": [upload(PNG, f"{i}.png") for i in range(4)]}
    response = client.post("/nl/complaint", data=data, content_type="multipart/form-data")
    assert ("U kunt maximaal 3 bestanden bijvoegen. Niet bijgevoegd: 3.png."
            in response.get_data(as_text=True))


def test_oversized_request_is_413_in_the_page_language(make_app, complaint_data):
    client = make_app(MAX_CONTENT_LENGTH=1024).test_client()
    data = {**complaint_data, "attachments": [upload(PNG + b"0" * 4096, "big.png")]}
    response = client.post("/nl/complaint", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "Te groot" in response.get_data(as_text=True)


def test_attachment_is_downloaded_never_rendered(app, client, complaint_data):
    data = {**complaint_data, "attachments": [upload(PDF, "x.pdf")]}
    client.post("/en/complaint", data=data, content_type="multipart/form-data")
    with app.app_context():
        body = email_text(db.session.scalar(select(OutboxMessage)))
        stored = db.session.scalar(select(CaseAttachment.stored_name))
    case_page = client.get(re.search(r"http://localhost(/en/case/\S+)", body).group(1))
    reference = case_page.headers["Location"].rsplit("/", 1)[1]
    response = client.get(f"/en/cases/{reference}/files/{stored}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert app.test_client().get(f"/en/cases/{reference}/files/{stored}").status_code == 404


def test_submitting_twice_makes_one_case(app, client, complaint_data):
    first = client.post("/en/complaint", data=complaint_data)
    second = client.post("/en/complaint", data=complaint_data)
    assert first.headers["Location"] == second.headers["Location"]
    assert count(app, Case) == 1 and count(app, OutboxMessage) == 1
    other = client.post("/en/complaint", data={**complaint_data, "idempotency_key": "c" * 32})
    assert other.headers["Location"] != first.headers["Location"]
    assert count(app, Case) == 2


def test_expired_csrf_token_keeps_what_was_typed(make_app, complaint_data):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    client.get("/nl/complaint")
    response = client.post("/nl/complaint", data={**complaint_data, "csrf_token": "expired"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Voor uw veiligheid is dit formulier verlopen" in page
    assert complaint_data["message"] in page and 'value="Anna de Vries"' in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {**complaint_data, "csrf_token": token}
    assert client.post("/nl/complaint", data=data).status_code == 303


@pytest.mark.parametrize(("lang", "text", "title"), [
    ("en", "How we handle your personal data and how long we keep it",
     "Your personal data in a complaint or report"),
    ("nl", "Hoe we met uw persoonsgegevens omgaan en hoe lang we ze bewaren",
     "Uw persoonsgegevens in een klacht of melding"),
])
def test_the_consent_box_links_the_privacy_page(client, lang, text, title):
    html = client.get(f"/{lang}/complaint").get_data(as_text=True)
    box = re.search(r'<input[^>]*id="consent"[^>]*>', html).group(0)
    assert 'aria-describedby="consent-hint"' in box
    hint = re.search(r'<div id="consent-hint" class="hint choice-hint"><a href="([^"]+)">(.*?)</a>',
                     html)
    assert hint.group(2) == text
    assert hint.group(1) == f"/{lang}/complaints/privacy"
    page = client.get(hint.group(1))
    assert page.status_code == 200
    assert f"<h1 id=\"article-title\">{title}</h1>" in page.get_data(as_text=True)
    # with an error, the box names both its error and its hint
    sent = client.post(f"/{lang}/complaint", data={}).get_data(as_text=True)
    box = re.search(r'<input[^>]*id="consent"[^>]*>', sent).group(0)
    assert 'aria-describedby="consent-error consent-hint"' in box
