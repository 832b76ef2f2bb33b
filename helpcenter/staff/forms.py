"""The staff console's forms: login, and the actions on a case."""

from __future__ import annotations

from flask_babel import format_number, gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from helpcenter.forms import Form


class LoginForm(Form):
    """Email address and password; whether they match is checked by the view."""

    email = EmailField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter your email address."))])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(message=_l("Enter your password."))])


class QueueFilterForm(Form):
    """The queue's filters: a GET form, so a filtered queue is a link one can bookmark.

    The choices are set per request (topics, colleagues, the page's language); a value that
    is not one of them is ignored, never an error.
    """

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[], default="active")
    kind = SelectField(_l("Kind"), choices=[], default="")
    topic = SelectField(_l("Topic"), choices=[], default="")
    lang = SelectField(_l("Language of the case"), choices=[], default="")
    assignee = SelectField(_l("Assigned to"), choices=[], default="anyone")
    overdue = BooleanField(_l("Only overdue cases"))


# The case view's action forms. Each carries the case version the page showed; the action
# passes it on as ``expected_version``, so a stale page cannot overwrite a colleague's work.

TEXT_MAX = 5000


class MaxLength:
    """At most ``max`` characters, with the number formatted in the page's language."""

    def __init__(self, max: int = TEXT_MAX):
        self.max = max

    def __call__(self, form, field) -> None:
        length = len((field.data or "").replace("\r\n", "\n"))
        if length > self.max:
            raise ValidationError(gettext(
                "This text is too long: use at most %(max)s characters (now %(count)s).",
                max=format_number(self.max), count=format_number(length)))


def text_field(label, required_message=None, description=None) -> TextAreaField:
    """A message box: required unless ``required_message`` is None, never too long."""
    first = DataRequired(message=required_message) if required_message else Optional()
    return TextAreaField(label, description=description, validators=[first, MaxLength()])


class CaseActionForm(Form):
    """The base of every action on a case: the version of the case the page showed."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        """The version sent with the form, or None when it is missing or not a number."""
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class TakeUpForm(CaseActionForm):
    """"Assign to me": nothing to fill in."""


class AssignForm(CaseActionForm):
    """Give the case to a colleague (or to nobody); the choices are the active accounts."""

    assignee = SelectField(_l("Assign to"), choices=[])


class NoteForm(CaseActionForm):
    """An internal note: only staff ever see it."""

    body = text_field(_l("Internal note"), _l("Write the note."),
                      _l("Only staff see internal notes. They are never sent to the partner."))


class UpdateForm(CaseActionForm):
    """A message to the partner, emailed to them."""

    body = text_field(_l("Message to the partner"), _l("Write the message to the partner."))


class RequestInfoForm(CaseActionForm):
    """A question to the partner; the case then waits for their answer."""

    body = text_field(_l("What do you need from the partner?"),
                      _l("Write what the partner should send."),
                      _l("The case waits for the partner until they reply."))


class ResolutionForm(CaseActionForm):
    """The outcome and its explanation; the partner may accept it or disagree."""

    outcome = RadioField(_l("Outcome"), choices=[], validators=[
        InputRequired(message=_l("Choose an outcome."))])
    explanation = text_field(_l("Explanation for the partner"),
                             _l("Explain the outcome to the partner."))


class CloseForm(CaseActionForm):
    """Close the case, with an optional last message to the partner."""

    message = text_field(_l("Last message to the partner (optional)"))
