"""WTForms' own messages follow the page's language, read once per process for each language."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from helpcenter.forms import Form, wtforms_translations


class ChoiceForm(Form):
    class Meta:
        csrf = False

    colour = SelectField("Colour", choices=[SelectChoice("red", "Red")])


def error_in(app, lang: str) -> list[str]:
    """The error of an unknown choice on a page in ``lang``."""
    with app.test_request_context(f"/{lang}/complaint", method="POST", data={"colour": "x"}):
        app.preprocess_request()
        form = ChoiceForm()
        assert not form.validate()
        return form.colour.errors


def test_wtforms_messages_follow_each_pages_language(app):
    wtforms_translations.cache_clear()
    # a Dutch and an English visitor one after the other, and back: each gets their language
    for _ in range(2):
        assert error_in(app, "nl") == ["Ongeldige keuze."]
        assert error_in(app, "en") == ["Not a valid choice."]
    assert wtforms_translations.cache_info().misses == 2  # read once per language


def test_without_wtforms_i18n_the_messages_stay_english(make_app):
    app = make_app(WTF_I18N_ENABLED=False)
    assert error_in(app, "nl") == ["Not a valid choice."]
