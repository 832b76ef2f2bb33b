"""Fault test: the mail server is down while partners file cases, then comes back.

Nothing is lost, nothing goes out twice, and each case's emails arrive in the order they were
written, when ``flask outbox deliver`` runs (twice at once, as overlapping cron runs would).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
import threading
import time

from sqlalchemy import select

from helpcenter.cases import service as cases
from helpcenter.clock import frozen_at, utcnow
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.mail.outbox import deliver_due
from tests.cases.lifecycle_helpers import new_staff
from tests.mail.smtp_server import free_port

TIME_LIMIT = 60  # seconds for the whole test; the unreachable server answers at once
REFERENCE = re.compile(r"HC-\w{4}-\w{4}")


def submit(app, submissions) -> list[str]:
    """File each (lang, form, data) through the form; the references, in order."""
    references = []
    client = app.test_client()
    for number, (lang, form, data) in enumerate(submissions):
        response = client.post(f"/{lang}/{form}",
                               data={**data, "idempotency_key": f"{number:032x}"})
        assert response.status_code == 303  # acknowledged although no email could go
        references.append(response.headers["Location"].rsplit("/", 1)[1])
    return references


def outbox_rows(app) -> list[tuple]:
    """(id, case reference, sent?, attempts) of every outbox row."""
    with app.app_context():
        rows = [(m.id, m.subject, m.sent_at is not None, m.attempts) for m in
                db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
        db.session.remove()
    return rows


def deliver_twice_at_once(app, moment: dt.datetime) -> list[tuple[int, int]]:
    """Two delivery runs at the same moment, in two threads, as overlapping cron jobs."""
    results, errors = [], []

    def run():
        try:
            with app.app_context(), frozen_at(moment):
                results.append(deliver_due())
                db.session.remove()
        except Exception as error:  # reported below; a thread's exception is otherwise lost
            errors.append(error)

    threads = [threading.Thread(target=contextvars.copy_context().run, args=(run,))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIME_LIMIT)
    assert not errors and len(results) == 2
    return results


def test_mail_server_down_then_up_delivers_everything_once_in_order(
        make_app, start_smtp, complaint_data, issue_data):
    started = time.monotonic()
    port = free_port()  # nothing listens here until start_smtp(port)
    app = make_app(MAIL_TRANSPORT="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                   MAIL_TIMEOUT=2)
    references = submit(app, [
        ("nl", "complaint", complaint_data),
        ("en", "technical-issue", issue_data),
        ("en", "complaint", {**complaint_data, "email": "piet@example.org"}),
        ("nl", "technical-issue", {**issue_data, "email": "els@example.nl"}),
    ])
    with app.test_client().post("/en/cases/lost-link", data={
            "reference": references[1], "email": issue_data["email"]}) as asked:
        assert asked.status_code == 303  # its email is tried once the answer has gone

    written = outbox_rows(app)
    assert len(written) == 5 and not any(sent for _, _, sent, _ in written)
    runner = app.test_cli_runner()
    with frozen_at(utcnow() + dt.timedelta(minutes=5)):  # a cron run while still down
        assert runner.invoke(args=["outbox", "deliver"]).output == "0 sent, 5 waiting\n"

    _, inbox = start_smtp(port)
    with app.test_request_context("/"):  # a case handler answers the first case right away
        case = cases.case_by_reference(references[0])
        cases.send_emails(cases.post_update(case, "We kijken ernaar.", new_staff(),
                                            case.version))
        db.session.remove()
    assert inbox.envelopes == []  # the answer waits for the acknowledgement, still in back-off
    back = utcnow() + dt.timedelta(hours=1)  # every retry is due by then
    assert sum(sent for sent, _ in deliver_twice_at_once(app, back)) == 6
    with frozen_at(back + dt.timedelta(hours=1)):
        assert runner.invoke(args=["outbox", "deliver"]).output == "0 sent, 0 waiting\n"

    mails = inbox.messages()
    assert len(mails) == 6  # nothing lost, nothing twice
    assert len({mail["Message-ID"] for mail in mails}) == 6
    assert all(sent for _, _, sent, _ in outbox_rows(app))
    per_case = {}
    for mail in mails:
        per_case.setdefault(REFERENCE.search(mail["Subject"]).group(), []).append(mail["Subject"])
    assert per_case == {
        references[0]: [f"We hebben uw klacht {references[0]} ontvangen",
                        f"Nieuws over uw zaak {references[0]}"],
        references[1]: [f"We have received your report {references[1]}",
                        f"Your new link to case {references[1]}"],
        references[2]: [f"We have received your complaint {references[2]}"],
        references[3]: [f"We hebben uw melding {references[3]} ontvangen"],
    }
    newest = re.search(r"/en/case/([\w-]{43})\s", mails_about(mails, references[1])[-1])
    assert app.test_client().get(f"/en/case/{newest.group(1)}").status_code == 303
    assert time.monotonic() - started < TIME_LIMIT


def mails_about(mails, reference: str) -> list[str]:
    """The bodies of the emails about ``reference``, in the order they arrived."""
    return [mail.get_content() for mail in mails if reference in mail["Subject"]]
