"""The From header: the sender's name follows the email's language, as configured."""

import email
import email.policy

import pytest

from helpcenter import create_app
from helpcenter.config import DefaultConfig
from helpcenter.mail.transports import build_message


def from_header(app, lang: str) -> str:
    """The From header of an email in ``lang`` as a mail program reads it."""
    with app.app_context():
        raw = build_message("anna@example.nl", "Subject", "Body\n", lang).as_bytes()
    return email.message_from_bytes(raw, policy=email.policy.default)["From"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", "Helpcentrum voor partners <help@example.com>"),
    ("en", "Partner Help Centre <help@example.com>"),
])
def test_default_sender_name_is_in_the_email_language(app, lang, expected):
    assert from_header(app, lang) == expected


def test_sender_name_and_address_are_configurable_per_language(make_app):
    app = make_app(MAIL_SENDER_ADDRESS="partners@example.org",
                   MAIL_SENDER_NAME={"nl": "Klantenservice, partners", "en": "Partner support"})
    assert from_header(app, "nl") == '"Klantenservice, partners" <partners@example.org>'
    assert from_header(app, "en") == "Partner support <partners@example.org>"
    with app.app_context():
        message = build_message("anna@example.nl", "Subject", "Body\n", "nl")
    assert message["Message-ID"].endswith("@example.org>")


def test_a_language_without_a_name_gets_the_bare_address(make_app):
    app = make_app(MAIL_SENDER_NAME={"en": "Partner Help Centre"})
    assert from_header(app, "nl") == "help@example.com"


def test_one_name_for_every_language(make_app):
    app = make_app(MAIL_SENDER_NAME="Helpdesk")
    assert from_header(app, "nl") == from_header(app, "en") == "Helpdesk <help@example.com>"


def test_the_older_mail_sender_setting_still_wins(make_app):
    app = make_app(MAIL_SENDER="Acme Partners <help@acme.example>")
    assert from_header(app, "nl") == from_header(app, "en") == "Acme Partners <help@acme.example>"


def test_one_language_from_the_environment_leaves_the_defaults_alone(monkeypatch, tmp_path):
    monkeypatch.setenv("HELPCENTER_MAIL_SENDER_NAME__nl", "Partnerhulp")
    app = create_app({"INSTANCE_PATH": tmp_path, "SECRET_KEY": "test"})
    assert app.config["MAIL_SENDER_NAME"] == {"nl": "Partnerhulp", "en": "Partner Help Centre"}
    assert DefaultConfig.MAIL_SENDER_NAME["nl"] == "Helpcentrum voor partners"
