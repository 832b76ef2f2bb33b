"""How often an address may file: only accepted forms count, one limit for both forms, a 429
that keeps everything typed, and the limits still working with the Redis store down."""

from __future__ import annotations

import logging
import re
import socket

import pytest
from sqlalchemy import func, select

from helpcenter.cases.held_uploads import HeldUpload
from helpcenter.cases.models import Case
from helpcenter.extensions import db, limiter
from tests.cases.conftest import PNG, upload

PARTNER, OTHER = {"REMOTE_ADDR": "198.51.100.7"}, {"REMOTE_ADDR": "198.51.100.8"}
TRY_AGAIN = {"en": "You have sent several forms in a short time. We kept what you typed: you "
                   "can send it again from",
             "nl": "U hebt in korte tijd meerdere formulieren verstuurd. We hebben bewaard wat "
                   "u typte: u kunt het vanaf"}


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def key(number: int) -> str:
    return f"{number:032x}"


@pytest.fixture
def limited_app(make_app):
    """Two accepted forms a minute per address, ten attempts."""
    return make_app(RATELIMIT_ENABLED=True, CASES_RATE_LIMIT="2 per minute",
                    CASES_ATTEMPT_RATE_LIMIT="10 per minute")


def test_forms_sent_back_with_errors_do_not_use_up_the_limit(limited_app, complaint_data):
    client = limited_app.test_client()
    for number in range(6):  # more invalid attempts than the limit allows filings
        invalid = {**complaint_data, "message": "", "idempotency_key": key(number)}
        assert client.post("/en/complaint", data=invalid, environ_base=PARTNER).status_code == 400
    statuses = [client.post("/en/complaint", data={**complaint_data, "idempotency_key": key(n)},
                            environ_base=PARTNER).status_code for n in (10, 11, 12)]
    assert statuses == [303, 303, 429]
    assert count(limited_app, Case) == 2


def test_one_limit_for_both_forms_and_one_per_address(limited_app, complaint_data, issue_data):
    client = limited_app.test_client()
    assert client.post("/en/complaint", data=complaint_data,
                       environ_base=PARTNER).status_code == 303
    assert client.post("/en/technical-issue", data=issue_data,
                       environ_base=PARTNER).status_code == 303
    for path, data in (("/en/complaint", complaint_data), ("/en/technical-issue", issue_data)):
        again = {**data, "idempotency_key": key(99)}
        assert client.post(path, data=again, environ_base=PARTNER).status_code == 429
    other = limited_app.test_client()  # another address is not held back
    assert other.post("/en/technical-issue", data={**issue_data, "idempotency_key": key(7)},
                      environ_base=OTHER).status_code == 303
    assert client.get("/en/complaint", environ_base=PARTNER).status_code == 200  # reading is free
    assert count(limited_app, Case) == 3


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_429_shows_the_form_again_with_what_was_typed_and_when(limited_app, complaint_data,
                                                                   lang):
    client = limited_app.test_client()
    for number in (1, 2):
        client.post(f"/{lang}/complaint", data={**complaint_data, "idempotency_key": key(number)},
                    environ_base=PARTNER)
    data = {**complaint_data, "idempotency_key": key(3), "attachments": [upload(PNG, "a.png")]}
    response = client.post(f"/{lang}/complaint", data=data, environ_base=PARTNER,
                           content_type="multipart/form-data")
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    page = response.get_data(as_text=True)
    assert re.search(rf"{TRY_AGAIN[lang]} \d{{1,2}}:\d\d", page)
    assert complaint_data["message"] in page
    assert 'value="Anna de Vries"' in page and 'value="anna@example.nl"' in page
    assert 'selected value="ranking"' in page and f'value="{key(3)}"' in page
    assert 'name="attachments-held"' in page and "a.png" in page  # held for the next try
    assert count(limited_app, Case) == 2 and count(limited_app, HeldUpload) == 1


def test_every_attempt_counts_against_the_looser_limit(make_app, issue_data):
    app = make_app(RATELIMIT_ENABLED=True, CASES_RATE_LIMIT="5 per minute",
                   CASES_ATTEMPT_RATE_LIMIT="3 per minute")
    client = app.test_client()
    invalid = {**issue_data, "email": "not an address"}
    statuses = [client.post("/nl/technical-issue", data=invalid,
                            environ_base=PARTNER).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    page = client.post("/nl/technical-issue", data=invalid,
                       environ_base=PARTNER).get_data(as_text=True)
    assert TRY_AGAIN["nl"] in page and issue_data["message"] in page
    assert client.post("/nl/technical-issue", data=issue_data,
                       environ_base=OTHER).status_code == 303


def closed_port() -> int:
    """A local port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_with_the_rate_limit_store_down_forms_work_and_are_still_limited(
        make_app, complaint_data, issue_data, caplog, monkeypatch):
    monkeypatch.setattr(limiter, "_storage_dead", False)  # the shared limiter, as it was after
    app = make_app(RATELIMIT_ENABLED=True, CASES_RATE_LIMIT="2 per minute",
                   RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{closed_port()}/5")
    limiter_log = logging.getLogger("flask-limiter")  # the migrations replaced the root handlers
    monkeypatch.setattr(limiter_log, "handlers", [*limiter_log.handlers, caplog.handler])
    client = app.test_client()
    assert client.get("/en/complaint", environ_base=PARTNER).status_code == 200
    invalid = client.post("/en/complaint", data={**complaint_data, "consent": ""},
                          environ_base=PARTNER)
    assert invalid.status_code == 400 and complaint_data["message"] in invalid.get_data(
        as_text=True)
    filed = [client.post(path, data=data, environ_base=PARTNER).status_code
             for path, data in (("/en/complaint", complaint_data),
                                ("/en/technical-issue", issue_data))]
    assert filed == [303, 303]
    refused = client.post("/nl/complaint", data={**complaint_data, "idempotency_key": key(5)},
                          environ_base=PARTNER)
    assert refused.status_code == 429  # counted in memory meanwhile
    assert complaint_data["message"] in refused.get_data(as_text=True)
    warnings = [record.getMessage() for record in caplog.records
                if record.name == "flask-limiter" and record.levelno == logging.WARNING]
    assert any("falling back to in-memory storage" in message for message in warnings)
    assert count(app, Case) == 2
