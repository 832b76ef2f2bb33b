"""Writes: the vote, a technical issue, a complaint, through the forms the pages use.

Each body (JSON, or multipart for files) is given to the site's own WTForms form as its form
data, with Flask-WTF's token off (``meta={"csrf": False}``: the API has no session to hold
one); the form's checks and messages are the only ones. A case is then filed by the same
service call as the page's, under the same rate limits (one shared count per client address
for both forms and both ways in).

``Idempotency-Key``: the header, with a digest of what is filed, becomes the case's
idempotency key, so the case's unique key makes a retry, or the same request twice at once,
find the first case, and the same key with other content a case of its own. Each answer
carries a fresh access token for it.
"""

from __future__ import annotations

import hashlib

from flask import current_app, g, request
from flask_babel import gettext as _

from helpcenter.api import schemas
from helpcenter.api.inputs import form_data, idempotency_key
from helpcenter.api.problems import Problem, form_problem, invalid
from helpcenter.api.responses import write_response
from helpcenter.api.spec import spec, write
from helpcenter.api.views import bp
from helpcenter.articles import service as articles
from helpcenter.cases import service as cases
from helpcenter.extensions import limiter
from helpcenter.feedback import service as feedback

NO_CSRF = {"csrf": False}


def vote_limit() -> str:
    """Votes per client address, as for the article page's vote."""
    return current_app.config["FEEDBACK_RATE_LIMIT"]


@bp.post("/articles/<slug>/vote")
@limiter.limit(vote_limit)
@spec.validate(json=schemas.VoteIn, resp=write("HTTP_200", schemas.VoteOut), tags=["articles"],
               skip_validation=True, operation_id="voteOnArticle")
def vote(slug: str):
    """"Was this article helpful?": one answer per visitor id and article (a new answer
    replaces the old). The app keeps a random ``visitor_id`` for its user."""
    article = articles.library().article(slug, g.lang_code)
    if article is None or article.updated is None:
        raise Problem(404)
    data = form_data(schemas.VoteIn)
    visitor_id = data.get("visitor_id")
    form = feedback.VoteForm(formdata=data, meta=NO_CSRF)
    if not form.validate():
        raise form_problem(form)
    if not feedback.is_visitor_id(visitor_id):
        raise invalid("visitor_id", "invalid_format" if visitor_id else "required",
                      _("Send the id your app keeps for this visitor: 32 characters 0-9 "
                        "and a-f."))
    recorded = feedback.Vote(slug=slug, lang=g.lang_code, article_updated=article.updated,
                             helpful=form.answer.data == "yes",
                             reason=form.reason.data or None,
                             comment=(form.comment.data or "").strip() or None)
    feedback.record_vote(recorded, visitor_id=visitor_id)
    return write_response({"state": feedback.vote_state(recorded)})


@bp.post("/technical-issues")
@cases.all_attempts
@cases.accepted_submissions
@spec.validate(json=schemas.TechnicalIssueIn, form=schemas.TechnicalIssueForm,
               resp=write("HTTP_201", schemas.Filed), tags=["cases"], skip_validation=True,
               operation_id="reportTechnicalIssue")
def technical_issue():
    """Report a technical issue with the extranet or the Pulse app (``subtopic``: a key of
    the topic's subtopics, see ``/topics``)."""
    form = case_form(cases.TechnicalIssueForm, form_data(schemas.TechnicalIssueIn, files=True),
                     "technical-issue")
    if form.topic.data and form.subtopic.data:  # the page's list names "topic/subtopic"
        form.subtopic.data = f"{form.topic.data}/{form.subtopic.data}"
    if not form.validate():
        raise form_problem(form)
    return file(form, cases.technical_issue_fields(form))


@bp.post("/complaints")
@cases.all_attempts
@cases.accepted_submissions
@spec.validate(json=schemas.ComplaintIn, form=schemas.ComplaintForm,
               resp=write("HTTP_201", schemas.Filed), tags=["cases"], skip_validation=True,
               operation_id="submitComplaint")
def complaint():
    """Submit a complaint to the Dispute resolution centre (``topic``: see ``/topics``;
    ``country``: ISO 3166 code; ``consent`` must be true)."""
    form = case_form(cases.ComplaintForm, form_data(schemas.ComplaintIn, files=True), "complaint")
    if not form.validate():
        raise form_problem(form)
    return file(form, cases.complaint_fields(form, articles.topics()))


def case_form(form_class, data, kind: str):
    """The page's form on ``data``, its choices in the asked language, its key from the
    ``Idempotency-Key`` header (a fresh one without it)."""
    key = idempotency_key(kind)
    form = form_class(formdata=data, meta=NO_CSRF)
    cases.set_topic_choices(form, articles.topics(), g.lang_code)
    if key is not None:
        form.idempotency_key.data = key
    else:
        form.idempotency_key.data = form.idempotency_key.default()
    return form


def file(form, fields: dict):
    """File the case as the page does; answer with its reference and an access token.

    With an ``Idempotency-Key`` the case's key also covers what is filed (every field and
    file): a retry of the same request finds the first case, while the same key with other
    content makes a case of its own, so a reused or guessed key never hands over another
    filing's case.
    """
    uploads = form.attachments.uploads()
    if request.headers.get("Idempotency-Key") is not None:
        fields = fields | {"idempotency_key": keyed_to_content(fields, uploads)}
    filed = cases.file_case(fields, uploads, g.lang_code)
    cases.send_acknowledgement(filed)
    replayed = filed.message_id is None  # the Idempotency-Key found the first case
    if not replayed:
        cases.count_as_accepted()  # a retry does not use up the client's filings
    case = filed.case
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    answer_by = cases.expected_answer_date(case)
    return write_response({
        "reference": case.reference, "kind": case.kind, "status": case.status,
        "status_label": cases.status_label(case.status),
        "token": cases.new_access_token(case),
        "answer_by": answer_by.isoformat() if answer_by else None,
    }, 201, headers)


def keyed_to_content(fields: dict, uploads: list) -> str:
    """The header's key (already hashed with the kind) combined with a digest of the content
    filed: the fields (not the moment of consent) and every file's name, type and bytes."""
    content = hashlib.sha256()
    for name in sorted(set(fields) - {"idempotency_key", "consent_at"}):
        content.update(f"{name}={fields[name]!r}\n".encode())
    for upload in uploads:
        content.update(f"{upload.filename!r} {upload.content_type}\n".encode())
        content.update(hashlib.sha256(upload.data).digest())
    combined = f"{fields['idempotency_key']}:{content.hexdigest()}"
    return hashlib.sha256(combined.encode()).hexdigest()[:32]
