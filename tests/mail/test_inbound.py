"""Replies by email, fed to the real receiver over SMTP (aiosmtpd here, smtplib as the sender).

Each test files cases through the service, takes the email the partner got (its Reply-To, its
subject, its text with the link) and answers it the way Outlook or Gmail would. What lands on
the case must be exactly the new text; everything else changes nothing and gets at most one
short answer, which we read from the outbox.
"""

from __future__ import annotations

import email.policy
import logging
import os
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time

import pytest

from helpcenter.mail.transports import build_message
from tests.cases.conftest import PDF, PNG
from tests.cases.partner_helpers import partner
from tests.mail.inbound_emails import gmail_en, out_of_office, outlook_nl, send
from tests.mail.inbound_helpers import (
    answers,
    attachment_data,
    case_state,
    open_case,
    running_receiver,
)
from tests.mail.smtp_server import free_port
from tests.staff.conftest import fast_hashing, logged_in, make_staff  # noqa: F401

DUTCH_TEXT = ("Goedemiddag,\n\nDe gast is op 12 maart vertrokken, twee dagen eerder dan geboekt.\n"
              "Volgens onze voorwaarden betaalt de gast dan toch de volle prijs.")
ENGLISH_TEXT = ("Hello,\n\nThe guest cancelled on 2 March, so the penalty should not apply.\n"
                "I have attached the booking confirmation.")


@pytest.fixture
def port(app):
    """The receiver of ``app``, listening while the test runs."""
    with running_receiver(app) as receiver_port:
        yield receiver_port


def test_a_dutch_outlook_reply_lands_on_the_case_without_quote_and_signature(app, port,
                                                                            caplog):
    caplog.set_level(logging.DEBUG)
    reference, sent = open_case(app, "anna@example.nl", "nl")
    assert sent.reply_to.startswith(f"reply+{reference.lower()}-")
    assert reference in sent.subject and "/nl/case/" in sent.text  # the quoted link
    before = case_state(app, reference)
    message = outlook_nl(sent, "Anna@Example.NL", DUTCH_TEXT)  # another case: same person
    logo = message.get_body(("html",))
    logo.add_related(PNG, "image", "png", cid="<image001.png@01DB3E8A.5C1F2B40>")  # signature
    assert send(port, message) == {}
    after = case_state(app, reference)
    assert after["messages"] == [*before["messages"], ("partner", "message", DUTCH_TEXT, [])]
    assert after["status"] == "in_progress" and after["version"] == before["version"] + 1
    assert after["events"][-1] == ("partner", "message", "waiting_for_partner", "in_progress")
    assert after["emails"] == before["emails"] and answers(app) == []  # no answer to a reply
    assert send(port, message) == {}  # its server sends it again: stored once
    assert case_state(app, reference) == after
    assert "Email reply for case" in caplog.text  # logged: the case id and the outcome only
    for personal in ("anna@example.nl", "Anna@Example.NL", "Goedemiddag", reference.lower()):
        assert personal not in caplog.text


def test_an_english_gmail_reply_with_a_pdf(app, port):
    reference, sent = open_case(app, "bob@example.com", "en", name="Bob Smith")
    message = gmail_en(sent, "bob@example.com", ENGLISH_TEXT,
                       files=(("booking-confirmation.pdf", PDF, "application/pdf"),))
    message["Auto-Submitted"] = "no"  # said explicitly by some programs: a person wrote it
    assert send(port, message) == {}
    after = case_state(app, reference)
    assert after["messages"][-1] == ("partner", "message", ENGLISH_TEXT, [
        ("booking-confirmation.pdf", "application/pdf", len(PDF))])
    assert attachment_data(app, reference) == [PDF]
    assert after["status"] == "in_progress" and answers(app) == []
    for word in ("wrote:", "Best regards", "Sunny Apartments", "/en/case/", ">"):
        assert word not in after["messages"][-1][2]


