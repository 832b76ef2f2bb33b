"""Helpers for the "My cases" tests: cases of several partners, and browsers that signed in.

A partner is a test client that asked for a sign-in link, found it in the email exactly as it
was (or will be) sent (``tests.mail.sent.email_text``) and pressed "Sign in", as a browser does.
"""

from __future__ import annotations

import itertools
import re
import time

from sqlalchemy import select

from helpcenter.cases import service as cases
from helpcenter.cases.uploads import Upload
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from tests.cases.conftest import PNG
from tests.cases.lifecycle_helpers import new_staff
from tests.mail.sent import email_text

SIGN_IN_TOKEN = re.compile(r"/(nl|en)/my-cases/sign-in/([\w-]{43})\b")
SERIAL = itertools.count(1)


def file_for(app, email: str, lang: str = "nl", kind: str = "complaint",
             message: str = "Mijn accommodatie staat onderaan.", with_file: bool = False) -> str:
    """File a case with ``email`` (a complaint or a technical issue); return its reference."""
    fields = {"idempotency_key": f"{next(SERIAL):032x}", "name": "Partner", "email": email,
              "message": message}
    if kind == "complaint":
        fields |= {"kind": "complaint", "topic": "ranking", "ground": "c", "country": "NL",
                   "requester_type": "partner"}
    else:
        fields |= {"kind": "technical_issue", "topic": "account", "subtopic": "login",
                   "ground": "b", "location": "extranet", "property_id": "123456"}
    uploads = [Upload("zoekresultaten.png", "image/png", PNG, f"{next(SERIAL):032x}")] \
        if with_file else []
    with app.test_request_context("/"):
        reference = cases.file_case(fields, uploads, lang).case.reference
        db.session.remove()
    return reference


def staff_does(app, reference: str, action: str, *args) -> None:
    """A case handler does ``action`` (a service function name) with ``args`` to the case."""
    with app.test_request_context("/"):
        case = cases.case_by_reference(reference)
        done = getattr(cases, action)(case, *args, new_staff("Hanna Bakker"), case.version)
        cases.send_emails(done)
        db.session.remove()


def newest_sign_in_email(app, recipient: str | None = None) -> OutboxMessage | None:
    """The newest sign-in email (to ``recipient``, if given), detached, or None."""
    with app.app_context():
        query = (select(OutboxMessage).where(OutboxMessage.case_id.is_(None))
                 .order_by(OutboxMessage.id.desc()))
        for message in db.session.scalars(query):
            text = email_text(message)
            if SIGN_IN_TOKEN.search(text) and recipient in (None, message.recipient):
                message.text = text
                db.session.expunge(message)
                db.session.remove()
                return message
        db.session.remove()
    return None


def sign_in_token(app, recipient: str | None = None) -> str:
    """The token of the newest sign-in link emailed (to ``recipient``).

    A served site (browser tests) stores it just after its response, so wait a moment for it.
    """
    deadline = time.monotonic() + 10
    while (email := newest_sign_in_email(app, recipient)) is None \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    return SIGN_IN_TOKEN.search(email.text).group(2)


def ask_for_link(client, email: str, lang: str = "nl", **kwargs):
    """Send the sign-in form and close the response, as a WSGI server does once it is sent:
    the link is looked up, stored and emailed only then."""
    response = client.post(f"/{lang}/my-cases/sign-in", data={"email": email}, **kwargs)
    response.close()
    return response


def signed_in(app, email: str, lang: str = "nl", client=None):
    """A browser (new unless ``client``) that signed in as the partner with ``email``."""
    client = client or app.test_client()
    assert ask_for_link(client, email, lang).status_code == 303
    token = sign_in_token(app, None)
    assert client.get(f"/{lang}/my-cases/sign-in/{token}").status_code == 200
    response = client.post(f"/{lang}/my-cases/sign-in/{token}")
    assert response.status_code == 303, response.status_code
    assert response.headers["Location"] == f"/{lang}/my-cases"
    return client
