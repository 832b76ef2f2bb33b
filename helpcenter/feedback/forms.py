"""The vote form: the answer, and after "No" an optional reason and comment."""

from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from helpcenter.forms import Form

COMMENT_MAX = 1000
REASONS = [
    SelectChoice("inaccurate", _l("The information is wrong or out of date")),
    SelectChoice("unclear", _l("It is hard to understand")),
    SelectChoice("incomplete", _l("Information is missing")),
    SelectChoice("not-relevant", _l("It is not what I was looking for")),
]
REASON_LABELS = {choice.value: choice.label for choice in REASONS}


def comment_length(form, field) -> None:
    """Refuse a comment over ``COMMENT_MAX`` characters, the number in the page's format."""
    if field.data and len(field.data) > COMMENT_MAX:
        raise ValidationError(_("Keep your comment under %(max)s characters.",
                                max=format_number(COMMENT_MAX)))


class VoteForm(Form):
    """Yes or No; with No, why (optional) and a comment (optional, length-limited).

    No CSRF token: the panel sits in pages cached for every visitor, and the cross-origin
    check (``helpcenter.crossorigin``) stops forged votes.
    """

    class Meta:
        csrf = False

    answer = RadioField(
        _l("Was this article helpful?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(message=_l("Choose Yes or No."))],
        invalid_choice_message=_l("Choose Yes or No."),
    )
    reason = RadioField(
        _l("What was the problem?"), choices=REASONS, validators=[Optional()],
        validate_choice=True, invalid_choice_message=_l("Choose one of the problems listed."),
    )
    comment = TextAreaField(
        _l("Anything else you want to tell us? (optional)"),
        validators=[Optional(), comment_length],
        description=_l("Please do not include personal details. We cannot reply here."),
    )