def test_a_reply_to_a_case_in_progress_keeps_its_status(app, port):
    reference, sent = open_case(app, "anna@example.nl", "nl", status="in_progress")
    send(port, outlook_nl(sent, "anna@example.nl", "Nog een aanvulling: het gaat om kamer 4."))
    after = case_state(app, reference)
    assert after["status"] == "in_progress"
    assert after["messages"][-1][2] == "Nog een aanvulling: het gaat om kamer 4."


@pytest.mark.parametrize(("name", "data", "content_type", "dutch"), [
    ("factuur.pdf", b"<html><script>alert(1)</script></html>", "application/pdf",
     "factuur.pdf is geen PNG-, JPEG- of PDF-bestand."),
    ("programma.exe", b"MZ\x90\x00" + bytes(200), "application/octet-stream",
     "programma.exe is geen PNG-, JPEG- of PDF-bestand."),
])
def test_a_refused_file_stores_nothing_and_is_answered_in_dutch(app, port, name, data,
                                                                 content_type, dutch):
    reference, sent = open_case(app, "anna@example.nl", "nl")
    before = case_state(app, reference)
    send(port, outlook_nl(sent, "anna@example.nl", DUTCH_TEXT,
                          files=((name, data, content_type),)))
    assert case_state(app, reference) == {**before, "emails": before["emails"] + 1}
    [(recipient, subject, lang, body)] = answers(app)
    assert (recipient, lang) == ("anna@example.nl", "nl")
    assert subject == f"Uw e-mail kon niet worden toegevoegd aan zaak {reference}"
    assert f"- {dutch}" in body and body.startswith("Hallo,\n\n")


def test_files_without_a_word_are_a_reply_and_an_empty_reply_is_answered(app, port):
    reference, sent = open_case(app, "bob@example.com", "en", name="Bob Smith")
    send(port, gmail_en(sent, "bob@example.com", "", files=(("photo.png", PNG, "image/png"),),
                        signature="Sent from my iPhone"))
    after = case_state(app, reference)
    assert after["messages"][-1] == ("partner", "message",
                                     "(Files sent by email, without a message.)",
                                     [("photo.png", "image/png", len(PNG))])
    assert answers(app) == []
    send(port, gmail_en(sent, "bob@example.com", "", signature=""))  # nothing but the quote
    assert case_state(app, reference) == {**after, "emails": after["emails"] + 1}
    [(recipient, _subject, lang, body)] = answers(app)
    assert (recipient, lang) == ("bob@example.com", "en")
    assert "- We found no text in it. Please write your message above the quoted email." in body


def test_a_reply_from_another_address_changes_nothing_and_is_answered_once(app, port):
    reference, sent = open_case(app, "anna@example.nl", "nl")
    before = case_state(app, reference)
    message = gmail_en(sent, "colleague@example.org", "I am answering for Anna.", name="Kees")
    send(port, message)
    send(port, message)  # sent again: still one answer
    send(port, gmail_en(sent, "colleague@example.org", "And once more."))
    assert case_state(app, reference) == {**before, "emails": before["emails"] + 1}
    [(recipient, subject, lang, body)] = answers(app)
    assert (recipient, lang) == ("colleague@example.org", "nl")  # the case's language
    assert subject == f"Uw e-mail kon niet worden toegevoegd aan zaak {reference}"
    assert "vanaf een ander adres dan het adres waarmee de zaak is ingediend" in body
    assert "Anna" not in body and "anna@example.nl" not in body and "/case/" not in body
    with app.app_context():  # as it goes out: marked automatic, so no responder answers it
        outgoing = build_message(recipient, subject, body, lang)
    assert outgoing["Auto-Submitted"] == "auto-generated" and outgoing["Reply-To"] is None


