"""Forms of the article pages."""

from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired, Length, Regexp

from helpcenter.forms import Form


class SaveArticleForm(Form):
    """The Save / Remove button under an article title (no CSRF token: see ``VoteForm``)."""

    class Meta:
        csrf = False

    slug = HiddenField(validators=[DataRequired(), Length(max=120),
                                   Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")])
    action = HiddenField(validators=[AnyOf(["save", "remove"])])
