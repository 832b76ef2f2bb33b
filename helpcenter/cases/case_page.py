"""The partner's case page: the secret link, the page with its thread, and its files.

The page is private twice over: it opens only in a browser that opened the case's link
(``access.opened_case``), and it answers ``Cache-Control: no-store`` and
``Referrer-Policy: no-referrer``, so neither a shared cache nor another site's logs ever hold
it. A browser without access gets the "how to get in" page (404), the same for a case that does
not exist. What the partner does on the page is in ``case_actions``.

Guessing links is not free: opening links that open no case is limited per client address
(``CASE_LINK_RATE_LIMIT``; the 429 is the site's error page in the URL's language). A link that
has expired (``CASE_LINK_DAYS_AFTER_CLOSING``) leads to the lost-link form with the reason, both
when it is opened and in a browser that had opened it.
"""

from __future__ import annotations

from flask import Response, abort, current_app, make_response, redirect, render_template, url_for
from sqlalchemy import or_, select

from helpcenter.articles.store import content_store
from helpcenter.cases import my_cases
from helpcenter.cases import service as cases
from helpcenter.cases.access import case_access, remember_link
from helpcenter.cases.lost_link import PRIVATE_HEADERS, how_to_get_in
from helpcenter.cases.models import (
    DISAGREED,
    MEDIATION_REQUESTED,
    RESOLVED,
    WITHDRAWN,
    CaseAttachment,
    CaseMessage,
)
from helpcenter.cases.partner_forms import DisagreeForm, ReplyForm, VersionForm
from helpcenter.cases.views import bp
from helpcenter.extensions import db, limiter


def private(response) -> Response:
    """``response`` with the headers every case page carries: kept by nobody, sent nowhere."""
    response = make_response(response)
    response.headers.update(PRIVATE_HEADERS)
    return response


def case_link_limit() -> str:
    """Case links that open no case, per client address."""
    return current_app.config["CASE_LINK_RATE_LIMIT"]


def opened_nothing(response: Response) -> bool:
    """Whether a link counts against the limit: it did not lead to a case."""
    return response.status_code != 303


@bp.get("/<lang:lang_code>/case/<token>")
@limiter.limit(case_link_limit, deduct_when=opened_nothing)
def open_case(token: str):
    """Trade the secret link for a session, so the token leaves the address bar.

    The session keeps (case id, link id): when the link is revoked or expires, the access ends
    too. A link that does not work (mistyped, replaced by a newer one, or expired) gets the
    "how to get in" page with the lost-link form.
    """
    found = cases.open_link(token)
    if found is None:
        return how_to_get_in(None, link_failed=True, link_expired=cases.link_has_expired(token))
    case, link_id = found
    remember_link(case.id, link_id)
    return private(redirect(url_for(".case_page", reference=case.reference), 303))


def case_or_how_to_get_in(reference: str) -> cases.Case:
    """The case this browser may see under ``reference``; else stop with "how to get in"."""
    case, state = case_access(reference)
    if case is None or state != cases.LIVE:
        abort(how_to_get_in(reference, link_expired=state == cases.EXPIRED))
    return case


@bp.get("/<lang:lang_code>/cases/<reference>")
def case_page(reference: str):
    """The partner's case: status, answer time, the thread, the timeline and what they can do.

    Opening it marks the handler's messages seen ("My cases" shows them as unread until then).
    """
    case = case_or_how_to_get_in(reference)
    my_cases.mark_seen(case)
    return render_case(case)


def back_to(case: cases.Case) -> Response:
    """After an action: the case page again, by GET, so a reload does not repeat it."""
    return private(redirect(url_for(".case_page", reference=case.reference), 303))


def render_case(case: cases.Case, status: int = 200, forms: dict | None = None,
                problem: tuple[str, str] | None = None) -> Response:
    """The case page; ``forms`` replace the empty ones (a form sent with errors keeps its text).

    ``problem`` is (form name, message) of an action the service refused: it is shown in that
    form when the page shows the form, else at the top of the page.
    """
    context = page_context(case)
    context["forms"] = {
        "reply": ReplyForm(formdata=None),
        "accept": VersionForm(formdata=None),
        "disagree": DisagreeForm(formdata=None),
        "mediation": VersionForm(formdata=None),
    } | (forms or {})
    context["page_problem"] = None
    if problem is not None:
        name, message = problem
        if name in context["shown_forms"]:
            context["forms"][name].form_errors.append(message)
        else:
            context["page_problem"] = message
    return private(make_response(render_template("cases/case.html", **context), status))


def page_context(case: cases.Case) -> dict:
    """What the page shows and which of the partner's actions the case's status allows."""
    status, country = case.status, case.country
    mediation_offered = status == DISAGREED and cases.can_move(status, MEDIATION_REQUESTED,
                                                                country)
    shown_forms = set()
    if status in cases.OPEN_STATUSES:
        shown_forms.add("reply")
    if status == RESOLVED:
        shown_forms |= {"accept", "disagree"}
    if mediation_offered:
        shown_forms.add("mediation")
    return {
        "case": case,
        "topics": content_store().library().topics,
        "thread": cases.thread(case, for_partner=True),
        "timeline": cases.timeline(case, for_partner=True),
        "answer_by": cases.expected_answer_date(case),
        "answer_days": current_app.config["CASE_ANSWER_WORKING_DAYS"],
        "outcome": cases.outcome_label(case.outcome),
        "show_resolution": bool(case.resolution) and status != WITHDRAWN,
        "shown_forms": shown_forms,
        "mediation_offered": mediation_offered,
        "in_eea": cases.mediation_possible(country),
        "can_withdraw": cases.can_move(status, WITHDRAWN, country),
    }


@bp.get("/<lang:lang_code>/cases/<reference>/files/<stored_name>")
def attachment(reference: str, stored_name: str):
    """A file of the case's thread, always as a download, never rendered as a page.

    Only files of this case, and never one of an internal note.
    """
    case = case_or_how_to_get_in(reference)
    found = db.session.scalar(
        select(CaseAttachment)
        .outerjoin(CaseMessage, CaseMessage.id == CaseAttachment.message_id)
        .where(CaseAttachment.case_id == case.id, CaseAttachment.stored_name == stored_name,
               or_(CaseAttachment.message_id.is_(None), CaseMessage.internal.is_(False))))
    if found is None:
        abort(404)
    response = Response(found.data, mimetype=found.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
