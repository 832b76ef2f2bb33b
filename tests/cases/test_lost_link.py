""""Lost your link?": the same answer for everyone, the email only on a match, rate limits."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from tests.cases.partner_helpers import (
    csrf_token,
    file_case,
    latest_token,
    main_text,
    partner,
    visible_text,
)


def outbox_count(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        db.session.remove()
    return count


@pytest.mark.parametrize(("lang", "texts"), [
    ("nl", ["<h1>Link kwijt?</h1>", "Zaaknummer (verplicht)", "E-mailadres (verplicht)",
            "Stuur mij een nieuwe link"]),
    ("en", ["<h1>Lost your link?</h1>", "Case reference (required)",
            "Email address (required)", "Email me a new link"]),
])
def test_the_form_in_both_languages(client, lang, texts):
    response = client.get(f"/{lang}/cases/lost-link")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = main_text(response)
    for text in texts:
        assert text in page or text in visible_text(page)


@pytest.mark.parametrize(("reference", "email"), [
    ("own", "someone.else@example.nl"),  # the right case, the wrong address
    ("HC-2222-3333", "anna@example.nl"),  # no such case
])
def test_the_same_answer_whether_or_not_they_match(app, reference, email):
    own = file_case(app)
    reference = own if reference == "own" else reference
    emails = outbox_count(app)
    miss = app.test_client().post("/nl/cases/lost-link",
                                  data={"reference": reference, "email": email})
    assert outbox_count(app) == emails  # no email for a mismatch
    hit = app.test_client().post("/nl/cases/lost-link",
                                 data={"reference": own, "email": "anna@example.nl"})
    assert outbox_count(app) == emails + 1
    assert miss.status_code == hit.status_code == 303
    assert miss.headers["Location"] == hit.headers["Location"] == "/nl/cases/lost-link/sent"
    assert miss.get_data() == hit.get_data()
    page = main_text(app.test_client().get("/nl/cases/lost-link/sent"))
    assert "<h1>Kijk in uw e-mail</h1>" in page
    assert "Als het zaaknummer en het e-mailadres bij dezelfde zaak horen" in page


def test_the_new_link_replaces_the_old_one(app):
    reference = file_case(app, lang="en")
    old_token = latest_token(app, reference)
    opened_before = partner(app, reference, "en")
    response = app.test_client().post("/en/cases/lost-link", data={
        "reference": reference.lower().replace("-", " "), "email": " ANNA@example.nl "})
    assert response.status_code == 303
    new_token = latest_token(app, reference)
    assert new_token != old_token
    with app.app_context():
        mail = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
        assert mail.subject == f"Your new link to case {reference}"
        assert mail.recipient == "anna@example.nl"
        db.session.remove()
    assert app.test_client().get(f"/en/case/{old_token}").status_code == 404
    assert opened_before.get(f"/en/cases/{reference}").status_code == 404
    client = app.test_client()
    assert client.get(f"/en/case/{new_token}").status_code == 303
    page = main_text(client.get(f"/en/cases/{reference}"))
    assert "A new link to this page was emailed to you." in page


@pytest.mark.parametrize(("data", "errors"), [
    ({"reference": "", "email": ""}, ["Vul uw zaaknummer in.", "Vul uw e-mailadres in."]),
    ({"reference": "12345", "email": "anna@"},
     ["Vul een zaaknummer in zoals HC-7K4M-Q2XP.",
      "Vul een e-mailadres in zoals naam@voorbeeld.nl."]),
])
def test_bad_input_is_explained_and_kept(app, data, errors):
    response = app.test_client().post("/nl/cases/lost-link", data=data)
    assert response.status_code == 400
    page = main_text(response)
    for error in errors:
        assert error in page
    for value in data.values():
        assert f'value="{value}"' in page
    assert outbox_count(app) == 0


def test_the_case_page_without_access_carries_the_form(app):
    reference = file_case(app)
    client = app.test_client()
    page = client.get(f"/en/cases/{reference}").get_data(as_text=True)
    assert re.search(rf'<input [^>]*name="reference"[^>]*value="{reference}"', page)
    response = client.post("/en/cases/lost-link",
                           data={"reference": reference, "email": "anna@example.nl"})
    assert response.headers["Location"] == "/en/cases/lost-link/sent"


def test_the_form_needs_the_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    reference = file_case(app)
    client = app.test_client()
    data = {"reference": reference, "email": "anna@example.nl"}
    response = client.post("/en/cases/lost-link", data=data)
    assert response.status_code == 400
    assert "The form expired. Please send it again." in response.get_data(as_text=True)
    assert f'value="{reference}"' in response.get_data(as_text=True)
    emails = outbox_count(app)
    token = csrf_token(client, "/en/cases/lost-link")
    assert client.post("/en/cases/lost-link", data={**data, "csrf_token": token}).status_code \
        == 303
    assert outbox_count(app) == emails + 1


def test_rate_limited_per_client_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, CASES_LOST_LINK_RATE_LIMIT="2 per minute")
    client = app.test_client()
    for number in range(2):
        data = {"reference": f"HC-2222-{number + 2}{number + 2}{number + 2}{number + 2}",
                "email": "x@example.nl"}
        assert client.post("/en/cases/lost-link", data=data).status_code == 303
    response = client.post("/en/cases/lost-link",
                           data={"reference": "HC-3333-4444", "email": "x@example.nl"})
    assert response.status_code == 429
    assert "Too many requests" in response.get_data(as_text=True)
    other = app.test_client()
    other_address = {"REMOTE_ADDR": "192.0.2.7"}
    assert other.post("/en/cases/lost-link", environ_base=other_address,
                      data={"reference": "HC-3333-4444", "email": "x@example.nl"}
                      ).status_code == 303
    assert client.get("/en/cases/lost-link").status_code == 200  # reading is not limited


def test_rate_limited_per_reference(make_app):
    app = make_app(RATELIMIT_ENABLED=True, CASES_LOST_LINK_RATE_LIMIT="2 per minute")
    reference = file_case(app)
    addresses = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
    statuses = []
    for number, address in enumerate(addresses):
        typed = reference if number != 1 else reference.lower().replace("-", "")
        response = app.test_client().post(
            "/en/cases/lost-link", environ_base={"REMOTE_ADDR": address},
            data={"reference": typed, "email": "anna@example.nl"})
        statuses.append(response.status_code)
    assert statuses == [303, 303, 429]  # however the reference is typed
    assert app.test_client().post(
        "/en/cases/lost-link", environ_base={"REMOTE_ADDR": "192.0.2.4"},
        data={"reference": "HC-5555-6666", "email": "anna@example.nl"}).status_code == 303
