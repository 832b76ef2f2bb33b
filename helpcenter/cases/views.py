"""Filing a case: the complaint and technical-issue forms and the confirmation page.

A form sent with errors keeps its files for the next try (``attachment_field``). The browser
that filed may open its case page at once: it gets the access the emailed link gives. A form
that expired, met the submission limit (``filing_limits``) or the database down comes back
with everything typed (``filing_again``). The honeypot's answer is a filing's answer: the same
redirect and the same confirmation page, with nothing stored or sent.

The partner's case page lives beside it on the same blueprint: ``case_page`` (the link, the
page, its files), ``case_actions`` (reply, accept, disagree, mediation, withdraw) and
``lost_link``; they are imported at the end of this module so their routes register.
"""

from __future__ import annotations

import datetime as dt

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
from werkzeug.exceptions import TooManyRequests

from helpcenter import outage
from helpcenter.articles.store import content_store
from helpcenter.cases import filing_again
from helpcenter.cases.access import remember_link
from helpcenter.cases.attachment_field import keep_for_next_try
from helpcenter.cases.filing_limits import (
    accepted_submissions,
    all_attempts,
    count_as_accepted,
    try_again_notice,
)
from helpcenter.cases.form_fields import complaint_fields, technical_issue_fields
from helpcenter.cases.forms import ComplaintForm, TechnicalIssueForm, set_topic_choices
from helpcenter.cases.labels import case_labels
from helpcenter.cases.models import COMPLAINT, TECHNICAL_ISSUE, Case, CaseLink
from helpcenter.cases.references import new_reference
from helpcenter.cases.reminders import expected_answer_date, timezone
from helpcenter.cases.service import Filed, file_case, send_acknowledgement
from helpcenter.cases.workdays import add_working_days, local_date
from helpcenter.clock import utcnow
from helpcenter.errors import render_csrf_error, render_error
from helpcenter.extensions import db

bp = Blueprint("cases", __name__)
bp.app_context_processor(case_labels)
# [reference, kind, email] of the cases this browser filed, for the confirmation page
FILED_KEY = "filed_cases"
MAX_FILED_REMEMBERED = 10
# A resubmission of a form already filed this long ago still opens the case in this browser.
RESUBMISSION_WINDOW = dt.timedelta(hours=1)


def make_form(form_class):
    """A form with its choices in the page's language."""
    form = form_class()
    set_topic_choices(form, content_store().library().topics, g.lang_code)
    return form


@bp.route("/<lang:lang_code>/complaint", methods=["GET", "POST"])
@all_attempts
@accepted_submissions
def complaint():
    """The Dispute resolution centre: the complaint form."""
    form = make_form(ComplaintForm)
    if not form.validate_on_submit():
        return render_form("cases/complaint.html", form)
    fields = complaint_fields(form, content_store().library().topics)
    return finish(form, fields)


@bp.route("/<lang:lang_code>/technical-issue", methods=["GET", "POST"])
@all_attempts
@accepted_submissions
def technical_issue():
    """The form for reporting a technical issue; ``?topic=&subtopic=`` fill it in."""
    form = make_form(TechnicalIssueForm)
    if request.method == "GET":
        prefill_topic(form)
    if not form.validate_on_submit():
        return render_form("cases/technical_issue.html", form)
    fields = technical_issue_fields(form)
    return finish(form, fields)


def prefill_topic(form: TechnicalIssueForm) -> None:
    """Take topic and subtopic from the query string when they exist (from an article)."""
    topic, subtopic = request.args.get("topic"), request.args.get("subtopic")
    if topic in {choice.value for choice in form.topic.choices if choice.value}:
        form.topic.data = topic
        value = f"{topic}/{subtopic}"
        if value in {choice.value for choice in form.subtopic.choices}:
            form.subtopic.data = value


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
    """File the case (or pretend to, for a bot), then redirect to the confirmation."""
    if form.website.data:  # the honeypot: the same answer as a filing, and no case
        current_app.logger.info("Honeypot filled in; no case made")
        reference = unused_reference()
        remember_filed(reference, fields["kind"], fields["email"])
    else:
        filed = file_case(fields, form.attachments.uploads(), g.lang_code)
        send_acknowledgement(filed)
        reference = filed.case.reference
        remember_filed(reference, filed.case.kind, filed.case.email)
        open_in_this_browser(filed)
    count_as_accepted()
    return redirect(url_for(".received", reference=reference), 303)


def unused_reference() -> str:
    """A reference for the honeypot's answer that no real case has (it shows nobody's case)."""
    while True:
        reference = new_reference()
        if db.session.scalar(select(Case.id).where(Case.reference == reference)) is None:
            return reference


def remember_filed(reference: str, kind: str, email: str) -> None:
    """Let this browser see the confirmation of ``reference`` (newest first, a few kept)."""
    others = [entry for entry in filed_here() if entry[0] != reference]
    session[FILED_KEY] = ([[reference, kind, email]] + others)[:MAX_FILED_REMEMBERED]


def filed_here() -> list[list[str]]:
    """The [reference, kind, email] entries of this browser's session (anything else dropped)."""
    return [entry for entry in session.get(FILED_KEY, [])
            if isinstance(entry, list) and len(entry) == 3
            and all(isinstance(part, str) for part in entry)]


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

    Only for the browser that filed. A reference it filed that has no case was the honeypot's
    answer; its page is made from what the bot sent, and looks like any other.
    """
    entry = next((entry for entry in filed_here() if entry[0] == reference), None)
    if entry is None:
        abort(404)
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    if case is not None:
        return render_received(case.reference, case.kind, case.email,
                               expected_answer_date(case))
    _reference, kind, email = entry
    if kind not in (COMPLAINT, TECHNICAL_ISSUE):
        abort(404)
    answer_by = add_working_days(local_date(utcnow(), timezone()),
                                 current_app.config["CASE_ANSWER_WORKING_DAYS"])
    return render_received(reference, kind, email, answer_by)


def render_received(reference: str, kind: str, email: str | None, answer_by: dt.date | None):
    """The confirmation page."""
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
    if request.endpoint in sign_in.EXPIRED_FORMS:
        return sign_in.EXPIRED_FORMS[request.endpoint]()
    if request.endpoint not in filing_again.FILING_FORMS:
        return render_csrf_error(error)
    return filing_again.expired_page()


@bp.errorhandler(TooManyRequests)
def too_many_filings(error: TooManyRequests):
    """Too many forms from this address: the form again with what was typed, and when to
    send it (Flask-Limiter adds ``Retry-After``)."""
    if request.method == "POST" and request.endpoint == "cases.sign_in":
        return sign_in.limited_sign_in(try_again_notice())
    if not filing_again.is_filing_post():
        return render_error(error)
    return filing_again.limited_page(try_again_notice())


def database_unavailable(error: Exception):
    """The database down or locked: a filing form, or a case-page form with typed text, comes
    back with everything typed (503); any other page of this blueprint gets the shared 503
    page."""
    if outage.is_outage(error) and filing_again.is_filing_post():
        return filing_again.unavailable_page(error)
    if (outage.is_outage(error) and request.method == "POST"
            and request.endpoint in case_actions.TEXT_FORMS):
        return case_actions.unavailable_form(error)
    return outage.unavailable_page(error)


for _error_class in outage.DATABASE_ERRORS:
    bp.register_error_handler(_error_class, database_unavailable)


# The partner's case page, lost-link and "My cases" routes, on this blueprint.
from helpcenter.cases import (  # noqa: E402, F401
    case_actions,
    case_page,
    data_export,
    lost_link,
    my_cases,
    partner_models,
    sign_in,
)
