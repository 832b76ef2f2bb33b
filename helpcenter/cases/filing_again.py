"""A filing form that could not be accepted, shown again with everything typed.

Three reasons, one page each: the form expired (CSRF, 400), too many forms from this address
(429, ``filing_limits``), and the database unavailable (503, ``helpcenter.outage``). The page
is the form itself with the partner's text, a notice at the top saying what happened, and the
files: held for the next try when the database can take them, else listed to be chosen again.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, render_template, request
from werkzeug.datastructures import CombinedMultiDict

from helpcenter import outage
from helpcenter.articles.store import content_store
from helpcenter.cases.attachment_field import (
    LISTED_NAME_MAX,
    AttachmentsField,
    files_to_add_again,
    keep_for_next_try,
)
from helpcenter.cases.forms import ComplaintForm, TechnicalIssueForm, set_topic_choices
from helpcenter.cases.uploads import chosen_files

FILING_FORMS = {"cases.complaint": (ComplaintForm, "cases/complaint.html"),
                "cases.technical_issue": (TechnicalIssueForm, "cases/technical_issue.html")}


@dataclass(frozen=True)
class ListedFile:
    """A held file as the page listed it, when the database cannot say more (no size)."""

    stored_name: str
    filename: str
    size: int | None = None


def is_filing_post() -> bool:
    """Whether this request sent one of the two filing forms."""
    return request.method == "POST" and request.endpoint in FILING_FORMS


def form_as_sent():
    """The filing form filled in from this request, with its choices in the page's language."""
    form_class, _template = FILING_FORMS[request.endpoint]
    form = form_class(formdata=CombinedMultiDict((request.files, request.form)))
    set_topic_choices(form, content_store().library().topics, g.lang_code)
    return form


def show_again(form, status: int, headers: dict | None = None, **notice):
    """The filing page again: ``notice`` says why (``expired``, ``limited``, ``unavailable``)."""
    _form_class, template = FILING_FORMS[request.endpoint]
    return render_template(template, form=form, **notice), status, headers or {}


def expired_page():
    """The form expired: nothing new can be trusted, so new files are to be chosen again."""
    form = form_as_sent()
    files_to_add_again(form.attachments, form.idempotency_key.data)
    return show_again(form, 400, expired=True)


def limited_page(notice: str):
    """Too many forms from this address: the form with its files held and when to send it."""
    form = form_as_sent()
    try:
        form.validate()  # checks the new files, so the good ones are held for the next try
        keep_for_next_try(form.attachments, form.idempotency_key.data)
    except outage.DATABASE_ERRORS as error:
        if not outage.is_outage(error):
            raise
        outage.roll_back(error)
        files_without_database(form.attachments)
    return show_again(form, 429, limited=notice)


def unavailable_page(error: BaseException):
    """The database failed while filing: rolled back, the form again, 503 with Retry-After."""
    outage.roll_back(error)
    form = form_as_sent()
    try:  # reads may still work (SQLite locked by a writer): list the held files fully
        files_to_add_again(form.attachments, form.idempotency_key.data)
    except outage.DATABASE_ERRORS as read_error:
        if not outage.is_outage(read_error):
            raise
        outage.roll_back(read_error)
        files_without_database(form.attachments)
    return show_again(form, 503, {"Retry-After": str(outage.retry_after())}, unavailable=True)


def files_without_database(field: AttachmentsField) -> None:
    """Files when the database cannot be asked: the held ones as the page listed them (they
    are still held), and the new ones named, to be chosen again."""
    field.held = [ListedFile(stored, name) for stored, name in field.listed.items()
                  if stored not in field.removed]
    field.lost = [(file.filename or "")[:LISTED_NAME_MAX] for file in chosen_files(field.data)]
