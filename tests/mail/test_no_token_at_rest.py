"""No usable case token rests in the database: every text column of every table is scanned."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import MetaData, String, select

from helpcenter.cases import service as cases
from helpcenter.cases.models import CaseMessage
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from tests.cases.lifecycle_helpers import emails, new_case, new_staff
from tests.mail.sent import CASE_TOKEN, email_text, sent_texts

WORD = re.compile(r"[A-Za-z0-9_-]{20,}")  # anything that could be a token (ours are 43 long)


def stored_texts(app) -> list[str]:
    """The value of every text column of every row of every table in the database."""
    values = []
    with app.app_context():
        tables = MetaData()
        tables.reflect(bind=db.engine)  # what is there, not only what the models name
        assert len(tables.tables) >= 10
        for table in tables.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String)]  # Text too
            if columns:
                for row in db.session.execute(select(*columns)):
                    values.extend(value for value in row if value)
        db.session.remove()
    return values


def tokens_that_open_a_case(app) -> set[str]:
    """Every word in the database that, used as a case link, opens a case."""
    words = {word for value in stored_texts(app) for word in WORD.findall(value)}
    with app.app_context():
        found = {word for word in words if cases.open_link(word) is not None}
        db.session.remove()
    return found


def journey(app, lang: str, complaint_data: dict) -> str:
    """Filing on the form, a staff reply, a lost link, and one email still waiting."""
    client = app.test_client()
    filed = client.post(f"/{lang}/complaint", data=complaint_data)
    assert filed.status_code == 303
    reference = filed.headers["Location"].rsplit("/", 1)[1]
    with app.test_request_context("/"):
        case = cases.case_by_reference(reference)
        done = cases.post_update(case, "We kijken ernaar.", new_staff(), case.version)
        cases.send_emails(done)
        db.session.remove()
    with client.post(f"/{lang}/cases/lost-link", data={
            "reference": reference, "email": complaint_data["email"]}) as lost:
        assert lost.status_code == 303
    # closing the response sends its email, as the server does once the answer has gone out
    with app.test_request_context("/"):
        new_case(lang)  # its acknowledgement is queued, not sent: the token waits sealed
        db.session.remove()
    return reference


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_token_that_opens_a_case_rests_in_any_text_column(app, complaint_data, lang):
    reference = journey(app, lang, complaint_data)
    with app.app_context():
        case = cases.case_by_reference(reference)
        sent = [CASE_TOKEN.search(sent_texts(app)[m.id]).group(1) for m in emails(case)]
        waiting = db.session.scalar(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
        waiting_token = CASE_TOKEN.search(email_text(waiting)).group(1)
        assert waiting.sealed_secret and waiting_token not in waiting.sealed_secret
        assert [m.sealed_secret for m in emails(case)] == [None, None, None]  # wiped on sending
        assert f"/{lang}/case/~secret~\n" in emails(case)[0].body
        db.session.remove()
    assert len(set(sent)) == 3  # acknowledgement, staff reply, new link
    # The newest link and the waiting one work, so a token in the database would be usable.
    assert app.test_client().get(f"/{lang}/case/{sent[-1]}").status_code == 303
    assert app.test_client().get(f"/{lang}/case/{waiting_token}").status_code == 303

    values = stored_texts(app)
    assert any(reference in value for value in values)  # the scan does read the tables
    for token in [*sent, waiting_token]:
        assert not [value for value in values if token in value]
    assert tokens_that_open_a_case(app) == set()


def test_the_scan_finds_a_token_that_rests_somewhere(app, complaint_data):
    """The scan itself can fail: a live token written into a column is found."""
    reference = journey(app, "en", complaint_data)
    with app.test_request_context("/"):
        case = cases.case_by_reference(reference)
        token = CASE_TOKEN.search(sent_texts(app)[emails(case)[-1].id]).group(1)
        db.session.add(CaseMessage(case_id=case.id, author="partner", kind="reply",
                                   body=f"my link is /en/case/{token} (pasted)"))
        db.session.commit()
        db.session.remove()
    assert tokens_that_open_a_case(app) == {token}
