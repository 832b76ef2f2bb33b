"""Filing a case: the complaint and technical-issue forms and the confirmation page.

A form sent with errors keeps its files for the next try (``attachment_field``). The browser
that filed may open its case page at once: it gets the access the emailed link gives.

The partner's case page lives beside it on the same blueprint: ``case_page`` (the link, the
page, its files), ``case_actions`` (reply, accept, disagree, mediation, withdraw) and
``lost_link``; they are imported at the end of this module so their routes register.
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError
from sqlalchemy import select
from werkzeug.datastructures import CombinedMultiDict

from helpcenter.articles.store import content_store
from helpcenter.cases.access import remember_link
from helpcenter.cases.attachment_field import files_to_add_again, keep_for_next_try
from helpcenter.cases.forms import ComplaintForm, TechnicalIssueForm, set_topic_choices
from helpcenter.cases.labels import case_labels
from helpcenter.cases.models import COMPLAINT, TECHNICAL_ISSUE, Case, CaseLink
from helpcenter.cases.references import REFERENCE_ALPHABET
from helpcenter.cases.reminders import expected_answer_date, timezone
from helpcenter.cases.service import TECHNICAL_GROUND, Filed, file_case, send_acknowledgement
from helpcenter.cases.workdays import add_working_days, local_date
from helpcenter.clock import utcnow
from helpcenter.errors import render_csrf_error
from helpcenter.extensions import db, limiter

bp = Blueprint("cases", __name__)
bp.app_context_processor(case_labels)
FILED_KEY = "filed_cases"  # references this browser filed, for the confirmation page
# A resubmission of a form already filed this long ago still opens the case in this browser.
RESUBMISSION_WINDOW = dt.timedelta(hours=1)


def submit_limit() -> str:
    """Submissions per client address."""
    return current_app.config["CASES_RATE_LIMIT"]


def make_form(form_class):
    """A form with its choices in the page's language."""
    form = form_class()
    set_topic_choices(form, content_store().library().topics, g.lang_code)
    return form


@bp.route("/<lang:lang_code>/complaint", methods=["GET", "POST"])
@limiter.limit(submit_limit, methods=["POST"])
def complaint():
    """The Dispute resolution centre: the complaint form."""
    form = make_form(ComplaintForm)
    if not form.validate_on_submit():
        return render_form("cases/complaint.html", form)
    topics = content_store().library().topics.complaint_topics
    fields = common_fields(form) | {
        "kind": COMPLAINT,
        "requester_type": form.requester_type.data,
        "phone": (form.phone.data or "").strip() or None,
        "property_id": form.property_id.data or None,  # emptied for a guest
        "country": form.country.data,
        "topic": form.topic.data,
        "ground": topics[form.topic.data]["ground"],
        "consent_at": utcnow(),
    }
    return finish(form, fields)


@bp.route("/<lang:lang_code>/technical-issue", methods=["GET", "POST"])
@limiter.limit(submit_limit, methods=["POST"])
def technical_issue():
    """The form for reporting a technical issue; ``?topic=&subtopic=`` fill it in."""
    form = make_form(TechnicalIssueForm)
    if request.method == "GET":
        prefill_topic(form)
    if not form.validate_on_submit():
        return render_form("cases/technical_issue.html", form)
    fields = common_fields(form) | {
        "kind": TECHNICAL_ISSUE,
        "location": form.location.data,
        "topic": form.topic.data,
        "subtopic": form.subtopic.data.split("/", 1)[1],
        "ground": TECHNICAL_GROUND,
        "device": (form.device.data or "").strip() or None,
        "property_id": form.property_id.data.strip(),
    }
    return finish(form, fields)


def prefill_topic(form: TechnicalIssueForm) -> None:
    """Take topic and subtopic from the query string when they exist (from an article)."""
    topic, subtopic = request.args.get("topic"), request.args.get("subtopic")
    if topic in {choice.value for choice in form.topic.choices if choice.value}:
        form.topic.data = topic
        value = f"{topic}/{subtopic}"
        if value in {choice.value for choice in form.subtopic.choices}:
            form.subtopic.data = value


