"""The case forms as a partner meets them: required or optional, the order of the questions,
the property ID beneath "Partner", limits stated up front, and the confirmation page."""

import re

import pytest
from sqlalchemy import select

from helpcenter.cases.models import Case
from helpcenter.extensions import db
from tests.cases.partner_helpers import visible_text


def labels(page: str) -> dict[str, str]:
    """Each label or legend's visible text by the id of its field."""
    found = {f: visible_text(text) for f, text in re.findall(
        r'<label for="([\w-]+)">(.*?)</label>', page, re.S)}
    found |= {f: visible_text(text) for f, text in re.findall(
        r'<fieldset id="([\w-]+)"[^>]*>\s*<legend>(.*?)</legend>', page, re.S)}
    return found


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", {"requester_type": "I am a (required)", "name": "Your name (required)",
            "email": "Email address (required)", "phone": "Phone number (optional)",
            "property_id": "Property ID (required for partners)", "country": "Country (required)",
            "topic": "Topic (required)", "message": "Message (required)",
            "attachments": "Attachments (optional)",
            "consent": "I agree that my details are used to handle this complaint. (required)"}),
    ("nl", {"requester_type": "Ik ben (verplicht)", "name": "Uw naam (verplicht)",
            "phone": "Telefoonnummer (optioneel)",
            "property_id": "Accommodatienummer (verplicht voor partners)",
            "attachments": "Bijlagen (optioneel)"}),
])
def test_every_complaint_field_says_required_or_optional(client, lang, expected):
    found = labels(client.get(f"/{lang}/complaint").get_data(as_text=True))
    for field, text in expected.items():
        assert found[field] == text


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", {"name": "Your name (required)", "property_id": "Property ID (required)",
            "location": "Where did it happen? (required)", "subtopic": "Subtopic (required)",
            "message": "Description (required)", "device": "Device and app version (optional)",
            "attachments": "Screenshots (optional)"}),
    ("nl", {"property_id": "Accommodatienummer (verplicht)",
            "attachments": "Schermafbeeldingen (optioneel)"}),
])
def test_every_technical_issue_field_says_required_or_optional(client, lang, expected):
    found = labels(client.get(f"/{lang}/technical-issue").get_data(as_text=True))
    for field, text in expected.items():
        assert found[field] == text


def order_of(page: str, names: list[str]) -> list[int]:
    return [page.index(f'name="{name}"') for name in names]


@pytest.mark.parametrize(("path", "names"), [
    ("/en/complaint", ["requester_type", "name", "email", "phone", "country", "topic", "message",
                       "attachments", "consent"]),
    ("/en/technical-issue", ["name", "email", "property_id", "location", "topic", "subtopic",
                             "message", "device", "attachments"]),
])
def test_both_forms_ask_who_then_what_then_files_then_send(client, path, names):
    page = client.get(path).get_data(as_text=True)
    positions = order_of(page, names)
    assert positions == sorted(positions)
    assert page.index("<h2 class=\"form-section\">About you</h2>") < positions[0]
    assert positions[-1] < page.index('<button type="submit" class="submit"')


def test_property_id_sits_beneath_partner_and_is_revealed_by_it(client):
    page = client.get("/en/complaint").get_data(as_text=True)
    partner = re.search(r'<input[^>]*value="partner"[^>]*>', page).group(0)
    assert 'data-aria-controls="conditional-requester_type-0"' in partner
    reveal = page.index('<div class="conditional" id="conditional-requester_type-0">')
    assert page.index('value="partner"') < reveal < page.index('name="property_id"')
    assert page.index('name="property_id"') < page.index('value="guest"')


def test_a_partner_without_property_id_is_asked_in_the_same_round(client, complaint_data):
    data = {**complaint_data, "property_id": ""}
    response = client.post("/en/complaint", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#property_id">Enter your property ID.</a>' in page
    assert re.search(r'<input[^>]*checked[^>]*value="partner"', page)  # revealed again


def test_a_guest_property_id_is_ignored(app, client, complaint_data):
    data = {**complaint_data, "requester_type": "guest", "property_id": "not a number"}
    assert client.post("/en/complaint", data=data).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Case.property_id)) is None


