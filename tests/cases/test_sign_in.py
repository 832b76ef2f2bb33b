"""Signing in to "My cases": one emailed link, once, for 15 minutes; the same answer for all."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import http.client
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event, func, select

from helpcenter.cases.partner_models import PartnerSignIn
from helpcenter.clock import frozen_at, utcnow
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.requestlog import redact_secrets
from tests.browser.conftest import serving
from tests.cases.partner_helpers import csrf_token, main_text, visible_text
from tests.cases.sign_in_helpers import (
    ask_for_link,
    file_for,
    newest_sign_in_email,
    sign_in_token,
    signed_in,
)

ANNA = "anna@example.nl"


def outbox_count(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        db.session.remove()
    return count


@pytest.mark.parametrize(("lang", "texts"), [
    ("nl", ["<h1>Inloggen bij Mijn zaken</h1>", "E-mailadres (verplicht)",
            "Stuur mij een inloglink"]),
    ("en", ["<h1>Sign in to My cases</h1>", "Email address (required)",
            "Email me a sign-in link"]),
])
def test_the_form_in_both_languages(client, lang, texts):
    response = client.get(f"/{lang}/my-cases/sign-in")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    page = main_text(response)
    for text in texts:
        assert text in page or text in visible_text(page)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_link_is_emailed_in_the_pages_language(make_app, lang):
    app = make_app(SITE_ORIGIN="https://help.example.com")
    file_for(app, ANNA, lang="nl")
    response = ask_for_link(app.test_client(), "  Anna@Example.NL ", lang)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{lang}/my-cases/sign-in/sent"
    mail = newest_sign_in_email(app)
    assert mail.recipient == ANNA  # the address as the case has it
    assert mail.lang == lang
    assert mail.subject == {"nl": "Uw inloglink voor Mijn zaken",
                            "en": "Your sign-in link for My cases"}[lang]
    token = sign_in_token(app)
    assert f"https://help.example.com/{lang}/my-cases/sign-in/{token}" in mail.text
    assert {"nl": "De link werkt één keer, 15 minuten lang.",
            "en": "The link works once, for 15 minutes."}[lang] in mail.text
    with app.app_context():  # only the token's hash is stored, and no column holds the token
        row = db.session.scalar(select(PartnerSignIn))
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert row.email == ANNA and row.lang == lang
        stored = db.session.get(OutboxMessage, mail.id)
        assert token not in stored.body and token not in (stored.sealed_secret or "")
        db.session.remove()


@pytest.mark.parametrize("unknown", ["nobody@example.nl", "anna@example.com"])
def test_the_same_answer_whether_or_not_the_address_has_cases(app, unknown):
    file_for(app, ANNA)
    before = outbox_count(app)
    miss = ask_for_link(app.test_client(), unknown)
    assert outbox_count(app) == before  # nobody is emailed about an address without cases
    hit = ask_for_link(app.test_client(), ANNA)
    assert outbox_count(app) == before + 1
    assert miss.status_code == hit.status_code == 303
    assert miss.headers["Location"] == hit.headers["Location"] == "/nl/my-cases/sign-in/sent"
    assert miss.get_data() == hit.get_data()
    assert set(miss.headers.keys()) == set(hit.headers.keys())
    page = main_text(app.test_client().get("/nl/my-cases/sign-in/sent"))
    assert "<h1>Kijk in uw e-mail</h1>" in page
    assert "Als wij zaken met dit e-mailadres hebben" in page


def test_bad_input_is_explained_and_kept(app):
    response = app.test_client().post("/nl/my-cases/sign-in", data={"email": "anna@"})
    assert response.status_code == 400
    page = main_text(response)
    assert "Vul een e-mailadres in zoals naam@voorbeeld.nl." in page
    assert 'value="anna@"' in page
    empty = main_text(app.test_client().post("/en/my-cases/sign-in", data={"email": ""}))
    assert "Enter your email address." in empty
    assert outbox_count(app) == 0


def test_opening_the_link_only_asks_to_confirm_so_a_mail_scanner_uses_nothing(app):
    file_for(app, ANNA)
    ask_for_link(app.test_client(), ANNA)
    token = sign_in_token(app)
    scanner = app.test_client()
    for _ in range(3):
        confirm = scanner.get(f"/nl/my-cases/sign-in/{token}")
        assert confirm.status_code == 200
        assert confirm.headers["Referrer-Policy"] == "no-referrer"
        assert "<button type=\"submit\" data-once>Inloggen</button>" in main_text(confirm)
    assert scanner.get("/nl/my-cases").status_code == 303  # looking signed nobody in
    partner = app.test_client()
    response = partner.post(f"/nl/my-cases/sign-in/{token}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/nl/my-cases"  # the token leaves the address bar
    assert partner.get("/nl/my-cases").status_code == 200


def test_a_link_works_once(app):
    file_for(app, ANNA, lang="en")
    ask_for_link(app.test_client(), ANNA, "en")
    token = sign_in_token(app)
    first = app.test_client()
    assert first.post(f"/en/my-cases/sign-in/{token}").status_code == 303
    second = app.test_client()
    for response in (second.post(f"/en/my-cases/sign-in/{token}"),
                     second.get(f"/en/my-cases/sign-in/{token}")):
        assert response.status_code == 404
        page = main_text(response)
        assert "<h1>This sign-in link no longer works</h1>" in page
        assert "This link has already been used. Each sign-in link works only once." in page
        assert 'action="/en/my-cases/sign-in"' in page  # a new link, right there
    assert second.get("/en/my-cases").status_code == 303
    assert first.get("/en/my-cases").status_code == 200


def test_of_two_uses_at_the_same_moment_one_signs_in(app):
    file_for(app, ANNA)
    ask_for_link(app.test_client(), ANNA)
    token = sign_in_token(app)
    moment = utcnow()
    with frozen_at(moment):
        statuses = sorted(app.test_client().post(f"/nl/my-cases/sign-in/{token}").status_code
                          for _ in range(2))
    assert statuses == [303, 404]


@pytest.mark.parametrize(("minutes_later", "works"), [(14, True), (15, False), (60, False)])
def test_a_link_expires_after_15_minutes(app, minutes_later, works):
    file_for(app, ANNA)
    asked = utcnow()
    with frozen_at(asked):
        ask_for_link(app.test_client(), ANNA)
    token = sign_in_token(app)
    client = app.test_client()
    with frozen_at(asked + dt.timedelta(minutes=minutes_later)):
        opened = client.get(f"/nl/my-cases/sign-in/{token}")
        used = client.post(f"/nl/my-cases/sign-in/{token}")
    assert opened.status_code == (200 if works else 404)
    assert used.status_code == (303 if works else 404)
    if not works:
        page = main_text(opened)
        assert "<h1>Deze inloglink werkt niet meer</h1>" in page
        assert "De link is verlopen of onvolledig. Een inloglink werkt één keer, 15 minuten " \
               "lang." in page


def test_the_lifetime_is_configurable(make_app):
    app = make_app(SIGN_IN_LINK_MINUTES=5)
    file_for(app, ANNA)
    asked = utcnow()
    with frozen_at(asked):
        ask_for_link(app.test_client(), ANNA)
    assert "De link werkt één keer, 5 minuten lang." in newest_sign_in_email(app).text
    token = sign_in_token(app)
    with frozen_at(asked + dt.timedelta(minutes=6)):
        assert app.test_client().post(f"/nl/my-cases/sign-in/{token}").status_code == 404


def test_an_unknown_link_gets_the_same_page(app):
    response = app.test_client().get("/en/my-cases/sign-in/" + "x" * 43)
    assert response.status_code == 404
    assert "<h1>This sign-in link no longer works</h1>" in main_text(response)
    assert app.test_client().post("/en/my-cases/sign-in/" + "y" * 300).status_code == 404


def test_the_session_ends_after_its_hours_and_at_sign_out_in_every_copy(app):
    file_for(app, ANNA)
    signed_at = utcnow()
    with frozen_at(signed_at):
        partner = signed_in(app, ANNA)
    copy = app.test_client()  # the same cookie in another place
    copy.set_cookie("session", partner.get_cookie("session").value)
    assert copy.get("/nl/my-cases").status_code == 200
    with frozen_at(signed_at + dt.timedelta(hours=7, minutes=59)):
        assert partner.get("/nl/my-cases").status_code == 200
    with frozen_at(signed_at + dt.timedelta(hours=8)):
        assert app.test_client().get("/nl/my-cases").status_code == 303
        late = app.test_client()
        late.set_cookie("session", partner.get_cookie("session").value)
        assert late.get("/nl/my-cases").status_code == 303
    response = partner.post("/nl/my-cases/sign-out")
    assert response.status_code == 303
    assert response.headers["Location"] == "/nl/my-cases/sign-in"
    assert "U bent uitgelogd bij Mijn zaken." in main_text(partner.get("/nl/my-cases/sign-in"))
    assert partner.get("/nl/my-cases").status_code == 303
    assert copy.get("/nl/my-cases").status_code == 303  # the copied cookie is ended too


def test_signing_in_renews_the_session(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    file_for(app, ANNA)
    client = app.test_client()
    before = csrf_token(client, "/nl/my-cases/sign-in")
    old_cookie = client.get_cookie("session").value
    client.post("/nl/my-cases/sign-in", data={"email": ANNA, "csrf_token": before}).close()
    token = sign_in_token(app)
    confirm_token = csrf_token(client, f"/nl/my-cases/sign-in/{token}")
    response = client.post(f"/nl/my-cases/sign-in/{token}", data={"csrf_token": confirm_token})
    assert response.status_code == 303
    after = csrf_token(client, "/nl/my-cases")
    assert after != before and after != confirm_token
    assert client.get_cookie("session").value != old_cookie
    stale = app.test_client()  # the cookie from before signing in grants nothing
    stale.set_cookie("session", old_cookie)
    assert stale.get("/nl/my-cases").status_code == 303


def test_an_expired_form_keeps_the_address(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/en/my-cases/sign-in", data={"email": ANNA})
    assert response.status_code == 400
    page = main_text(response)
    assert "The form expired. Please send it again." in page
    assert f'value="{ANNA}"' in page
    assert outbox_count(app) == 0


@pytest.mark.parametrize("path", ["/nl/my-cases/sign-in", "/nl/my-cases/sign-in/{token}",
                                  "/nl/my-cases/sign-out"])
def test_cross_origin_posts_are_refused(app, path):
    file_for(app, ANNA)
    ask_for_link(app.test_client(), ANNA)
    token = sign_in_token(app)
    partner = signed_in(app, ANNA)
    emails = outbox_count(app)
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        response = partner.post(path.format(token=token), data={"email": ANNA},
                                headers=headers)
        assert response.status_code == 403
    assert outbox_count(app) == emails
    assert partner.get("/nl/my-cases").status_code == 200  # not signed out
    assert app.test_client().post(f"/nl/my-cases/sign-in/{token}").status_code == 303


def test_rate_limited_per_client_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, PARTNER_SIGN_IN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    for number in range(2):
        assert ask_for_link(client, f"x{number}@example.nl").status_code == 303
    response = ask_for_link(client, "x9@example.nl")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "We hebben nog geen nieuwe link gestuurd" in page
    assert 'value="x9@example.nl"' in page  # what was typed is kept
    assert "Retry-After" in response.headers
    other = app.test_client()
    assert ask_for_link(other, "x9@example.nl",
                        environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 303
    assert client.get("/nl/my-cases/sign-in").status_code == 200  # reading is not limited


@pytest.mark.parametrize(("lang", "notice"), [
    ("nl", "We hebben nog geen nieuwe link gestuurd"),
    ("en", "We have not sent a new link yet")])
def test_mistyped_addresses_do_not_use_up_the_tries(make_app, lang, notice):
    app = make_app(RATELIMIT_ENABLED=True, PARTNER_SIGN_IN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    for typed in ("", "not-an-email", "anna@", "anna@example"):
        response = client.post(f"/{lang}/my-cases/sign-in", data={"email": typed})
        assert response.status_code == 400
    for number in range(2):
        response = ask_for_link(client, f"a{number}@x.nl", lang)
        assert response.status_code == 303
    response = client.post(f"/{lang}/my-cases/sign-in", data={"email": "a9@x.nl"})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert notice in page and 'value="a9@x.nl"' in page


def test_rate_limited_per_email_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, PARTNER_SIGN_IN_RATE_LIMIT="2 per minute")
    file_for(app, ANNA)
    emails = outbox_count(app)
    statuses = []
    for number, typed in enumerate([ANNA, "ANNA@example.nl ", ANNA]):
        response = ask_for_link(app.test_client(), typed,
                                environ_base={"REMOTE_ADDR": f"192.0.2.{number + 1}"})
        statuses.append(response.status_code)
    assert statuses == [303, 303, 429]  # however the address is typed
    assert outbox_count(app) == emails + 2
    assert ask_for_link(app.test_client(), "bob@example.nl",
                        environ_base={"REMOTE_ADDR": "192.0.2.9"}).status_code == 303


def test_the_sign_in_link_is_redacted_in_the_logs(app, caplog):
    file_for(app, ANNA)
    ask_for_link(app.test_client(), ANNA)
    token = sign_in_token(app)
    line = f'"GET /nl/my-cases/sign-in/{token} HTTP/1.1" 200'
    assert redact_secrets(line) == '"GET /nl/my-cases/sign-in/[redacted] HTTP/1.1" 200'
    with caplog.at_level(logging.DEBUG):
        client = app.test_client()
        client.get(f"/nl/my-cases/sign-in/{token}")
        client.post(f"/nl/my-cases/sign-in/{token}")
        app.logger.error("Failed at /nl/my-cases/sign-in/%s", token)
    assert token not in caplog.text
    assert "/nl/my-cases/sign-in/[redacted]" in caplog.text


def test_one_link_pressed_in_many_browsers_at_once_signs_in_one(app):
    file_for(app, ANNA)
    ask_for_link(app.test_client(), ANNA)
    token = sign_in_token(app)
    start = threading.Barrier(8)

    def press(base: str) -> int:
        connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
        start.wait()
        connection.request("POST", f"/nl/my-cases/sign-in/{token}", body=b"",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        status = connection.getresponse().status
        connection.close()
        return status

    with serving(app) as base, ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(press, [base] * 8))
    assert statuses == [303] + [404] * 7
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PartnerSignIn)
                                 .where(PartnerSignIn.used_at.is_not(None))) == 1
        db.session.remove()


@contextlib.contextmanager
def statements_run(app):
    """The SQL statements the app's database runs inside the block."""
    run: list[str] = []

    def record(conn, cursor, statement, *args):
        run.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield run
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_response_does_the_same_work_for_an_address_with_or_without_cases(app, lang):
    """The lookup, the sign-in row and the email wait until the response has gone out, so
    its timing cannot tell whether the address has cases (0.167 s against 0.006 s before)."""
    file_for(app, ANNA)
    before = outbox_count(app)  # the acknowledgement of the filing
    answers = {}
    for email in ("nobody@example.nl", ANNA):
        with statements_run(app) as run:  # until the response is produced, not yet closed
            response = app.test_client().post(f"/{lang}/my-cases/sign-in",
                                              data={"email": email})
        answers[email] = (response, run)
    (miss, miss_run), (hit, hit_run) = answers.values()
    assert miss.status_code == hit.status_code == 303
    assert len(miss_run) == len(hit_run)
    touched = " ".join(miss_run + hit_run).lower()
    for table in ("cases", "partner_sign_ins", "outbox"):
        assert table not in touched
    assert newest_sign_in_email(app) is None  # nothing stored or sent yet
    miss.close()  # the server closes the response once it is sent: only now the work runs
    assert outbox_count(app) == before
    hit.close()
    mail = newest_sign_in_email(app, ANNA)
    assert mail.lang == lang and mail.sent_at is not None  # delivered, not only queued
    assert mail.subject == {"nl": "Uw inloglink voor Mijn zaken",
                            "en": "Your sign-in link for My cases"}[lang]
    assert f"/{lang}/my-cases/sign-in/{sign_in_token(app, ANNA)}" in mail.text
    assert signed_in(app, ANNA, lang).get(f"/{lang}/my-cases").status_code == 200


def test_the_link_is_sent_even_when_the_server_never_closes_the_response(app, monkeypatch):
    """Werkzeug's server skips the close when the browser drops the connection first: the
    work then runs from a thread after a short wait, once."""
    monkeypatch.setattr("helpcenter.cases.lost_link.CLOSE_WAIT_SECONDS", 0.1)
    file_for(app, ANNA)
    before = outbox_count(app)
    response = app.test_client().post("/en/my-cases/sign-in", data={"email": ANNA})
    assert response.status_code == 303
    assert sign_in_token(app, ANNA)  # waits a moment for it
    assert newest_sign_in_email(app, ANNA).lang == "en"
    response.close()  # a late close does not send a second link
    assert outbox_count(app) == before + 1
