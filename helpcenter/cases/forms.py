"""The complaint form and the technical-issue form, with their checks.

Labels are lazy (translated when shown); choices that come from ``content/topics.yaml`` and
the country list are set per request in the page's language.
"""

from __future__ import annotations

import uuid

from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from helpcenter.cases.attachment_field import AttachmentsField, check_attachments
from helpcenter.cases.countries import country_choices
from helpcenter.forms import Form

MESSAGE_MIN, MESSAGE_MAX = 30, 5000
PROPERTY_ID = Regexp(r"^[0-9]{1,12}\Z", message=_l("A property ID is a number of up to 12 digits."))


def new_idempotency_key() -> str:
    """A fresh key for one filling-in of a form: a resubmission carries the same one."""
    return uuid.uuid4().hex


class TextLength:
    """Between ``min`` and ``max`` characters, with an error that says which end was missed.

    The numbers are formatted when the error is raised, in the page's language (5.000 in
    Dutch, 5,000 in English). A line break counts as one character, as the browser's
    ``maxlength`` counts it, although it arrives as two (CR LF).
    """

    def __init__(self, min: int, max: int):
        self.min, self.max = min, max

    def __call__(self, form, field) -> None:
        length = len((field.data or "").replace("\r\n", "\n"))
        if length < self.min:
            raise ValidationError(_("Your text is too short: write at least %(min)s characters.",
                                    min=format_number(self.min)))
        if length > self.max:
            raise ValidationError(_(
                "Your text is too long: use at most %(max)s characters (now %(count)s).",
                max=format_number(self.max), count=format_number(length)))


def name_field() -> StringField:
    """The requester's name (declared in each form, so fields keep the page's order)."""
    return StringField(_l("Your name"), validators=[
        DataRequired(message=_l("Enter your name.")),
        Length(max=100, message=_l("Use at most %(max)d characters.", max=100))])


def email_field() -> EmailField:
    """The address the acknowledgement and the case link go to."""
    return EmailField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter your email address.")),
        Length(max=254, message=_l("Use at most %(max)d characters.", max=254)),
        Email(message=_l("Enter an email address like name@example.com."),
              check_deliverability=False)],
        description=_l("We send the confirmation and the link to your case here."))


def attachments_field(label) -> AttachmentsField:
    """Up to three files, counting those held from an earlier try of the same form."""
    return AttachmentsField(label, description=_l(
        "Up to 3 files: PNG, JPEG or PDF, at most 5 MB each."))


class CaseForm(Form):
    """What both forms share: the anti-abuse fields and the attachment checks."""

    # A field people never see: bots fill it in, and then no case is made.
    website = StringField(_l("Leave this field empty"))
    idempotency_key = HiddenField(default=new_idempotency_key,
                                  validators=[Regexp(r"^[0-9a-f]{32}\Z")])

    def validate_attachments(self, field) -> None:
        """New files checked; files held from the last try counted (``attachment_field``)."""
        check_attachments(field, self.idempotency_key.data)