def test_an_unknown_reply_address_is_answered_in_both_languages_once(app, port):
    reference, sent = open_case(app, "anna@example.nl", "nl")
    before = case_state(app, reference)
    forged = sent.reply_to.replace(sent.reply_to.split("-")[-1].split("@")[0], "a" * 16)
    for address in (forged, "reply+hc-2345-6789-bbbbbbbbbbbbbbbb@example.com",
                    "REPLY+nonsense@EXAMPLE.COM"):
        send(port, outlook_nl(sent, "anna@example.nl", DUTCH_TEXT), recipients=[address])
    assert case_state(app, reference) == before
    [(recipient, subject, lang, body)] = answers(app)  # at most one a day to an address
    assert recipient == "anna@example.nl" and lang == "nl"
    assert subject == ("Uw e-mail kon niet aan een zaak worden toegevoegd / "
                       "Your email could not be added to a case")
    assert "http://localhost:5000/nl/cases/lost-link" in body  # on the site's address
    assert "http://localhost:5000/en/cases/lost-link" in body


def test_an_address_of_another_domain_is_refused_at_rcpt(app, port):
    reference, sent = open_case(app, "anna@example.nl", "nl")
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(port, outlook_nl(sent, "anna@example.nl", DUTCH_TEXT),
             recipients=["someone@elsewhere.example"])
    assert refused.value.recipients["someone@elsewhere.example"][0] == 550
    assert answers(app) == []


def test_a_reply_to_a_closed_case_is_answered_in_english(app, port):
    reference, sent = open_case(app, "bob@example.com", "en", status="closed",
                                name="Bob Smith")
    before = case_state(app, reference)
    send(port, gmail_en(sent, "bob@example.com", "Thanks, all good now."))
    assert case_state(app, reference) == {**before, "emails": before["emails"] + 1}
    [(recipient, subject, lang, body)] = answers(app)
    assert (recipient, lang) == ("bob@example.com", "en")
    assert subject == f"Your email could not be added to case {reference}"
    assert f"Case {reference} is closed, so we have not added your email to it." in body
    assert "help centre: http://localhost:5000/en/\n" in body


