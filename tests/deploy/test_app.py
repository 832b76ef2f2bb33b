"""What the app does for a deployment: readiness, request ids, proxies, Redis going away.

These run in-process with Flask's test client; only one needs a Redis server (skipped without).
"""

from __future__ import annotations

import logging
import re
import socket

import pytest
from flask import request

from deploy.services import redis_answers
from helpcenter.extensions import limiter
from helpcenter.requestlog import RequestIdLogFilter, redact_secrets
from tests.articles.conftest import content_app, content_dir  # noqa: F401
from tests.conftest import build_app
from tests.deploy.conftest import REDIS_URL


def closed_port() -> int:
    """A local port where nothing listens (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_readyz_answers_200_with_the_database_and_no_redis_configured(client):
    reply = client.get("/readyz")
    assert reply.status_code == 200
    assert reply.json == {"status": "ok", "database": "ok", "redis": "not configured"}
    assert reply.headers["Cache-Control"] == "no-store"


def test_readyz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = build_app(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/missing/folder/db.sqlite3")
    reply = app.test_client().get("/readyz")
    assert reply.status_code == 503
    assert reply.json["database"] == "unreachable"
    assert reply.json["status"] == "unavailable"


def test_readyz_answers_503_when_redis_is_unreachable(make_app):
    app = make_app(RATELIMIT_ENABLED=True,
                   RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{closed_port()}/5")
    reply = app.test_client().get("/readyz")
    assert reply.status_code == 503
    assert reply.json == {"status": "unavailable", "database": "ok", "redis": "unreachable"}


def test_readyz_answers_200_when_redis_answers(make_app):
    if not redis_answers(REDIS_URL):
        pytest.skip(f"no Redis answers at {REDIS_URL} (HELPCENTER_DEPLOY_TEST_REDIS_URL)")
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=REDIS_URL)
    assert app.test_client().get("/readyz").json["redis"] == "ok"


def test_with_redis_down_pages_and_posts_work_and_limits_fall_back_to_memory(
        make_app, content_dir, caplog, monkeypatch):  # noqa: F811
    monkeypatch.setattr(limiter, "_storage_dead", False)  # the shared limiter, as it was after
    app = make_app(CONTENT_DIR=str(content_dir), RATELIMIT_ENABLED=True,
                   RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{closed_port()}/5",
                   FEEDBACK_RATE_LIMIT="2 per minute")
    first, second = app.test_client(), app.test_client()
    # The migrations' logging set-up replaced the root handlers; listen on the logger itself.
    limiter_log = logging.getLogger("flask-limiter")
    monkeypatch.setattr(limiter_log, "handlers", [*limiter_log.handlers, caplog.handler])
    assert first.get("/en/guides/first-steps").status_code == 200
    votes = [client.post("/en/feedback/first-steps", data={"answer": "yes"},
                         headers={"Sec-Fetch-Site": "same-origin"})
             for client in (first, second, first)]
    assert [vote.status_code for vote in votes] == [303, 303, 429]  # still limited, in memory
    warnings = [r for r in caplog.records if r.name == "flask-limiter"
                and r.levelno == logging.WARNING]
    assert warnings and "falling back to in-memory storage" in warnings[0].getMessage()
    assert second.get("/en/guides/first-steps").status_code == 200


@pytest.mark.parametrize(("sent", "kept"), [
    ("0f8a1c2b3d4e5f60718293a4b5c6d7e8", True),  # nginx's $request_id
    ("3b241101-e2bb-4255-8caf-4136c566a962", True),
    ("short", False),
    ("x" * 65, False),
    ("id with spaces", False),
    ('rid" forged="1', False),
])
def test_the_request_id_is_echoed_when_valid_and_made_here_otherwise(client, sent, kept):
    echoed = client.get("/en/", headers={"X-Request-ID": sent}).headers["X-Request-ID"]
    assert (echoed == sent) is kept
    if not kept:
        assert re.fullmatch(r"[0-9a-f]{32}", echoed)


def test_every_response_has_a_request_id_error_pages_included(client):
    ids = {client.get(path).headers.get("X-Request-ID") for path in ("/en/", "/en/nothing-here")}
    refused = client.post("/en/saved", headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403
    ids.add(refused.headers.get("X-Request-ID"))
    assert None not in ids and len(ids) == 3


def test_log_records_name_the_request_and_never_a_case_secret(app):
    record = logging.LogRecord("helpcenter", logging.INFO, __file__, 1,
                               "opened %s", ("/nl/case/s3cr3t-t0ken_value",), None)
    with app.test_request_context("/nl/case/s3cr3t-t0ken_value",
                                  headers={"X-Request-ID": "abcdef0123456789"}):
        assert RequestIdLogFilter().filter(record)
    assert record.request_id == "abcdef0123456789"
    assert record.getMessage() == "opened /nl/case/[redacted]"
    outside = logging.LogRecord("gunicorn.error", logging.INFO, __file__, 1, "hi", None, None)
    RequestIdLogFilter().filter(outside)
    assert outside.request_id == "-"


@pytest.mark.parametrize(("text", "expected"), [
    ("GET /en/case/AbC_12-x HTTP/1.1", "GET /en/case/[redacted] HTTP/1.1"),
    ("/nl/case/token?x=1", "/nl/case/[redacted]?x=1"),
    ("/en/cases/HC-2026-0001", "/en/cases/HC-2026-0001"),  # a reference is not a secret
    ("/en/complaint", "/en/complaint"),
])
def test_secret_links_are_redacted(text, expected):
    assert redact_secrets(text) == expected


def probe_app(make_app, **settings):
    """An app with a view that shows what it believes about the client."""
    app = make_app(**settings)
    app.add_url_rule("/_probe", "probe", lambda: {
        "addr": request.remote_addr, "scheme": request.scheme, "host": request.host})
    return app


FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "localhost"}


def test_behind_one_proxy_the_client_scheme_and_host_come_from_its_headers(make_app):
    app = probe_app(make_app, PROXY_FIX_X_FOR=1, PROXY_FIX_X_PROTO=1, PROXY_FIX_X_HOST=1)
    seen = app.test_client().get("/_probe", headers=FORWARDED).json
    assert seen == {"addr": "203.0.113.9", "scheme": "https", "host": "localhost"}


def test_without_a_proxy_configured_forwarded_headers_are_ignored(make_app):
    app = probe_app(make_app)
    seen = app.test_client().get("/_probe", headers=FORWARDED).json
    assert seen == {"addr": "127.0.0.1", "scheme": "http", "host": "localhost"}
