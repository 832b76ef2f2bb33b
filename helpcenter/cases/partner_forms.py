"""The forms on the partner's case page: reply, accept, disagree, mediation, withdraw, lost link.

Every one is a ``helpcenter.forms.Form``, so it carries Flask-WTF's token. The forms that act on
the resolution also carry the case version the page showed (``version``): accepting an offer
that changed in the meantime is refused (``StaleCase``) instead of accepting the new one
unseen. A reply does not: a message the handler sent meanwhile does not make it wrong.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from helpcenter.cases.attachment_field import check_attachments
from helpcenter.cases.forms import (
    MESSAGE_MAX,
    TextLength,
    attachments_field,
    new_idempotency_key,
)
from helpcenter.forms import Form

REASON_MAX = 2000
REFERENCE_PATTERN = re.compile(r"HC-[2-9A-Z]{4}-[2-9A-Z]{4}")


def normal_reference(value: str | None) -> str:
    """A reference as people type it ("hc 7k4m q2xp") in the form we print (HC-7K4M-Q2XP)."""
    text = re.sub(r"[\s_-]+", "", (value or "").upper())
    if len(text) == 10 and text.startswith("HC"):
        return f"HC-{text[2:6]}-{text[6:]}"
    return (value or "").strip().upper()


class VersionForm(Form):
    """A button that acts on the case as the page showed it (accept, ask for mediation)."""

    version = HiddenField()

    def expected_version(self) -> int:
        """The version the page showed; -1 (always stale) when it is missing or garbled."""
        value = self.version.data or ""
        return int(value) if value.isdigit() and len(value) < 10 else -1


class ReplyForm(Form):
    """The partner's message to the case handler, with files.

    Like the filing forms it has an idempotency key, so files of a reply sent with errors are
    held for the next try (``attachment_field``).
    """

    idempotency_key = HiddenField(default=new_idempotency_key)
    message = TextAreaField(_l("Your message"), validators=[
        DataRequired(message=_l("Write your message.")), TextLength(1, MESSAGE_MAX)])
    attachments = attachments_field(_l("Attachments"))

    def validate_attachments(self, field) -> None:
        """The same checks as the filing forms, with the same held files."""
        check_attachments(field, self.idempotency_key.data)


class DisagreeForm(VersionForm):
    """Why the partner does not accept the offered resolution."""

    reason = TextAreaField(_l("Why do you disagree?"), validators=[
        DataRequired(message=_l("Tell us why you disagree with the resolution.")),
        TextLength(1, MESSAGE_MAX)], description=_l(
        "Tell us what is wrong with the resolution and what you expected."))


class WithdrawForm(VersionForm):
    """The confirmation step of withdrawing a case, with an optional reason."""

    reason = TextAreaField(_l("Why are you withdrawing the case?"), validators=[
        Optional(), TextLength(0, REASON_MAX)])


class LostLinkForm(Form):
    """Reference and email address: the link is emailed again when they belong together."""

    reference = StringField(_l("Case reference"), validators=[
        DataRequired(message=_l("Enter your case reference.")),
        Regexp(REFERENCE_PATTERN.pattern + r"\Z",
               message=_l("Enter a case reference like HC-7K4M-Q2XP."))],
        filters=[normal_reference],
        description=_l("For example HC-7K4M-Q2XP. It is in the subject of every email about "
                       "your case."))
    email = EmailField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter your email address.")),
        Length(max=254, message=_l("Use at most %(max)d characters.", max=254)),
        Email(message=_l("Enter an email address like name@example.com."),
              check_deliverability=False)],
        description=_l("The address you gave when you submitted the case."))


class SignInForm(Form):
    """The email address a "My cases" sign-in link is sent to."""

    email = EmailField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter your email address.")),
        Length(max=254, message=_l("Use at most %(max)d characters.", max=254)),
        Email(message=_l("Enter an email address like name@example.com."),
              check_deliverability=False)],
        description=_l("The address you gave when you submitted your complaints or reports."))