@pytest.mark.parametrize(("headers", "envelope_sender"), [
    ({"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}, None),
    ({"Precedence": "bulk"}, None),
    ({"Precedence": "junk", "Subject": "Re: your case"}, None),
    ({"X-Autoreply": "yes", "Subject": "Re: your case"}, None),
    ({"X-Autorespond": "Away", "Subject": "Re: your case"}, None),
    ({"Subject": "Out of Office: News about your case"}, None),
    ({"Subject": "Afwezig: Nieuws over uw zaak"}, None),
    ({"Subject": "Re: your case"}, ""),  # a bounce: the empty envelope sender
])
def test_automatic_replies_are_ignored_and_never_answered(app, port, headers,
                                                         envelope_sender):
    reference, sent = open_case(app, "anna@example.nl", "nl")
    before = case_state(app, reference)
    send(port, out_of_office(sent, "anna@example.nl", **headers),
         envelope_sender=envelope_sender)
    assert case_state(app, reference) == before
    assert answers(app) == []


def test_a_30_mb_message_is_refused_during_the_smtp_transaction(app, port):
    reference, sent = open_case(app, "anna@example.nl", "nl")
    before = case_state(app, reference)
    raw = gmail_en(sent, "anna@example.nl", "Here is the video.",
                   files=(("video.pdf", os.urandom(22 * 2**20), "application/pdf"),)
                   ).as_bytes(policy=email.policy.SMTP)
    assert len(raw) > 30 * 10**6
    with pytest.raises(smtplib.SMTPSenderRefused) as refused:  # size declared: at MAIL FROM
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
            smtp.sendmail("anna@example.nl", [sent.reply_to], raw)
    assert refused.value.smtp_code == 552
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:  # size not declared: at DATA
        smtp.ehlo()
        assert smtp.mail("anna@example.nl")[0] == 250
        assert smtp.rcpt(sent.reply_to)[0] == 250
        code, _text = smtp.data(raw)
    assert code == 552
    assert case_state(app, reference) == before and answers(app) == []


def test_two_partners_at_once_each_reply_lands_on_its_own_case(app, port):
    anna, anna_sent = open_case(app, "anna@example.nl", "nl")
    bob, bob_sent = open_case(app, "bob@example.com", "en", name="Bob Smith")
    assert anna_sent.reply_to != bob_sent.reply_to
    replies = [outlook_nl(anna_sent, "anna@example.nl", DUTCH_TEXT),
               gmail_en(bob_sent, "bob@example.com", ENGLISH_TEXT)]
    threads = [threading.Thread(target=send, args=(port, reply)) for reply in replies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert case_state(app, anna)["messages"][-1][2] == DUTCH_TEXT
    assert case_state(app, bob)["messages"][-1][2] == ENGLISH_TEXT
    assert len(case_state(app, anna)["messages"]) == len(case_state(app, bob)["messages"]) == 2
    # Anna answers Bob's email (forwarded to her): Bob's case does not take it.
    bob_before = case_state(app, bob)
    send(port, outlook_nl(bob_sent, "anna@example.nl", "Dit is niet mijn zaak."))
    assert case_state(app, bob) == {**bob_before, "emails": bob_before["emails"] + 1}
    [(recipient, subject, lang, _body)] = answers(app)
    assert (recipient, lang) == ("anna@example.nl", "en")  # Bob's case is English
    assert case_state(app, anna)["messages"][-1][2] == DUTCH_TEXT


def test_the_emailed_reply_shows_like_any_reply_to_partner_and_case_handler(
        app, port, make_staff):  # noqa: F811
    reference, sent = open_case(app, "anna@example.nl", "nl")
    send(port, outlook_nl(sent, "anna@example.nl", "De factuur volgt <morgen> & zo.",
                          files=(("factuur.pdf", PDF, "application/pdf"),)))
    handler = make_staff(name="Hanna Bakker")
    console = logged_in(app.test_client(), handler).get(f"/en/staff/cases/{reference}").text
    assert "De factuur volgt &lt;morgen&gt; &amp; zo." in console and "factuur.pdf" in console
    assert 'class="status status-in_progress"' in console
    page = partner(app, reference).get(f"/nl/cases/{reference}").text
    assert "De factuur volgt &lt;morgen&gt; &amp; zo." in page and "factuur.pdf" in page


def test_over_lmtp_each_recipient_gets_its_answer(app):
    first, first_sent = open_case(app, "anna@example.nl", "nl")
    second, second_sent = open_case(app, "anna@example.nl", "nl")
    reply = outlook_nl(first_sent, "anna@example.nl", "Dit geldt voor allebei mijn zaken.")
    with running_receiver(app, lmtp=True) as lmtp_port:
        with smtplib.LMTP("127.0.0.1", lmtp_port, timeout=30) as lmtp:
            assert lmtp.ehlo()[0] == 250  # sent as LHLO
            assert lmtp.mail("anna@example.nl")[0] == 250
            assert lmtp.rcpt(first_sent.reply_to)[0] == 250
            assert lmtp.rcpt(second_sent.reply_to)[0] == 250
            assert lmtp.data(reply.as_bytes(policy=email.policy.SMTP))[0] == 250
            assert lmtp.getreply()[0] == 250  # LMTP: one answer per recipient
    for reference in (first, second):
        assert case_state(app, reference)["messages"][-1][2] == (
            "Dit geldt voor allebei mijn zaken.")


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    """Wait until ``port`` accepts connections (or the process died)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"the receiver did not start: {process.poll()}")


def test_the_flask_mail_receive_command_takes_a_reply_and_stops_on_sigterm(app, tmp_path):
    reference, sent = open_case(app, "anna@example.nl", "nl")
    port = free_port()
    env = {**os.environ, "HELPCENTER_DATABASE_URL": app.config["DATABASE_URL"],
           "HELPCENTER_SECRET_KEY": app.config["SECRET_KEY"],
           "HELPCENTER_INSTANCE_PATH": str(tmp_path / "receiver")}
    process = subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "flask", "--app", "helpcenter", "mail", "receive",
         "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(port, process)
        assert send(port, outlook_nl(sent, "anna@example.nl", DUTCH_TEXT)) == {}
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert f"Receiving replies by SMTP on 127.0.0.1:{port}" in output and "Stopped" in output
    assert "anna@example.nl" not in output and "factuur" not in output  # nothing personal
    assert case_state(app, reference)["messages"][-1][2] == DUTCH_TEXT
