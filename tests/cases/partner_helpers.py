"""Helpers for the partner's case page tests: cases in any status, opened by a real link.

Cases are filed and moved through the service (``tests.cases.lifecycle_helpers``); a partner
is a test client that opened the case's latest emailed link, exactly as a browser does.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from helpcenter.cases import service as cases
from helpcenter.cases.models import Case, CaseEvent, CaseMessage
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from tests.cases.lifecycle_helpers import emails, new_case, new_staff, walk_to
from tests.mail.sent import token_of

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def file_case(app, status: str = "received", lang: str = "nl", country: str | None = "NL",
              message: str = "Mijn accommodatie staat onderaan in de zoekresultaten.",
              name: str = "Anna de Vries") -> str:
    """File a complaint (a technical issue without ``country``), walk it to ``status``;
    return its reference."""
    with app.test_request_context("/"):
        case = new_case(lang, country, name=name, message=message)
        if status != "received":
            walk_to(case, status, new_staff())
        reference = case.reference
        db.session.remove()
    return reference


def latest_token(app, reference: str) -> str:
    """The token of the case link in the newest email about the case, as the partner got it."""
    with app.app_context():
        case = cases.case_by_reference(reference)
        token = token_of(emails(case)[-1])
        db.session.remove()
    return token


def partner(app, reference: str, lang: str = "nl"):
    """A new browser that opened the case's latest link; it is now on the case page."""
    client = app.test_client()
    response = client.get(f"/{lang}/case/{latest_token(app, reference)}")
    assert response.status_code == 303, response.status_code
    return client


def as_staff(app, reference: str, action: str, *args) -> None:
    """Let a case handler do ``action`` (a service function name) to the case."""
    with app.test_request_context("/"):
        case = cases.case_by_reference(reference)
        staff = new_staff("Hanna Bakker")
        done = getattr(cases, action)(case, *args, staff, case.version)
        cases.send_emails(done)
        db.session.remove()


def case_row(app, reference: str) -> tuple:
    """(status, version, events, messages, emails) of the case: to prove what changed."""
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        counts = tuple(db.session.scalar(select(func.count()).select_from(model)
                                         .where(model.case_id == case.id))
                       for model in (CaseEvent, CaseMessage, OutboxMessage))
        row = (case.status, case.version, *counts)
        db.session.remove()
    return row


def version(app, reference: str) -> int:
    """The case's current version, as a fresh page would show it."""
    return case_row(app, reference)[1]


def csrf_token(client, path: str) -> str:
    """The CSRF token in the page at ``path`` (for apps with CSRF on)."""
    return CSRF_INPUT.search(client.get(path).get_data(as_text=True)).group(1)


def main_text(response) -> str:
    """The page's <main>, so the assertions do not match the header or the footer."""
    page = response.get_data(as_text=True)
    return page[page.index("<main"):page.index("</main>")]


def visible_text(html: str) -> str:
    """What a reader sees of ``html``: the text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