@pytest.mark.parametrize(("lang", "minimum", "maximum", "remaining"), [
    ("en", "Write at least 30 characters.", "You can enter up to 5,000 characters.",
     'data-remaining-other="You have {count} characters remaining"'),
    ("nl", "Schrijf minstens 30 tekens.", "U kunt maximaal 5.000 tekens invullen.",
     'data-remaining-other="U heeft nog {count} tekens over"'),
])
def test_message_limits_are_stated_up_front(client, lang, minimum, maximum, remaining):
    page = client.get(f"/{lang}/complaint").get_data(as_text=True)
    hint = re.search(r'<p class="hint" id="message-hint">(.*?)</p>', page, re.S).group(1)
    assert hint.endswith(minimum)
    assert f'<p class="hint count-info" id="message-info">{maximum}</p>' in page
    assert remaining in page and 'data-max="5000"' in page
    assert 'data-group="."' in page if lang == "nl" else 'data-group=","' in page
    assert 'aria-describedby="message-hint message-info"' in page
    textarea = re.search(r"<textarea[^>]*>", page).group(0)
    assert "maxlength" not in textarea  # pasting too much is shown, never silently cut


def test_confirmation_links_to_the_case_page_at_once(app, client, complaint_data):
    location = client.post("/en/complaint", data=complaint_data).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    title = re.search(r"<title>(.*?) · ", page).group(1)
    heading = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert title == heading == "We have received your complaint"
    assert re.search(r"We answer within 2 working days: by \w+day, \w+ \d+, 20\d\d\.", page)
    reference = location.rsplit("/", 1)[1]
    assert f'href="/en/cases/{reference}">Go to your case page</a>' in page
    case_page = client.get(f"/en/cases/{reference}")
    assert case_page.status_code == 200 and "Sinds vorige week" in case_page.get_data(as_text=True)
    assert app.test_client().get(f"/en/cases/{reference}").status_code == 404


def test_confirmation_title_in_dutch_for_a_report(client, issue_data):
    location = client.post("/nl/technical-issue", data=issue_data).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "<title>We hebben uw melding ontvangen · " in page
    assert "<h1>We hebben uw melding ontvangen</h1>" in page
    assert "We antwoorden binnen 2 werkdagen: uiterlijk" in page


def test_a_resubmission_opens_the_case_only_within_the_hour(app, client, complaint_data):
    location = client.post("/en/complaint", data=complaint_data).headers["Location"]
    reference = location.rsplit("/", 1)[1]
    other = app.test_client()
    other.post("/en/complaint", data=complaint_data)  # same key, within the hour
    assert other.get(f"/en/cases/{reference}").status_code == 200  # the same form, resent
    with app.app_context():
        case = db.session.scalar(select(Case))
        case.created_at = case.created_at.replace(year=case.created_at.year - 1)
        db.session.commit()
    late = app.test_client()
    late.post("/en/complaint", data=complaint_data)
    assert late.get(f"/en/cases/{reference}").status_code == 404


def test_error_page_title_says_error(client, complaint_data):
    page = client.post("/nl/complaint", data={**complaint_data, "name": ""}).get_data(
        as_text=True)
    assert "<title>Fout: Een klacht indienen · " in page


@pytest.mark.parametrize("path", ["/en/cases/lost-link", "/nl/cases/lost-link"])
def test_lost_link_fields_are_marked(client, path):
    found = labels(client.get(path).get_data(as_text=True))
    assert found["reference"].endswith(("(required)", "(verplicht)"))
    assert found["email"].endswith(("(required)", "(verplicht)"))


def summary_links(page: str) -> list[str]:
    """The anchors the error summary links to, in its order."""
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    return re.findall(r'<a href="#([\w-]+)">', summary)


WRONG_COMPLAINT = {"requester_type": "partner", "name": "", "email": "anna@", "phone": "x",
                   "property_id": "abc", "country": "", "topic": "", "message": "short"}
WRONG_ISSUE = {"name": "", "email": "tom@", "property_id": "abc", "location": "",
               "topic": "", "subtopic": "", "message": "short", "device": "x" * 500}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("path", "data", "expected"), [
    ("complaint", WRONG_COMPLAINT, 8),
    ("technical-issue", WRONG_ISSUE, 8),
])
def test_the_error_summary_lists_errors_in_the_order_of_the_fields(client, lang, path, data,
                                                                  expected):
    """GOV.UK: the summary's links come in the order the fields sit on the page, so the
    property ID (beneath "Partner") comes before name, email and phone."""
    response = client.post(f"/{lang}/{path}", data={**data, "idempotency_key": "c" * 32})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    anchors = summary_links(page)
    assert len(anchors) == expected  # every field that is wrong is listed, once
    form = page[page.index("</div>", page.index('id="error-summary"')):]
    positions = [form.index(f'id="{anchor}"') for anchor in anchors]
    assert positions == sorted(positions), anchors
