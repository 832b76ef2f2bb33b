"""Emails about a case: rendered in the case's language, queued in the action's transaction.

Each email carries a fresh secret link (older links keep working until a lost-link request
revokes them). The stored body holds the link with a placeholder for its token; the token goes
to the outbox sealed and is put in only while the email is sent (``helpcenter.mail.outbox``), so
the database never holds a usable link. Every email has the reference in the subject and the
case's own reply address as Reply-To (``reply_address``; a reply by email lands on the case
through ``email_replies``). The templates are ``.txt``, which Jinja does not autoescape:
partner text arrives exactly as typed, and nothing typed reaches a header (the subject holds
only the reference).
"""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from helpcenter.cases.lifecycle import mediation_possible, outcome_label
from helpcenter.cases.links import new_link
from helpcenter.cases.models import (
    ACCEPTED,
    COMPLAINT,
    DISAGREED,
    MEDIATION_REQUESTED,
    WAITING_FOR_PARTNER,
    WITHDRAWN,
    Case,
)
from helpcenter.cases.reply_address import reply_address
from helpcenter.extensions import db
from helpcenter.mail.outbox import SECRET_PLACEHOLDER, enqueue
from helpcenter.security import external_url


def case_link(case: Case, token: str) -> str:
    """The emailed link to the case, on the configured site address (``external_url``)."""
    return external_url("cases.open_case", lang_code=case.lang, token=token)


def subject(template: str, case: Case) -> str:
    """The subject of ``template`` in the current language, with the case reference."""
    reference = case.reference
    subjects = {
        "acknowledgement": lambda: (
            _("We have received your complaint %(reference)s", reference=reference)
            if case.kind == COMPLAINT else
            _("We have received your report %(reference)s", reference=reference)),
        "case_taken_up": lambda: _("Your case %(reference)s is in progress", reference=reference),
        "case_update": lambda: _("News about your case %(reference)s", reference=reference),
        "case_request_info": lambda: _("We need more information about your case %(reference)s",
                                       reference=reference),
        "case_resolution": lambda: _("The outcome of your case %(reference)s",
                                     reference=reference),
        "case_closed": lambda: _("Your case %(reference)s is closed", reference=reference),
        "case_confirmation": lambda: _("Confirmation for your case %(reference)s",
                                       reference=reference),
        "case_link": lambda: _("Your new link to case %(reference)s", reference=reference),
        "case_reminder": lambda: _("Progress update on your case %(reference)s",
                                   reference=reference),
    }
    return subjects[template]()


def confirmation_text(case: Case) -> str:
    """What the partner's own action did, for the confirmation email (current language)."""
    texts = {
        ACCEPTED: lambda: _("You have accepted the resolution of your case %(reference)s. We "
                            "will close the case.", reference=case.reference),
        DISAGREED: lambda: _("We have recorded that you disagree with the resolution of your "
                             "case %(reference)s. A case handler will look at your reasons.",
                             reference=case.reference),
        MEDIATION_REQUESTED: lambda: _(
            "We have recorded your request for mediation for case %(reference)s. We will "
            "contact you about the next steps with the mediator.", reference=case.reference),
        WITHDRAWN: lambda: _("You have withdrawn your case %(reference)s. We have stopped "
                             "handling it.", reference=case.reference),
    }
    return texts[case.status]()


def reminder_text(case: Case) -> str:
    """The progress update's one paragraph: still working, or still waiting for the partner."""
    if case.status == WAITING_FOR_PARTNER:
        return _("We are still waiting for your answer to our question about case "
                 "%(reference)s. Please reply on your case page, so that we can continue.",
                 reference=case.reference)
    return _("We are still working on your case %(reference)s. We have not forgotten it: the "
             "case handler will contact you as soon as there is news.",
             reference=case.reference)


def queue_email(case: Case, template: str, **context) -> int:
    """Render ``mail/<template>.txt`` in the case's language and add it to the outbox.

    Makes a fresh link for the email; returns the outbox id (flushed, not committed).
    """
    token = new_link(case)
    link = case_link(case, SECRET_PLACEHOLDER)
    with force_locale(case.lang):
        extra = {name: value() if callable(value) else value for name, value in context.items()}
        body = render_template(f"mail/{template}.txt", case=case, link=link, **extra)
        title = subject(template, case)
    message = enqueue(case.email, title, body, case.lang, case_id=case.id,
                      reply_to=reply_address(case), secret=token)
    db.session.flush()
    return message.id


def resolution_context(case: Case) -> dict:
    """What the resolution email shows beside the explanation."""
    return {"outcome": lambda: outcome_label(case.outcome),
            "mediation": mediation_possible(case.country)}
