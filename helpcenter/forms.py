"""The base of every form: text fields are cleaned before any check sees them.

Control characters (NUL above all: PostgreSQL refuses it in text) are removed, except line
breaks and tabs in multi-line text, and surrounding spaces are stripped, so a pasted
" anna@example.nl " is still an email address.
"""

from __future__ import annotations

import functools
import re

from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS = re.compile(r"[\r\n\t]+")


def clean_text(value):
    """Text without control characters and surrounding spaces; other values unchanged."""
    if not isinstance(value, str):
        return value
    return CONTROL.sub("", value).strip()


def clean_line(value):
    """``clean_text`` for one-line fields: line breaks and tabs become a space."""
    value = clean_text(value)
    return LINE_BREAKS.sub(" ", value) if isinstance(value, str) else value


@functools.lru_cache(maxsize=8)
def wtforms_translations(locale: str) -> support.Translations:
    """WTForms' own messages in ``locale``, read once per process.

    Flask-WTF reads WTForms' catalogue from disk for every request that builds a form; the
    catalogue is part of the installed package, the same for everyone.
    """
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class Form(FlaskForm):
    """FlaskForm with the text filters on every field."""

    class Meta:
        def get_translations(self, form):
            """WTForms' messages in the page's language (as Flask-WTF's, without the reread)."""
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            locale = get_locale()
            return wtforms_translations(str(locale)) if locale is not None else None

        def bind_field(self, form, unbound_field, options):
            """Add the filter that fits the field: multi-line text keeps its line breaks."""
            multiline = unbound_field.field_class.__name__ == "TextAreaField"
            filters = list(unbound_field.kwargs.get("filters", ()))  # the field's own, after
            filters.insert(0, clean_text if multiline else clean_line)
            return unbound_field.bind(form=form, filters=filters, **options)
