"""Following a case with its secret token: ``Authorization: Bearer <token>``.

The token is the one of the emailed case link (or of the answer to a filing); it is looked up
on every request, so a link replaced through "Lost your link?" (revoked) or expired stops
working at once. A wrong, unknown, revoked or expired token all get the same 401, so the
answer tells nobody which one it was; failed tries count against the case-link rate limit.
The token never appears in a URL: the case is ``/case``, whichever it is.

Reply, accept, disagree and mediation are the case page's actions: the same forms (without
Flask-WTF's token) and the same service calls; a move the lifecycle does not allow now is a
409 with the service's message.
"""

from __future__ import annotations

from flask import current_app, g
from flask_babel import gettext as _

from helpcenter.api import schemas
from helpcenter.api.inputs import bearer_token, form_data, idempotency_key
from helpcenter.api.problems import Problem, form_problem
from helpcenter.api.responses import read_response, write_response
from helpcenter.api.spec import CASE_ERRORS, CASE_READ_ERRORS, read, spec, write
from helpcenter.api.views import bp
from helpcenter.articles import service as articles
from helpcenter.cases import service as cases
from helpcenter.extensions import limiter

NO_CSRF = {"csrf": False}
BEARER = [{"caseToken": []}]
ACTION_TARGETS = {"accept": "accepted", "disagree": "disagreed",
                  "mediation": "mediation_requested"}


def case_link_limit() -> str:
    """Tries with a token per client address, as for opening a case link on the site."""
    return current_app.config["CASE_LINK_RATE_LIMIT"]


def refused(response) -> bool:
    """Only a refused token counts against the limit (``deduct_when``)."""
    return response.status_code == 401


token_tries = limiter.limit(case_link_limit, deduct_when=refused)


def the_case() -> cases.Case:
    """The case the bearer token opens; 401 (one body for every reason) otherwise."""
    token = bearer_token()
    opened = cases.open_link(token) if token else None
    if opened is None:
        raise Problem(401, headers={"WWW-Authenticate": 'Bearer realm="case"'})
    return opened[0]


def case_json(case: cases.Case) -> dict:
    """The case as its partner's page shows it: status, timeline, thread, what they can do."""
    answer_by = cases.expected_answer_date(case)
    actions = ["reply"] if case.status in cases.OPEN_STATUSES else []
    actions += [name for name, target in ACTION_TARGETS.items()
                if cases.can_move(case.status, target, case.country)]
    return {
        "reference": case.reference, "kind": case.kind, "status": case.status,
        "status_label": cases.status_label(case.status),
        "status_explanation": cases.status_explanation(case.status),
        "topic": case.topic, "topic_label": cases.topic_label(articles.topics(), case,
                                                              g.lang_code),
        "version": case.version, "outcome": case.outcome,
        "outcome_label": cases.outcome_label(case.outcome) if case.outcome else None,
        "resolution": case.resolution,
        "answer_by": answer_by.isoformat() if answer_by else None,
        "actions": sorted(actions),
        "timeline": [{"actor": e.actor, "action": e.action,
                      "label": cases.partner_event_label(e), "from_status": e.from_status,
                      "to_status": e.to_status, "created_at": e.created_at.isoformat() + "Z"}
                     for e in cases.timeline(case, for_partner=True)],
        "thread": [{"author": m.author, "kind": m.kind, "body": m.body,
                    "created_at": m.created_at.isoformat() + "Z",
                    "attachments": [{"filename": a.filename, "content_type": a.content_type,
                                     "size": a.size} for a in m.attachments]}
                   for m in cases.thread(case, for_partner=True)],
    }


@bp.get("/case")
@token_tries
@spec.validate(query=schemas.LangQuery, resp=read(schemas.CaseOut, CASE_READ_ERRORS),
               tags=["following"], security=BEARER, skip_validation=True,
               operation_id="getCase")
