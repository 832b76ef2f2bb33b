"""The case view (``/<lang>/staff/cases/<reference>``) and the actions a handler takes on it.

The page shows what the partner sees plus the internal notes, and one form per action the
case's status allows. Each form sends the case version the page showed; the case service
refuses the action when the case changed since (``StaleCase``), when its status does not allow
it (``ForbiddenMove``) or when the input is not acceptable (``InvalidInput``). Nothing is
saved then, and the page comes back with the typed text kept and the reason shown.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from helpcenter import clock
from helpcenter.articles import service as articles
from helpcenter.cases import service as cases
from helpcenter.extensions import db
from helpcenter.staff.auth import current_staff, login_required
from helpcenter.staff.forms import (
    AssignForm,
    CaseActionForm,
    CloseForm,
    NoteForm,
    RequestInfoForm,
    ResolutionForm,
    TakeUpForm,
    UpdateForm,
)
from helpcenter.staff.models import StaffUser
from helpcenter.staff.service import all_staff

STALE = _l("Someone else changed this case after you opened it, so nothing of yours was saved. "
           "The page now shows the latest version and your text is kept in the form: check it "
           "and send it again.")


@dataclass(frozen=True)
class Action:
    """One thing a handler can do: its form, the service call, the field its errors belong
    to, and the confirmation shown after it."""

    form: type[CaseActionForm]
    run: Callable[[cases.Case, CaseActionForm, StaffUser, int], cases.Done]
    field: str | None
    done: str


ACTIONS: dict[str, Action] = {
    "take-up": Action(TakeUpForm, lambda case, form, staff, version:
                      cases.take_up(case, staff, version),
                      None, _l("The case is assigned to you.")),
    "assign": Action(AssignForm, lambda case, form, staff, version:
                     cases.assign(case, int(form.assignee.data) if form.assignee.data else None,
                                  staff, version),
                     "assignee", _l("The assignment is saved.")),
    "note": Action(NoteForm, lambda case, form, staff, version:
                   cases.add_note(case, form.body.data, staff, version),
                   "body", _l("Your internal note is saved.")),
    "update": Action(UpdateForm, lambda case, form, staff, version:
                     cases.post_update(case, form.body.data, staff, version),
                     "body", _l("Your message is sent to the partner.")),
    "request-info": Action(RequestInfoForm, lambda case, form, staff, version:
                           cases.request_information(case, form.body.data, staff, version),
                           "body", _l("Your question is sent; the case now waits for the "
                                      "partner.")),
    "resolution": Action(ResolutionForm, lambda case, form, staff, version:
                         cases.propose_resolution(case, form.outcome.data,
                                                  form.explanation.data, staff, version),
                         "explanation", _l("The resolution is sent to the partner.")),
    "close": Action(CloseForm, lambda case, form, staff, version:
                    cases.close(case, staff, version, form.message.data),
                    "message", _l("The case is closed and the partner is told.")),
}


def found_case(reference: str) -> cases.Case:
    """The case with ``reference``, or 404."""
    case = cases.case_by_reference(reference)
    if case is None:
        abort(404)
    return case


def make_form(name: str, case: cases.Case, formdata=None) -> CaseActionForm:
    """The form of action ``name``, its choices filled in and carrying the case's version.

    Without ``formdata`` the form is empty (as the page offers it); with it, it holds what
    was sent.
    """
    action = ACTIONS[name]
    form = action.form(formdata=formdata, prefix=name) if formdata is not None else \
        action.form(formdata=None, prefix=name, version=case.version)
    if isinstance(form, AssignForm):
        form.assignee.choices = [("", gettext("Nobody"))] + [
            (str(s.id), s.name) for s in sorted(all_staff(), key=lambda s: s.name.lower())
            if s.active]
        if formdata is None and case.assignee_id is not None:
            form.assignee.data = str(case.assignee_id)
    if isinstance(form, ResolutionForm):
        form.outcome.choices = [(key, cases.outcome_label(key)) for key in cases.OUTCOMES]
    return form


def available_actions(case: cases.Case, staff: StaffUser) -> list[str]:
    """The actions the case's status allows, in the order the page shows them."""
    names = []
    if case.status not in cases.FINAL_STATUSES:
        if case.assignee_id != staff.id:
            names.append("take-up")
        names += ["assign", "update"]
    if cases.can_move(case.status, "waiting_for_partner", case.country):
        names.append("request-info")
    if cases.can_move(case.status, "resolved", case.country):
        names.append("resolution")
    if cases.can_move(case.status, "closed", case.country):
        names.append("close")
    names.append("note")
    return names


def render_case(case: cases.Case, sent: dict[str, CaseActionForm] | None = None,
                problem: str | None = None, status: int = 200):
    """The case page; ``sent`` holds a form sent with a problem, shown with what was typed."""
    staff = current_staff()
    sent = sent or {}
    names = available_actions(case, staff)
    names += [name for name in sent if name not in names]
    forms = {name: sent.get(name) or make_form(name, case) for name in names}
    now = clock.utcnow()
    topics = articles.topics()
    return render_template(
        "staff/case.html", case=case, forms=forms, problem=problem,
        thread=cases.thread(case, for_partner=False),
        timeline=cases.timeline(case, for_partner=False),
        overdue=cases.is_overdue(case, now), answer_by=cases.expected_answer_date(case),
        topics=topics, topic=cases.topic_label(topics, case), staff=staff), status


@login_required
def case(reference: str):
    """Everything about one case, and the forms to act on it."""
    return render_case(found_case(reference))


@login_required
def case_action(reference: str, action: str):
    """Run one action; back to the case (303) with a confirmation, or the page with why not."""
    case = found_case(reference)
    form = make_form(action, case, formdata=request.form)
    if not form.validate_on_submit():
        return render_case(case, {action: form}, status=400)
    version = form.expected_version()
    try:
        if version is None:
            raise cases.StaleCase()
        done = ACTIONS[action].run(case, form, current_staff(), version)
    except cases.StaleCase:
        db.session.rollback()
        case = found_case(reference)
        form.version.data = case.version
        return render_case(case, {action: form}, problem=str(STALE), status=409)
    except cases.InvalidInput as error:
        db.session.rollback()
        field = ACTIONS[action].field
        if field is None:
            return render_case(found_case(reference), {action: form}, error.message, 400)
        getattr(form, field).errors = [error.message]
        return render_case(found_case(reference), {action: form}, status=400)
    except cases.ForbiddenMove as error:
        db.session.rollback()
        return render_case(found_case(reference), {action: form}, error.message, 409)
    cases.send_emails(done)
    flash(str(ACTIONS[action].done), "success")
    return redirect(url_for("staff.case", reference=case.reference), 303)


@login_required
def attachment(reference: str, stored_name: str):
    """A file of the case, always as a download: never shown by the browser as a page."""
    case = found_case(reference)
    found = next((f for f in case.attachments if f.stored_name == stored_name), None)
    if found is None:
        abort(404)
    response = send_file(io.BytesIO(found.data), mimetype=found.content_type,
                         as_attachment=True, download_name=found.filename,
                         conditional=False, etag=False, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
