"""Trusted hosts: another ``Host`` gets a 400 page; emailed links never carry the request's host.

Password-reset poisoning is the attack: a forged ``Host`` (or ``X-Forwarded-Host``) on a
request that sends an email would put the attacker's host into the link a partner clicks.
"""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import func, select

from helpcenter.config import trusted_hosts
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.security import external_url, site_origin

COMPLAINT = {
    "requester_type": "partner", "name": "Anna de Vries", "email": "anna@example.nl",
    "property_id": "123456", "country": "NL", "topic": "ranking",
    "message": "Sinds vorige week staat mijn accommodatie onderaan in de zoekresultaten.",
    "consent": "y", "idempotency_key": "d" * 32,
}
HOSTILE = "evil.example"


class RecordingHandler(logging.Handler):
    """Keeps the messages the app logs (the app's logger may not propagate to pytest)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the message."""
        self.messages.append(record.getMessage())


def mail_bodies(app) -> list[str]:
    """Every email body in the outbox."""
    with app.app_context():
        bodies = list(db.session.scalars(select(OutboxMessage.body)))
        db.session.remove()
    return bodies


def links_in(bodies: list[str]) -> set[str]:
    """The scheme and host of every link in the emails."""
    return {m for body in bodies for m in re.findall(r"(https?://[^/\s]+)/", body)}


@pytest.mark.parametrize(("config", "expected"), [
    ({}, ["localhost", "127.0.0.1"]),
    ({"SITE_ORIGIN": "https://help.example.com"},
     ["help.example.com", "localhost", "127.0.0.1"]),
    ({"SITE_ORIGIN": "https://help.example.com", "TRUSTED_HOSTS": "help.example.com, .example.org"},
     ["help.example.com", ".example.org"]),
    ({"SITE_ORIGIN": "https://help.example.com:8443", "TRUSTED_HOSTS": ["Backend.internal"]},
     ["help.example.com", "backend.internal"]),
])
def test_trusted_hosts_come_from_the_configuration(config, expected):
    assert trusted_hosts(config) == expected


@pytest.mark.parametrize("host", [HOSTILE, "help.example.com.evil.example", "localhost.evil",
                                  "help.example.com@evil.example", "[::1]"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_host_gets_a_400_page_before_any_view(make_app, host, method):
    app = make_app(SITE_ORIGIN="https://help.example.com")
    logged = RecordingHandler()
    app.logger.addHandler(logged)
    try:
        response = app.test_client().open("/en/complaint", method=method, data=COMPLAINT,
                                          headers={"Host": host})
    finally:
        app.logger.removeHandler(logged)
    assert response.status_code == 400
    assert "not served under the address" in response.text
    assert "Content-Security-Policy" in response.headers
    assert any("TRUSTED_HOSTS" in message for message in logged.messages)
    assert mail_bodies(app) == []


@pytest.mark.parametrize("host", ["help.example.com", "localhost", "127.0.0.1:8001"])
def test_trusted_hosts_are_served(make_app, host):
    app = make_app(SITE_ORIGIN="https://help.example.com")
    assert app.test_client().get("/en/", headers={"Host": host}).status_code == 200


def test_a_forged_forwarded_host_never_reaches_an_email(make_app):
    """Whatever the request says about its host, the links are on SITE_ORIGIN."""
    app = make_app(SITE_ORIGIN="https://help.example.com", PROXY_FIX_X_FOR=1)
    client = app.test_client()
    response = client.post("/en/complaint", data=COMPLAINT, headers={
        "Host": "localhost", "X-Forwarded-Host": HOSTILE, "Forwarded": f"host={HOSTILE}",
        "X-Forwarded-Proto": "http"})
    assert response.status_code == 303
    bodies = mail_bodies(app)
    assert bodies and links_in(bodies) == {"https://help.example.com"}
    assert all(HOSTILE not in body for body in bodies)


def test_lost_link_emails_are_built_on_site_origin(make_app):
    app = make_app(SITE_ORIGIN="https://help.example.com")
    client = app.test_client()
    client.post("/en/complaint", data=COMPLAINT)
    reference = re.search(r"HC-\w{4}-\w{4}", mail_bodies(app)[0]).group(0)
    client.post("/en/cases/lost-link", data={"reference": reference, "email": "anna@example.nl"},
                headers={"X-Forwarded-Host": HOSTILE})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
    assert links_in(mail_bodies(app)) == {"https://help.example.com"}


def test_without_site_origin_links_use_the_trusted_request_host(make_app):
    """``make run``: the host is one of this machine's names, or the request got a 400."""
    app = make_app()
    app.test_client().post("/en/complaint", data=COMPLAINT, headers={"Host": "127.0.0.1:5000"})
    assert links_in(mail_bodies(app)) == {"http://127.0.0.1:5000"}


def test_one_function_builds_every_link_that_leaves_the_site(make_app):
    app = make_app(SITE_ORIGIN="https://help.example.com/")
    with app.test_request_context("/", headers={"Host": "localhost"}):
        assert site_origin() == "https://help.example.com"
        assert external_url("articles.home", lang_code="nl") == "https://help.example.com/nl/"
    with app.app_context():
        assert site_origin() == "https://help.example.com"
    app.config["SITE_ORIGIN"] = None
    with app.app_context():
        assert site_origin() == "http://localhost:5000"  # the command line, without a request


def test_alternate_links_are_on_site_origin(make_app):
    app = make_app(SITE_ORIGIN="https://help.example.com")
    page = app.test_client().get("/en/", headers={"Host": "127.0.0.1"}).text
    assert '<link rel="alternate" hreflang="nl" href="https://help.example.com/nl/">' in page
    assert "127.0.0.1" not in page


def test_python_code_builds_no_external_url_from_the_request():
    """``url_for(..., _external=True)`` would use the request's host: only security.py may
    build absolute URLs, and it does so on SITE_ORIGIN."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [str(path.relative_to(root)) for folder in ("helpcenter", "templates")
                 for path in (root / folder).rglob("*") if path.suffix in (".py", ".html", ".txt")
                 and ("_external" in path.read_text() or "host_url" in path.read_text())
                 and path.name != "security.py"]
    assert offenders == []
