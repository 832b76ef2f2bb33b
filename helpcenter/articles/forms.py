"""Forms of the article pages."""

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired, Length, Regexp


class SaveArticleForm(FlaskForm):
    """The Save / Remove button under an article title."""

    slug = HiddenField(validators=[DataRequired(), Length(max=120),
                                   Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$")])
    action = HiddenField(validators=[AnyOf(["save", "remove"])])
