"""The emails as partners got them, for tests: the database no longer holds their links.

Every email handed over is recorded from the ``email_sent`` signal (per app, by outbox id).
``email_text`` gives an outbox row's text with its link: as sent, or, for one still waiting,
as it will be sent (its sealed token put in, exactly as delivery does).
"""

from __future__ import annotations

import re
import weakref

from flask import Flask, current_app

from helpcenter.mail.models import OutboxMessage
from helpcenter.mail.outbox import email_sent, text_to_send

SENT: weakref.WeakKeyDictionary[Flask, dict[int, str]] = weakref.WeakKeyDictionary()
CASE_TOKEN = re.compile(r"/(?:nl|en)/case/([\w-]{43})\b")


@email_sent.connect
def record(app: Flask, outbox_id: int, message, **extra) -> None:
    """Keep the text of every email handed over, under its app and outbox id."""
    SENT.setdefault(app, {})[outbox_id] = message.get_content()


def sent_texts(app: Flask) -> dict[int, str]:
    """outbox id -> text of every email ``app`` has sent."""
    return dict(SENT.get(app, {}))


def email_text(message: OutboxMessage) -> str:
    """The text of ``message`` (an outbox row) with its link; needs the app context."""
    if message.sent_at is not None:
        return SENT[current_app._get_current_object()][message.id]
    return text_to_send(message)


def token_of(message: OutboxMessage) -> str:
    """The case link's token in ``message``; needs the app context."""
    return CASE_TOKEN.search(email_text(message)).group(1)