def case():
    """The case of the token: status, timeline, thread, and the actions open to you now."""
    return read_response(case_json(the_case()), private=True)


def answer(case: cases.Case, done: cases.Done):
    """Send the action's emails and answer with the case as it is now."""
    cases.send_emails(done)
    return write_response(case_json(done.case))


def act(action):
    """Run a partner action; a refusal of the service is 409 (state) or 400 (input).

    A move the status does not allow is told in the partner's words, as on the case page.
    """
    try:
        return action()
    except cases.CaseError as error:
        status = 400 if isinstance(error, cases.InvalidInput) else 409
        detail = error.message
        case_status = getattr(error, "status", None)
        if isinstance(error, cases.ForbiddenMove) and case_status:
            detail = _("That is no longer possible: your case is now “%(status)s”. Its "
                       "actions list what you can do now.",
                       status=cases.status_label(case_status))
        raise Problem(status, detail=detail, kind="case-" + (
            "input" if status == 400 else "conflict"), case_status=case_status) from None


def expected_version(data) -> int | None:
    """The ``version`` the client read, checked by the page's form; None when not sent."""
    if "version" not in data:
        return None
    return cases.VersionForm(formdata=data, meta=NO_CSRF).expected_version()


@bp.post("/case/replies")
@token_tries
@spec.validate(json=schemas.ReplyIn, form=schemas.ReplyForm,
               resp=write("HTTP_200", schemas.CaseOut, CASE_ERRORS), tags=["following"],
               security=BEARER, skip_validation=True, operation_id="reply")
def reply():
    """Your message to the case handler, with up to three files (multipart); a case waiting
    for you is in progress again. ``Idempotency-Key`` makes a resend add nothing."""
    case = the_case()
    form = cases.ReplyForm(formdata=form_data(schemas.ReplyIn, files=True), meta=NO_CSRF)
    form.idempotency_key.data = idempotency_key(f"reply:{case.id}") or \
        form.idempotency_key.default()
    if not form.validate():
        raise form_problem(form)
    message = form.message.data.replace("\r\n", "\n")
    return act(lambda: answer(case, cases.partner_reply(
        case, message, form.attachments.uploads(), idempotency_key=form.idempotency_key.data)))


@bp.post("/case/accept")
@token_tries
@spec.validate(json=schemas.DecisionIn, resp=write("HTTP_200", schemas.CaseOut, CASE_ERRORS),
               tags=["following"], security=BEARER, skip_validation=True,
               operation_id="acceptResolution")
def accept():
    """Accept the offered resolution (409 when none is offered now)."""
    case = the_case()
    version = expected_version(form_data(schemas.DecisionIn))
    return act(lambda: answer(case, cases.accept_resolution(case, version)))


@bp.post("/case/disagree")
@token_tries
@spec.validate(json=schemas.DisagreeIn, resp=write("HTTP_200", schemas.CaseOut, CASE_ERRORS),
               tags=["following"], security=BEARER, skip_validation=True,
               operation_id="disagree")
def disagree():
    """Disagree with the offered resolution and say why (409 when none is offered now)."""
    case = the_case()
    data = form_data(schemas.DisagreeIn)
    form = cases.DisagreeForm(formdata=data, meta=NO_CSRF)
    if not form.validate():
        raise form_problem(form)
    version = expected_version(data)
    reason = form.reason.data.replace("\r\n", "\n")
    return act(lambda: answer(case, cases.disagree(case, reason, version)))


@bp.post("/case/mediation")
@token_tries
@spec.validate(json=schemas.DecisionIn, resp=write("HTTP_200", schemas.CaseOut, CASE_ERRORS),
               tags=["following"], security=BEARER, skip_validation=True,
               operation_id="requestMediation")
def mediation():
    """Ask for mediation after disagreeing (partners in the EEA; 409 otherwise)."""
    case = the_case()
    version = expected_version(form_data(schemas.DecisionIn))
    return act(lambda: answer(case, cases.request_mediation(case, version)))
