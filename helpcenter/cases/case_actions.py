"""What the partner does on the case page: reply, accept or disagree, mediation, withdraw.

Each action is a plain form POST with Flask-WTF's token (and the site's cross-origin check in
front); it calls the cases service, then redirects (303) to the case page with a flashed
confirmation. Bad input shows the page again with the errors and everything typed (400); an
action the service refuses (the status does not allow it, or the case changed meanwhile) shows
the service's message beside the form and changes nothing (409). A GET of an action's URL
(the language switcher on an error page) just goes back to the case page. While the database
is unavailable, a form with typed text comes back on a page of its own (503).
"""

from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from helpcenter import outage
from helpcenter.cases import service as cases
from helpcenter.cases.attachment_field import keep_for_next_try
from helpcenter.cases.case_page import back_to, case_or_how_to_get_in, private, render_case
from helpcenter.cases.labels import status_label
from helpcenter.cases.partner_forms import DisagreeForm, ReplyForm, VersionForm, WithdrawForm
from helpcenter.cases.uploads import chosen_files
from helpcenter.cases.views import bp

CASE_URL = "/<lang:lang_code>/cases/<reference>"
ACTION_METHODS = ["GET", "POST"]


def refusal_status(error: cases.CaseError) -> int:
    """409 when the case's state is in the way (changed, or not allowed now); 400 otherwise."""
    return 400 if isinstance(error, cases.InvalidInput) else 409


def refusal_message(error: cases.CaseError) -> str:
    """The service's reason, or, when the case's status stood in the way, what it is now.

    The service words a forbidden move for staff ("a case that is accepted cannot become
    accepted"); a partner who pressed a button twice or in an old tab needs to hear where
    their case stands.
    """
    if isinstance(error, cases.ForbiddenMove) and error.status:
        return _("That is no longer possible: your case is now “%(status)s”. The page shows "
                 "what you can do now.", status=status_label(error.status))
    return error.message


def finish(done: cases.Done, message: str):
    """Send the action's emails, say what happened, and go back to the case page."""
    cases.send_emails(done)
    flash(message, "success")
    return back_to(done.case)


def plain_text(text: str | None) -> str | None:
    """What the partner typed, with the browser's CR LF line breaks stored as LF."""
    return text.replace("\r\n", "\n") if text else text


@bp.route(CASE_URL + "/reply", methods=ACTION_METHODS)
def reply(reference: str):
    """The partner's message (with up to three files); a case waiting for them moves on."""
    case = case_or_how_to_get_in(reference)
    if request.method == "GET":
        return back_to(case)
    form = ReplyForm()
    if not form.validate_on_submit():
        keep_for_next_try(form.attachments, form.idempotency_key.data)  # files stay attached
        return render_case(case, 400, {"reply": form})
    try:
        done = cases.partner_reply(case, plain_text(form.message.data),
                                   form.attachments.uploads(),
                                   idempotency_key=form.idempotency_key.data)
    except cases.CaseError as error:
        return render_case(case, refusal_status(error), {"reply": form},
                           ("reply", refusal_message(error)))
    return finish(done, _("Your message has been sent."))


@bp.route(CASE_URL + "/accept", methods=ACTION_METHODS)
def accept(reference: str):
    """The partner accepts the offered resolution."""
    case = case_or_how_to_get_in(reference)
    if request.method == "GET":
        return back_to(case)
    form = VersionForm()
    form.validate_on_submit()
    try:
        done = cases.accept_resolution(case, form.expected_version())
    except cases.CaseError as error:
        return render_case(case, refusal_status(error),
                           problem=("accept", refusal_message(error)))
    return finish(done, _("You have accepted the resolution."))


@bp.route(CASE_URL + "/disagree", methods=ACTION_METHODS)
def disagree(reference: str):
    """The partner disagrees with the resolution and says why (required)."""
    case = case_or_how_to_get_in(reference)
    if request.method == "GET":
        return back_to(case)
    form = DisagreeForm()
    if not form.validate_on_submit():
        return render_case(case, 400, {"disagree": form})
    try:
        done = cases.disagree(case, plain_text(form.reason.data), form.expected_version())
    except cases.CaseError as error:
        return render_case(case, refusal_status(error), {"disagree": form},
                           ("disagree", refusal_message(error)))
    return finish(done, _("We have recorded that you disagree with the resolution."))