def common_fields(form) -> dict:
    """The columns both forms fill in."""
    return {
        "idempotency_key": form.idempotency_key.data,
        "name": form.name.data.strip(),
        "email": form.email.data.strip(),
        "message": form.message.data.strip(),
    }


def render_form(template: str, form, status: int | None = None):
    """The form page; 400 when it was sent with errors, so nothing looks accepted.

    The files that passed their checks are held for the next try and listed as attached.
    """
    if status is None:
        status = 400 if request.method == "POST" else 200
    if request.method == "POST":
        keep_for_next_try(form.attachments, form.idempotency_key.data)
    return render_template(template, form=form), status


def finish(form, fields: dict) -> Response:
    """File the case (or pretend to, for a bot), then show the confirmation."""
    if form.website.data:  # the honeypot: a normal-looking answer, and no case
        current_app.logger.info("Honeypot filled in; no case made")
        chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        answer_by = add_working_days(local_date(utcnow(), timezone()),
                                     current_app.config["CASE_ANSWER_WORKING_DAYS"])
        return render_received(f"HC-{chars[:4]}-{chars[4:]}", fields["kind"], None, answer_by)
    filed = file_case(fields, form.attachments.uploads(), g.lang_code)
    send_acknowledgement(filed)
    remembered = [ref for ref in session.get(FILED_KEY, []) if isinstance(ref, str)]
    session[FILED_KEY] = ([filed.case.reference] + remembered)[:20]
    open_in_this_browser(filed)
    return redirect(url_for(".received", reference=filed.case.reference), 303)


def open_in_this_browser(filed: Filed) -> None:
    """Give the filing browser the access the emailed link gives, so the confirmation page
    can link straight to the case page. A resubmission of the same form (same idempotency
    key, which only the page that was filled in holds) gets it too, within the hour.
    """
    case = filed.case
    if filed.message_id is None and case.created_at < utcnow() - RESUBMISSION_WINDOW:
        return
    link_id = db.session.scalar(
        select(CaseLink.id).where(CaseLink.case_id == case.id, CaseLink.revoked_at.is_(None))
        .order_by(CaseLink.id.desc()).limit(1))
    if link_id is not None:
        remember_link(case.id, link_id)


@bp.get("/<lang:lang_code>/case-received/<reference>")
def received(reference: str):
    """The confirmation: reference, answer time, what happens next and the case page link.

    Only for the browser that filed.
    """
    if reference not in session.get(FILED_KEY, []):
        abort(404)
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    if case is None:
        abort(404)
    return render_received(case.reference, case.kind, case.email, expected_answer_date(case))


def render_received(reference: str, kind: str, email: str | None, answer_by: dt.date | None):
    """The confirmation page (also the honeypot's answer, which must look the same)."""
    return render_template("cases/received.html", reference=reference, kind=kind, email=email,
                           answer_by=answer_by,
                           answer_days=current_app.config["CASE_ANSWER_WORKING_DAYS"])


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError):
    """An expired form: show it again with everything typed, and a fresh token."""
    if request.endpoint in case_actions.PARTNER_ACTIONS:
        return case_actions.expired_form()
    if request.endpoint == "cases.lost_link":
        return lost_link.expired_lost_link()
    forms = {"cases.complaint": (ComplaintForm, "cases/complaint.html"),
             "cases.technical_issue": (TechnicalIssueForm, "cases/technical_issue.html")}
    if request.endpoint not in forms:
        return render_csrf_error(error)
    form_class, template = forms[request.endpoint]
    form = form_class(formdata=CombinedMultiDict((request.files, request.form)))
    set_topic_choices(form, content_store().library().topics, g.lang_code)
    files_to_add_again(form.attachments, form.idempotency_key.data)
    return render_template(template, form=form, expired=True), 400


# The partner's case page and lost-link routes, on this blueprint.
from helpcenter.cases import case_actions, case_page, lost_link  # noqa: E402, F401
