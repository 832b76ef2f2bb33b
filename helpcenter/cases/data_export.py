""""Download my data" (GDPR art. 15): the signed-in partner's cases as one JSON file.

Made on demand from the database, for the signed-in partner only: every case filed with their
email, with what they sent, the thread as their case page shows it (never a staff member's
internal note nor the handler's name), the history of the case, and the name, type and size of
every attachment (not the files themselves: each one downloads from its case page).
"""

from __future__ import annotations

import datetime as dt
import json

from flask import Response, current_app, redirect, url_for

from helpcenter.cases import partner_sessions as partners
from helpcenter.cases import service as cases
from helpcenter.cases.lost_link import page
from helpcenter.cases.models import Case, CaseAttachment
from helpcenter.cases.views import bp
from helpcenter.cases.workdays import local_date
from helpcenter.clock import utcnow
from helpcenter.extensions import db

CASE_FIELDS = ("reference", "kind", "status", "lang", "name", "email", "phone",
               "requester_type", "property_id", "country", "topic", "subtopic", "location",
               "device", "message", "consent_at", "created_at", "updated_at", "outcome",
               "resolution", "resolved_at", "decision", "decided_at", "mediation_requested_at",
               "closed_at")


def moment(value: dt.datetime | None) -> str | None:
    """A stored time (naive UTC) as ISO 8601 with its zone."""
    return value.replace(microsecond=0).isoformat() + "Z" if value is not None else None


def plain(value):
    """A column value as JSON has it."""
    return moment(value) if isinstance(value, dt.datetime) else value


def attachment_data(file: CaseAttachment) -> dict:
    """What we keep about a file: its name, type, size and when it came; not its bytes."""
    return {"filename": file.filename, "content_type": file.content_type, "size": file.size,
            "received_at": moment(file.created_at)}


def case_data(case: Case) -> dict:
    """One case as the partner may see it."""
    thread = cases.thread(case, for_partner=True)
    filing, messages = thread[0], thread[1:]
    return {field: plain(getattr(case, field)) for field in CASE_FIELDS} | {
        "attachments": [attachment_data(file) for file in filing.attachments],
        "messages": [{"from": entry.author, "kind": entry.kind, "text": entry.body,
                      "sent_at": moment(entry.created_at),
                      "attachments": [attachment_data(file) for file in entry.attachments]}
                     for entry in messages if not entry.internal],
        "history": [{"by": entry.actor, "action": entry.action, "from_status": entry.from_status,
                     "to_status": entry.to_status, "at": moment(entry.created_at)}
                    for entry in cases.timeline(case, for_partner=True)],
    }


def export_for(email: str) -> dict:
    """Everything we hold about the cases filed with ``email``, oldest case first."""
    found = db.session.scalars(partners.cases_with_email(email)
                               .order_by(Case.created_at, Case.id))
    return {"email": email, "generated_at": moment(utcnow()),
            "cases": [case_data(case) for case in found]}


@bp.get("/<lang:lang_code>/my-cases/my-data.json")
def download_my_data():
    """The JSON file, as a download; anyone not signed in is sent to the sign-in page."""
    email = partners.signed_in_email()
    if email is None:
        return page(redirect(url_for(".sign_in"), 303), 303)
    body = json.dumps(export_for(email), ensure_ascii=False, indent=2)
    response = page(Response(body, mimetype="application/json"))
    # The date the partner sees on the page (Amsterdam), not UTC's: just after local
    # midnight UTC still says yesterday.
    day = local_date(utcnow(), current_app.config["BABEL_DEFAULT_TIMEZONE"]).isoformat()
    response.headers["Content-Disposition"] = f'attachment; filename="my-cases-{day}.json"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
