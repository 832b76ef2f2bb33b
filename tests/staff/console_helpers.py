"""Helpers for the console tests: cases filed through the real service, outbox rows, forms.

    ref = file_case(app, lang="nl", name="Anna")            # a received complaint
    with_case(app, ref, lambda case, staff: cases.take_up(case, staff, case.version), anna.id)
    post_action(client, ref, "note", {"body": "Checked"})  # sends the page's version
"""

from __future__ import annotations

import itertools
import re

from sqlalchemy import select

from helpcenter.cases import service as cases
from helpcenter.cases.uploads import Upload
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.staff.models import StaffUser

SERIAL = itertools.count(1)
VERSION_INPUT = re.compile(r'name="(?P<action>[a-z-]+)-version" type="hidden" value="(\d+)"')
NASTY = ('<script>alert(1)</script>', '"><svg onload=alert(1)>', "{{7*7}}")


def file_case(app, lang: str = "nl", kind: str = "complaint", topic: str | None = None,
              name: str = "Anna de Vries", message: str = "Mijn accommodatie staat onderaan "
              "in de zoekresultaten sinds vorige week.", country: str | None = "NL",
              files: list[tuple[str, str, bytes]] = ()) -> str:
    """File a case through the case service (acknowledgement included); returns its reference.

    ``files`` are (filename, content type, data) of attachments sent with the filing.
    """
    complaint = kind == "complaint"
    fields = {"idempotency_key": f"console{next(SERIAL):025d}", "name": name,
              "email": "anna@example.nl", "message": message, "kind": kind,
              "topic": topic or ("ranking" if complaint else "account"),
              "subtopic": None if complaint else "login",
              "ground": "c" if complaint else "b",
              "country": country if complaint else None,
              "requester_type": "partner" if complaint else None,
              "property_id": "123456"}
    uploads = [Upload(filename, content_type, data, f"{next(SERIAL):08d}{filename}"[:40])
               for filename, content_type, data in files]
    with app.test_request_context("/"):
        reference = cases.file_case(fields, uploads, lang).case.reference
        db.session.remove()
    return reference


def with_case(app, reference: str, action, staff_id: int | None = None):
    """Run ``action(case)`` or ``action(case, staff)`` through the case service, to set a
    case up the way people would; returns nothing (the objects are gone afterwards)."""
    with app.test_request_context("/"):
        case = cases.case_by_reference(reference)
        if staff_id is None:
            action(case)
        else:
            action(case, db.session.get(StaffUser, staff_id))
        db.session.remove()


def case_row(app, reference: str):
    """The case as stored now (detached from any session; read its columns only)."""
    with app.app_context():
        case = cases.case_by_reference(reference)
        db.session.expunge(case)
        return case


def outbox(app, reference: str) -> list[OutboxMessage]:
    """The outbox rows of the case, oldest first (detached)."""
    with app.app_context():
        case = cases.case_by_reference(reference)
        rows = list(db.session.scalars(select(OutboxMessage)
                                       .where(OutboxMessage.case_id == case.id)
                                       .order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return rows


def page_version(page: str, action: str = "note") -> str:
    """The case version an action form on the case page carries."""
    for match in VERSION_INPUT.finditer(page):
        if match.group("action") == action:
            return match.group(2)
    raise AssertionError(f"no {action} form on the page")


def post_action(client, reference: str, action: str, fields: dict | None = None,
                lang: str = "en", version: str | None = None, csrf: str | None = None,
                follow: bool = False):
    """Send one action form the way the case page does (with the page's version)."""
    url = f"/{lang}/staff/cases/{reference}"
    if version is None:
        version = page_version(client.get(url).text, action)
    data = {f"{action}-{name}": value for name, value in (fields or {}).items()}
    data[f"{action}-version"] = version
    if csrf is not None:
        data[f"{action}-csrf_token"] = csrf
    return client.post(f"{url}/{action}", data=data, follow_redirects=follow)