class ComplaintForm(CaseForm):
    """The Dispute resolution centre's complaint form: who you are, what happened, files.

    The property ID is asked beneath "Partner" (revealed when it is chosen, with JavaScript)
    and required only for partners; a guest's is ignored, whatever it holds.
    """

    requester_type = RadioField(_l("I am a"), choices=[
        SelectChoice("partner", _l("Partner (I rent out accommodation)")),
        SelectChoice("guest", _l("Guest"))],
        validators=[InputRequired(message=_l("Choose partner or guest."))],
        invalid_choice_message=_l("Choose partner or guest."))
    # In the order of the page (the error summary lists errors in this order): the property
    # ID sits beneath "Partner", above the name.
    property_id = StringField(_l("Property ID"), description=_l(
        "The number of your property in the extranet."))
    name = name_field()
    email = email_field()
    phone = StringField(_l("Phone number"), validators=[
        Optional(), Regexp(r"^\+?[0-9 ()-]{6,20}\Z", message=_l(
            "Enter a phone number like +31 20 123 4567: digits, with spaces or hyphens if you "
            "like."))])
    country = SelectField(_l("Country"), validators=[
        DataRequired(message=_l("Choose your country."))],
        invalid_choice_message=_l("Choose a country from the list."),
        description=_l("Where you or your property are established."))
    topic = SelectField(_l("Topic"), validators=[DataRequired(message=_l("Choose a topic."))],
                        invalid_choice_message=_l("Choose a topic."))
    message = TextAreaField(_l("Message"), validators=[
        DataRequired(message=_l("Describe your complaint.")),
        TextLength(MESSAGE_MIN, MESSAGE_MAX)],
        description=_l("What happened, when, and what you would like us to do. The more "
                       "detail, the sooner we can solve it."))
    attachments = attachments_field(_l("Attachments"))
    consent = BooleanField(_l("I agree that my details are used to handle this complaint."),
                           validators=[DataRequired(message=_l(
                               "We can only handle your complaint with your consent."))])

    def validate_property_id(self, field) -> None:
        """Partners must give their property ID, in digits; a guest's is not asked."""
        field.data = (field.data or "").strip()
        if self.requester_type.data != "partner":
            field.data = ""
            return
        if not field.data:
            raise ValidationError(_l("Enter your property ID."))
        PROPERTY_ID(self, field)


class TechnicalIssueForm(CaseForm):
    """Reporting a technical issue with the extranet or the Pulse app, in the complaint
    form's order: who you are, what happened, files."""

    name = name_field()
    email = email_field()
    property_id = StringField(_l("Property ID"), validators=[
        DataRequired(message=_l("Enter your property ID.")), PROPERTY_ID],
        description=_l("The number of your property in the extranet."))
    location = RadioField(_l("Where did it happen?"), choices=[
        SelectChoice("extranet", _l("Extranet")), SelectChoice("pulse-app", _l("Pulse app"))],
        validators=[InputRequired(message=_l("Choose the extranet or the Pulse app."))],
        invalid_choice_message=_l("Choose the extranet or the Pulse app."))
    topic = SelectField(_l("Topic"), validators=[DataRequired(message=_l("Choose a topic."))],
                        invalid_choice_message=_l("Choose a topic."))
    subtopic = SelectField(_l("Subtopic"), validators=[
        DataRequired(message=_l("Choose a subtopic."))], validate_choice=False)
    message = TextAreaField(_l("Description"), validators=[
        DataRequired(message=_l("Describe the problem.")),
        TextLength(MESSAGE_MIN, MESSAGE_MAX)],
        description=_l("What you did, what you expected and what happened instead."))
    device = StringField(_l("Device and app version"), validators=[
        Optional(), Length(max=100, message=_l("Use at most %(max)d characters.", max=100))],
        description=_l("For example: iPhone 15, Pulse 24.3"))
    attachments = attachments_field(_l("Screenshots"))

    def validate_subtopic(self, field) -> None:
        """The subtopic must belong to the chosen topic (the list shows every topic's)."""
        valid = {choice.value for choice in self.subtopic.choices}
        if field.data not in valid or field.data.split("/", 1)[0] != self.topic.data:
            raise ValidationError(_l("Choose a subtopic of the topic you chose."))


def set_topic_choices(form: CaseForm, topics, lang: str) -> None:
    """Fill the topic, subtopic and country lists in ``lang`` (from ``content/topics.yaml``)."""
    placeholder = SelectChoice("", _l("Choose…"))
    if isinstance(form, ComplaintForm):
        form.topic.choices = [placeholder] + [
            SelectChoice(key, item["label"][lang]) for key, item in topics.complaint_topics.items()]
        form.country.choices = [placeholder] + [
            SelectChoice(code, name) for code, name in country_choices(lang)]
        return
    form.topic.choices = [placeholder] + [
        SelectChoice(key, item["label"][lang]) for key, item in topics.technical_topics.items()]
    form.subtopic.choices = [placeholder] + [
        SelectChoice(f"{key}/{sub_key}", sub["label"][lang], optgroup=item["label"][lang])
        for key, item in topics.technical_topics.items()
        for sub_key, sub in item["subtopics"].items()
    ]
