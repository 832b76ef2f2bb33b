"""Fault test: the database down. Forms answer 503 with everything typed, content pages stay,
and service resumes by itself when the database is back (no restart).

On SQLite (the default) "down" is the database file locked by another connection
(``BEGIN EXCLUSIVE``) with a short busy timeout; on PostgreSQL (``HELPCENTER_TEST_DATABASE_URL``)
the app talks to the server through a TCP proxy that the test stops and starts again: the
server itself is never touched. A database that cannot be opened at all is tried on SQLite too.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import func, make_url, select

from helpcenter.cases.models import Case
from helpcenter.extensions import db
from helpcenter.feedback.models import ArticleVote
from helpcenter.mail.models import OutboxMessage
from tests.articles.conftest import content_dir  # noqa: F401
from tests.cases.conftest import PNG, complaint_data, issue_data  # noqa: F401
from tests.cases.partner_helpers import case_row, file_case, partner
from tests.conftest import TEST_DATABASE_URL, build_app
from tests.tcp_proxy import TcpProxy

RETRY_AFTER = 7
BUSY_TIMEOUT_S = 0.15  # give up on the lock after a moment
BOUND_S = 10  # each request during the outage answers well within this
ARTICLE = "/en/guides/first-steps"
NOTICE = {"en": "Our system is briefly unavailable, so nothing was sent or saved.",
          "nl": "Ons systeem is even niet beschikbaar, dus er is niets verstuurd of opgeslagen."}
FILES_AGAIN = {"en": "The files you chose could not be kept: choose them again",
               "nl": "De bestanden die u koos, konden we niet bewaren: kies ze opnieuw"}


@dataclass
class Outage:
    """An app whose database the test can take away (``down()``) and give back."""

    app: Flask
    down: Callable[[], contextlib.AbstractContextManager]
    everything_fails: bool  # PostgreSQL stopped; a locked SQLite file still serves reads


@pytest.fixture
def proxy() -> Iterator[TcpProxy | None]:
    """On PostgreSQL, a running proxy to the test server (stopped after the app's clean-up)."""
    if not TEST_DATABASE_URL:
        yield None
        return
    url = make_url(TEST_DATABASE_URL)
    tcp_proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    tcp_proxy.start()
    yield tcp_proxy
    tcp_proxy.stop()


@pytest.fixture
def outage(proxy, make_app, content_dir) -> Outage:  # noqa: F811
    """The app on the test database, with a way to make that database unavailable."""
    settings = {"CONTENT_DIR": str(content_dir), "DATABASE_RETRY_AFTER": RETRY_AFTER}
    if proxy is not None:
        proxied = make_url(TEST_DATABASE_URL).set(host="127.0.0.1", port=proxy.port)
        app = make_app(DATABASE_URL=proxied.render_as_string(hide_password=False), **settings)
        return Outage(app, functools.partial(stopped, proxy), True)
    app = make_app(SQLITE_BUSY_TIMEOUT=BUSY_TIMEOUT_S, **settings)
    with app.app_context():
        path = db.engine.url.database
    return Outage(app, functools.partial(locked, path), False)


@contextlib.contextmanager
def locked(path: str) -> Iterator[None]:
    """Hold the SQLite file's write lock from another connection."""
    locker = sqlite3.connect(path, isolation_level=None, timeout=5)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        locker.execute("ROLLBACK")
        locker.close()


@contextlib.contextmanager
def stopped(proxy: TcpProxy) -> Iterator[None]:
    """PostgreSQL out of reach: the proxy gone, its connections cut; then back."""
    proxy.stop()
    try:
        yield
    finally:
        proxy.start()


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def timed(request):
    """Send ``request`` and check it answered in bounded time."""
    started = time.monotonic()
    response = request()
    assert time.monotonic() - started < BOUND_S
    return response


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_complaint_while_the_database_is_down_is_kept_and_goes_through_after(
        outage, complaint_data, lang):  # noqa: F811
    app, client = outage.app, outage.app.test_client()
    data = {**complaint_data, "attachments": [(io.BytesIO(PNG), "listing.png")]}
    with outage.down():
        response = timed(lambda: client.post(f"/{lang}/complaint", data=data,
                                             content_type="multipart/form-data"))
        assert response.status_code == 503
        assert response.headers["Retry-After"] == str(RETRY_AFTER)
        page = response.get_data(as_text=True)
        assert NOTICE[lang] in page and FILES_AGAIN[lang] in page and "listing.png" in page
        assert complaint_data["message"] in page
        assert 'value="Anna de Vries"' in page and 'value="anna@example.nl"' in page
        assert 'value="123456"' in page and 'selected value="ranking"' in page
        assert f'value="{complaint_data["idempotency_key"]}"' in page  # the same form, resent
        # Content pages do not need the database.
        assert timed(lambda: client.get(ARTICLE)).status_code == 200
        assert timed(lambda: client.get("/en/search?q=steps")).status_code == 200
    assert count(app, Case) == 0 and count(app, OutboxMessage) == 0  # nothing half-saved
    again = client.post(f"/{lang}/complaint", data={
        **complaint_data, "attachments": [(io.BytesIO(PNG), "listing.png")]},
        content_type="multipart/form-data")
    assert again.status_code == 303  # back by itself: no restart
    assert count(app, Case) == 1 and count(app, OutboxMessage) == 1


def test_a_technical_issue_while_the_database_is_down(outage, issue_data):  # noqa: F811
    client = outage.app.test_client()
    with outage.down():
        response = timed(lambda: client.post("/nl/technical-issue", data=issue_data))
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert NOTICE["nl"] in page and issue_data["message"] in page
    assert 'selected value="account/login"' in page
    assert client.post("/nl/technical-issue", data=issue_data).status_code == 303


def test_a_vote_while_the_database_is_down_with_and_without_javascript(outage):
    app = outage.app
    first, second = app.test_client(), app.test_client()
    first.post("/en/feedback/first-steps", data={"answer": "no"})  # a visitor who said No
    with outage.down():
        fetched = timed(lambda: second.post("/nl/feedback/first-steps", data={"answer": "yes"},
                                            headers={"Accept": "application/json"}))
        detail = {"answer": "no", "reason": "unclear", "comment": "Stap 3 ontbreekt."}
        plain = timed(lambda: first.post("/en/feedback/first-steps",
                                         data={**detail, "comment": "Step 3 is missing."}))
    assert fetched.status_code == 503 and fetched.headers["Retry-After"] == str(RETRY_AFTER)
    assert fetched.json["error"] == ("We konden uw antwoord nu niet opslaan. Verstuur het over "
                                     "een minuut opnieuw.")
    assert fetched.json["error"] in fetched.json["html"]
    assert plain.status_code == 503 and plain.headers["Retry-After"] == str(RETRY_AFTER)
    page = plain.get_data(as_text=True)
    assert "We could not save your answer just now." in page
    assert "Step 3 is missing.</textarea>" in page
    assert re.search(r'<input checked[^>]* value="unclear"', page)
    assert count(app, ArticleVote) == 1
    assert second.post("/nl/feedback/first-steps", data={"answer": "yes"}).status_code == 303
    assert count(app, ArticleVote) == 2


def test_pages_that_need_the_database_answer_a_localized_503(outage):
    if not outage.everything_fails:
        pytest.skip("a locked SQLite file still serves reads; see the unopenable file below")
    client = outage.app.test_client()
    with outage.down():
        dutch = timed(lambda: client.get("/nl/complaint-handling-report"))
        english = timed(lambda: client.get("/en/complaint-handling-report"))
        home = timed(lambda: client.get("/en/"))
        article = timed(lambda: client.get(ARTICLE))
    assert home.status_code == 200 and article.status_code == 200  # content needs no database
    assert dutch.status_code == english.status_code == 503
    assert dutch.headers["Retry-After"] == str(RETRY_AFTER)
    assert "Tijdelijk niet beschikbaar" in dutch.get_data(as_text=True)
    assert "Temporarily unavailable" in english.get_data(as_text=True)
    assert client.get("/en/complaint-handling-report").status_code == 200


def test_an_sqlite_file_that_cannot_be_opened(tmp_path, content_dir, complaint_data):  # noqa: F811
    app = build_app(tmp_path, CONTENT_DIR=str(content_dir), DATABASE_RETRY_AFTER=RETRY_AFTER,
                    DATABASE_URL=f"sqlite:///{tmp_path}/missing/folder/db.sqlite3")
    client = app.test_client()
    report = client.get("/nl/complaint-handling-report")
    assert report.status_code == 503 and report.headers["Retry-After"] == str(RETRY_AFTER)
    assert "Tijdelijk niet beschikbaar" in report.get_data(as_text=True)
    held = "0123456789abcdef0123456789abcdef"
    response = client.post("/en/complaint", content_type="multipart/form-data", data={
        **complaint_data, "attachments": [(io.BytesIO(PNG), "new.png")],
        "attachments-held": f"{held}/earlier.pdf"})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert complaint_data["message"] in page and NOTICE["en"] in page
    # The file held from the earlier try stays listed (it is still held); the new one is named.
    assert re.search(rf'name="attachments-held" value="{held}/earlier.pdf"', page)
    assert FILES_AGAIN["en"] in page and "new.png" in page
    assert client.get(ARTICLE).status_code == 200
    assert client.get("/nl/").status_code == 200  # the home page without "most useful" votes


@pytest.mark.parametrize(("lang", "title"), [("en", "Send a message"),
                                             ("nl", "Stuur een bericht")])
def test_a_reply_on_the_case_page_while_the_database_is_down_is_kept(outage, lang, title):
    """The case page needs the database: the reply comes back on a page of its own, with the
    text, its form key (so sending it again adds one message) and a note about the files."""
    app = outage.app
    reference = file_case(app, status="waiting_for_partner", lang=lang)
    client = partner(app, reference, lang)
    before = case_row(app, reference)
    typed = "Hier is het nummer van de boeking: 4711. Groet, Anna"
    data = {"message": typed, "idempotency_key": "k" * 32,
            "attachments": [(io.BytesIO(PNG), "boeking.png")]}
    with outage.down():
        response = timed(lambda: client.post(f"/{lang}/cases/{reference}/reply", data=data,
                                             content_type="multipart/form-data"))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER)
    assert "no-store" in response.headers["Cache-Control"]
    page = response.get_data(as_text=True)
    assert NOTICE[lang] in page and FILES_AGAIN[lang] in page
    assert f"<h1>{title}</h1>" in page
    assert f"{typed}</textarea>" in page
    assert 'value="' + "k" * 32 + '"' in page
    assert f'action="/{lang}/cases/{reference}/reply"' in page
    assert case_row(app, reference) == before  # nothing half-saved
    sent = client.post(f"/{lang}/cases/{reference}/reply",
                       data={"message": typed, "idempotency_key": "k" * 32})
    assert sent.status_code == 303  # back by itself
    assert case_row(app, reference)[3] == before[3] + 1


@pytest.mark.parametrize(("action", "status", "field"), [
    ("disagree", "resolved", "reason"), ("withdraw", "in_progress", "reason")])
def test_disagreeing_or_withdrawing_while_the_database_is_down_keeps_the_reason(
        outage, action, status, field):
    app = outage.app
    reference = file_case(app, status=status)
    client = partner(app, reference)
    before = case_row(app, reference)
    reason = "De uitleg klopt niet met wat er gebeurde."
    with outage.down():
        response = timed(lambda: client.post(f"/nl/cases/{reference}/{action}", data={
            field: reason, "version": str(before[1])}))
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert NOTICE["nl"] in page and f"{reason}</textarea>" in page
    assert re.search(rf'<input[^>]*name="version"[^>]*value="{before[1]}"', page)
    assert case_row(app, reference) == before
