"""Replies by email and our mail server's ``Authentication-Results`` (RFC 8601), over SMTP.

With ``MAIL_RECEIVE_TRUSTED_AUTHSERV_ID`` set, the reply token and the case's address in
``From`` are not enough: the ``Authentication-Results`` our own server (that id) added must
say the ``From`` passed DMARC (or, when configured, aligned SPF or DKIM). Anyone holding a
forwarded case email could otherwise write the partner's address in ``From``.
"""

from __future__ import annotations

import pytest

from tests.mail.inbound_emails import gmail_en, outlook_nl, send
from tests.mail.inbound_helpers import answers, case_state, open_case, running_receiver

OURS = "mx.replies.example.com"
ANNA = "anna@example.nl"
TEXT = "The guest left two days early; the full price applies."
STORED = ("partner", "message", TEXT, [])


def reply(sent, *results: str, sender: str = ANNA, lang: str = "en"):
    """A reply from ``sender`` carrying ``results`` as Authentication-Results headers, newest
    first (as mail servers prepend them)."""
    make = gmail_en if lang == "en" else outlook_nl
    message = make(sent, sender, TEXT, name="Anna de Vries")
    for result in results:
        message["Authentication-Results"] = result
    return message


def outcome(app, lang: str, *results: str, sender: str = ANNA) -> tuple[bool, list]:
    """Send a reply to a new case over SMTP: (whether it was stored, the answers sent)."""
    reference, sent = open_case(app, ANNA, lang)
    before = case_state(app, reference)
    with running_receiver(app) as port:
        assert send(port, reply(sent, *results, sender=sender, lang=lang)) == {}
    after = case_state(app, reference)
    stored = after["messages"] == [*before["messages"], STORED]
    if not stored:
        assert after == {**before, "emails": before["emails"] + 1}  # nothing changed
    return stored, answers(app)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_reply_whose_from_passed_dmarc_at_our_server_is_stored(make_app, lang):
    app = make_app(MAIL_RECEIVE_TRUSTED_AUTHSERV_ID=OURS)
    stored, answered = outcome(app, lang, f"{OURS}; dmarc=pass (p=none dis=none) "
                               "header.from=example.nl; spf=pass smtp.mailfrom=example.nl")
    assert stored and answered == []


def test_the_authserv_id_and_methods_are_read_without_regard_to_case_and_comments(make_app):
    app = make_app(MAIL_RECEIVE_TRUSTED_AUTHSERV_ID=OURS)
    stored, _ = outcome(app, "en", 'MX.Replies.Example.com 1; (the "first" check) '
                        "DMARC=Pass (p=reject; dis=none) header.from=Example.NL")
    assert stored


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("results", [
    (f"{OURS}; dmarc=fail (p=none dis=none) header.from=example.nl",),
    (f"{OURS}; dmarc=none header.from=example.nl; spf=pass smtp.mailfrom=example.nl",),
    (f"{OURS}; dmarc=pass header.from=attacker.example",),  # passed, for another domain
    (f"{OURS}; none",),
    (),  # no header at all
])
def test_a_reply_that_did_not_pass_is_treated_like_another_sender(make_app, lang, results):
    app = make_app(MAIL_RECEIVE_TRUSTED_AUTHSERV_ID=OURS)
    stored, answered = outcome(app, lang, *results)
    assert not stored
    [(recipient, subject, answer_lang, body)] = answered
    assert (recipient, answer_lang) == (ANNA, lang)
    assert {"nl": "vanaf een ander adres dan het adres waarmee de zaak is ingediend",
            "en": "from an address other than the one the case was filed with"}[lang] in body


@pytest.mark.parametrize("forged", [
    "mx.attacker.example; dmarc=pass header.from=example.nl",
    f"{OURS}.attacker.example; dmarc=pass header.from=example.nl",
    f"mx.attacker.example; dmarc=pass header.from=example.nl (but {OURS}; dmarc=pass)",
])
def test_a_forged_header_of_another_server_is_ignored(make_app, forged):
    """The sender may write any header; only the one our server added counts."""
    app = make_app(MAIL_RECEIVE_TRUSTED_AUTHSERV_ID=OURS)
    ours_failed = f"{OURS}; dmarc=fail header.from=example.nl"
    assert outcome(app, "en", forged)[0] is False
    assert outcome(app, "en", ours_failed, forged)[0] is False


def test_only_the_newest_header_of_our_server_counts(make_app):
    """Our server prepends its header; an older one claiming our id came with the email."""
    app = make_app(MAIL_RECEIVE_TRUSTED_AUTHSERV_ID=OURS)
    ours_failed = f"{OURS}; dmarc=fail header.from=example.nl"
    forged_as_ours = f"{OURS}; dmarc=pass header.from=example.nl"
    assert outcome(app, "en", ours_failed, forged_as_ours)[0] is False


@pytest.mark.parametrize(("methods", "result", "stored"), [
    (["dmarc"], f"{OURS}; dmarc=fail; spf=pass smtp.mailfrom=bounces.example.nl", False),
    (["dmarc", "spf"], f"{OURS}; dmarc=fail; spf=pass smtp.mailfrom=bounces.example.nl", True),
    ("spf,dkim", f"{OURS}; spf=pass smtp.mailfrom=bounce@example.nl", True),
    ("spf,dkim", f"{OURS}; spf=pass smtp.mailfrom=bounce@mailer.example", False),  # unaligned
    ("dkim", f"{OURS}; dkim=pass header.d=mail.example.nl header.s=s1", True),
    ("dkim", f"{OURS}; dkim=pass header.d=example.nl.attacker.example", False),
    ("dkim", f"{OURS}; dkim=fail header.d=example.nl", False),
])
def test_aligned_spf_or_dkim_can_be_accepted_instead(make_app, methods, result, stored):
    app = make_app(MAIL_RECEIVE_TRUSTED_AUTHSERV_ID=OURS, MAIL_RECEIVE_AUTH_METHODS=methods)
    assert outcome(app, "en", result)[0] is stored


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("results", [(), ("mx.attacker.example; dmarc=fail",)])
def test_without_the_setting_the_from_is_taken_as_it_stands(make_app, lang, results):
    """Local development: no mail server in front adds the header."""
    app = make_app()
    stored, answered = outcome(app, lang, *results)
    assert stored and answered == []
    wrong = make_app()  # another sender is still refused
    assert outcome(wrong, lang, sender="kees@example.org")[0] is False