@bp.route(CASE_URL + "/mediation", methods=ACTION_METHODS)
def mediation(reference: str):
    """A partner in the EEA who disagreed asks for mediation; the service records it."""
    case = case_or_how_to_get_in(reference)
    if request.method == "GET":
        return back_to(case)
    form = VersionForm()
    form.validate_on_submit()
    try:
        done = cases.request_mediation(case, form.expected_version())
    except cases.CaseError as error:
        return render_case(case, refusal_status(error),
                           problem=("mediation", refusal_message(error)))
    return finish(done, _("We have recorded your request for mediation."))


@bp.route(CASE_URL + "/withdraw", methods=ACTION_METHODS)
def withdraw(reference: str):
    """Withdrawing takes two steps: this page asks to confirm (with an optional reason)."""
    case = case_or_how_to_get_in(reference)
    form = WithdrawForm()
    if request.method == "GET" or not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_withdraw(case, form, status)
    try:
        done = cases.withdraw(case, plain_text(form.reason.data), form.expected_version())
    except cases.CaseError as error:
        form.form_errors.append(refusal_message(error))
        return render_withdraw(case, form, refusal_status(error))
    return finish(done, _("You have withdrawn your case."))


def render_withdraw(case: cases.Case, form: WithdrawForm, status: int):
    """The confirmation page; a case that can no longer be withdrawn says so instead."""
    allowed = cases.can_move(case.status, "withdrawn", case.country)
    page = render_template("cases/withdraw.html", case=case, form=form, allowed=allowed)
    return private((page, status))


# The partner's forms by endpoint, for a token that expired while the partner was typing.
EXPIRED_FORMS = {"cases.reply": ("reply", ReplyForm), "cases.disagree": ("disagree", DisagreeForm)}


def expired_form():
    """A partner form whose CSRF token was missing or expired: nothing is done, and the page
    comes back with what was typed and a fresh token (400)."""
    try:
        case = case_or_how_to_get_in(request.view_args["reference"])
    except HTTPException as no_access:  # raised from an error handler it would become a 500
        return no_access.get_response()
    if request.endpoint == "cases.withdraw":
        form = WithdrawForm(formdata=request.form)
        form.form_errors.append(_("The form expired. Please send it again."))
        return render_withdraw(case, form, 400)
    name, form_class = EXPIRED_FORMS.get(request.endpoint, (None, None))
    forms = {name: form_class(formdata=request.form)} if name else {}
    problem = (request.endpoint.removeprefix("cases."),
               _("For your security this form expired. We kept what you typed: check it and "
                 "send it again. Attachments have to be added again."))
    return render_case(case, 400, forms, problem)


PARTNER_ACTIONS = frozenset({"cases.reply", "cases.accept", "cases.disagree", "cases.mediation",
                             "cases.withdraw"})


# The partner's forms that carry typed text, by endpoint: during a database outage they come
# back on a page of their own (the case page itself needs the database).
TEXT_FORMS = {"cases.reply": ReplyForm, "cases.disagree": DisagreeForm,
              "cases.withdraw": WithdrawForm}


def unavailable_form(error: BaseException):
    """The database is unavailable: a partner form that carries text comes back with it.

    Nothing was done (the session is rolled back); the page holds the form with what was
    typed, a notice, and a fresh CSRF token, and answers 503 with ``Retry-After``.
    """
    outage.roll_back(error)
    form = TEXT_FORMS[request.endpoint](formdata=request.form)
    page = render_template("cases/action_unavailable.html", form=form,
                           action=request.endpoint, reference=request.view_args["reference"],
                           files_lost=bool(chosen_files(request.files.getlist("attachments"))))
    return private((page, 503, {"Retry-After": str(outage.retry_after())}))
