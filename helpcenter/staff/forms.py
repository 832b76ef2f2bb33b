"""The staff login form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from helpcenter.forms import Form


class LoginForm(Form):
    """Email address and password; whether they match is checked by the view."""

    email = EmailField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter your email address."))])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(message=_l("Enter your password."))])
