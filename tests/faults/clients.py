"""Partners sending complaints, replies and votes, and what the server acknowledged.

A sent request whose connection breaks (its worker was killed) is not acknowledged. A
complaint or a vote is then sent again as a browser would resend it: the same form, with the
same idempotency key and token, or the same answer; the server must not make a second case
or vote. A reply is not sent again: it is only counted, and may exist at most once.
"""

from __future__ import annotations

import http.client
import re
import time
import uuid
from dataclasses import dataclass, field

from tests.deploy.client import Visitor, hidden_value

RETRY_FOR_S = 45.0  # a killed worker is replaced within seconds, even on a busy machine
BROKEN = (OSError, http.client.HTTPException)  # reset, refused, timed out, cut short


class Refused(AssertionError):
    """The server answered a valid request with something other than its acknowledgement."""


@dataclass
class Ledger:
    """What one partner sent and what the server acknowledged."""

    references: dict[str, str] = field(default_factory=dict)  # message -> reference
    replies: dict[str, str] = field(default_factory=dict)  # acknowledged text -> reference
    unacknowledged_replies: list[str] = field(default_factory=list)
    votes: list[str] = field(default_factory=list)  # comments of acknowledged votes
    broken: int = 0  # requests cut off by a killed worker


def page_text(html: str) -> str:
    """The words of a page's main part, for a failure message."""
    main = html.partition('id="main"')[2] or html
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())[:1000]


def acknowledged(reply, what: str) -> bool:
    """True for the 303 that acknowledges a submission; anything else but a break fails."""
    if reply.status == 303:
        return True
    raise Refused(f"{what}: {reply.status} instead of 303: {page_text(reply.body)}")


def answered(send, ledger: Ledger):
    """The answer to ``send()``, sent again while connections are cut off (each counted)."""
    deadline = time.monotonic() + RETRY_FOR_S
    while True:
        try:
            return send()
        except BROKEN:
            ledger.broken += 1
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def sent_until_acknowledged(send, ledger: Ledger, what: str):
    """Send (again) until the server answers; that answer must be the acknowledgement."""
    reply = answered(send, ledger)
    acknowledged(reply, what)
    return reply


def fetch(visitor: Visitor, port: int, path: str, ledger: Ledger):
    """GET a page (again after a broken connection); it must answer 200."""
    reply = answered(lambda: visitor.get(port, path), ledger)
    if reply.status != 200:
        raise Refused(f"GET {path}: {reply.status}: {page_text(reply.body)}")
    return reply


def complaint_form(page: str, message: str) -> dict[str, str]:
    """A filled-in complaint form with the page's token and a new idempotency key."""
    return {
        "csrf_token": hidden_value(page, "csrf_token"), "requester_type": "partner",
        "name": "Anna de Vries", "email": "anna@example.nl", "property_id": "123456",
        "country": "NL", "topic": "ranking", "message": message, "consent": "y",
        "website": "", "idempotency_key": uuid.uuid4().hex,
    }


def file_complaint(visitor: Visitor, port: int, lang: str, message: str,
                   ledger: Ledger) -> str:
    """Fill in and send the complaint form; returns the reference the confirmation names."""
    page = fetch(visitor, port, f"/{lang}/complaint", ledger)
    form = complaint_form(page.body, message)
    reply = sent_until_acknowledged(lambda: visitor.post(port, f"/{lang}/complaint", form),
                                    ledger, "complaint")
    reference = reply.header("Location").rsplit("/", 1)[-1]
    ledger.references[message] = reference
    return reference


def send_reply(visitor: Visitor, port: int, lang: str, reference: str, text: str,
               ledger: Ledger) -> None:
    """Reply on the case page this browser filed; sent once, whatever happens."""
    page = fetch(visitor, port, f"/{lang}/cases/{reference}", ledger)
    form = {"csrf_token": hidden_value(page.body, "csrf_token"), "message": text,
            "idempotency_key": uuid.uuid4().hex}
    try:
        reply = visitor.post(port, f"/{lang}/cases/{reference}/reply", form)
    except BROKEN:
        ledger.broken += 1
        ledger.unacknowledged_replies.append(text)
        return
    acknowledged(reply, "reply")
    ledger.replies[text] = reference


def vote(visitor: Visitor, port: int, lang: str, slug: str, comment: str,
         ledger: Ledger) -> None:
    """Answer "No" with a comment on an article; the same answer again after a break.

    The form carries the random key the article page's script adds (one per page view): a
    visitor whose first vote's answer (and so its cookie) was lost is still one visitor.
    """
    form = {"answer": "no", "reason": "unclear", "comment": comment,
            "visitor_key": uuid.uuid4().hex}
    sent_until_acknowledged(lambda: visitor.post(port, f"/{lang}/feedback/{slug}", form),
                            ledger, "vote")
    ledger.votes.append(comment)
