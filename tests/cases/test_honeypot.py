"""The honeypot: a bot that fills in the hidden field gets exactly a filing's answer (the same
redirect and a confirmation page that looks the same), and nothing is stored or emailed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from helpcenter.cases.models import Case
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage

RECEIVED = re.compile(r"/(en|nl)/case-received/(HC-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})")


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def answer(client, path: str, data: dict) -> tuple[int, str, str]:
    """Status, Location and the confirmation page (its reference made neutral)."""
    response = client.post(path, data=data)
    location = response.headers.get("Location", "")
    match = RECEIVED.fullmatch(location)
    assert match, location
    page = client.get(location).get_data(as_text=True)
    return response.status_code, location.replace(match[2], "REF"), page.replace(match[2], "REF")


@pytest.mark.parametrize(("lang", "path", "form"), [
    ("en", "/en/complaint", "complaint_data"), ("nl", "/nl/complaint", "complaint_data"),
    ("en", "/en/technical-issue", "issue_data"), ("nl", "/nl/technical-issue", "issue_data")])
def test_the_honeypot_answers_as_a_filing_does(app, request, lang, path, form):
    data = request.getfixturevalue(form)
    person, bot = app.test_client(), app.test_client()
    filed = answer(person, path, data)
    assert count(app, Case) == 1 and count(app, OutboxMessage) == 1
    pretended = answer(bot, path, {**data, "idempotency_key": "f" * 32, "website": "spam.biz"})
    assert pretended == filed  # status, redirect and page, all but the reference
    assert filed[0] == 303 and data["email"] in filed[2]
    assert count(app, Case) == 1 and count(app, OutboxMessage) == 1  # nothing stored or sent


def test_a_pretended_confirmation_is_only_for_the_bot_that_sent_it(app, client, complaint_data):
    response = client.post("/en/complaint", data={**complaint_data, "website": "x"})
    location = response.headers["Location"]
    assert client.get(location).status_code == 200
    assert app.test_client().get(location).status_code == 404  # another browser
    assert count(app, Case) == 0
