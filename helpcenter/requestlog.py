"""Request ids, and what our logs may say about a request.

Every response carries an ``X-Request-ID``: the one nginx sent (``$request_id``), or one made
here when there is none, so a partner's "it went wrong at 10:02" can be traced from nginx's
log through gunicorn's access log to the app's own log lines (``RequestIdLogFilter``).

Log lines carry no personal data and no secrets: access logs show the path only (no query
string, no client address), and the secret link of a case (``/<lang>/case/<token>``) is logged
as ``/<lang>/case/[redacted]`` (``redact_secrets``). A new URL that holds a secret must be
added to ``SECRET_PATHS``.
"""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-ID"
# What we accept from the proxy: nginx's 32 hex digits, a UUID, or a similar plain token.
# Anything else (too long, spaces, control characters) is replaced, so it cannot forge log lines.
VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}\Z")
# Paths whose last part is a secret that opens something: the case link of an email.
SECRET_PATHS = re.compile(r"(/[a-z]{2}/case/)[^/?#\s\"]+")
REDACTED = "[redacted]"


def init_app(app: Flask) -> None:
    """Echo the request id on every response, error pages included."""
    app.after_request(echo_request_id)


def current_request_id() -> str:
    """The id of the request being handled: the proxy's when valid, else a new one (cached)."""
    request_id = g.get("request_id")
    if request_id is None:
        sent = request.headers.get(HEADER, "")
        request_id = sent if VALID_ID.match(sent) else uuid.uuid4().hex
        g.request_id = request_id
    return request_id


def echo_request_id(response: Response) -> Response:
    """Put the request id on the response, where gunicorn's access log reads it."""
    response.headers[HEADER] = current_request_id()
    return response


def redact_secrets(text: str) -> str:
    """``text`` with the secret part of every secret link replaced by ``[redacted]``."""
    return SECRET_PATHS.sub(rf"\g<1>{REDACTED}", text)


class RequestIdLogFilter(logging.Filter):
    """Give every log record a ``request_id`` ("-" outside a request) and redact secret links.

    Used by ``deploy/gunicorn.conf.py`` on its log handlers, so the app's own lines (and
    Flask-Limiter's warnings) name the request they belong to.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the attribute and clean the message; never drops a record."""
        record.request_id = current_request_id() if has_request_context() else "-"
        message = record.getMessage()
        cleaned = redact_secrets(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
