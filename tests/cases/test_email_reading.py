"""Reading a reply: only the new text, the right sender, the real attachments, no machines."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from helpcenter.cases import email_reading
from tests.cases.conftest import PDF, PNG


def plain(text: str, **headers: str) -> EmailMessage:
    """A plain-text email with ``headers``."""
    message = EmailMessage()
    message["From"] = headers.pop("From", "Anna de Vries <anna@example.nl>")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    return message


@pytest.mark.parametrize(("text", "expected"), [
    ("Dat klopt.\n\n- de factuur\n- de foto's\n\nOp ma 23 nov 2026 om 10:12 schreef "
     "Helpcentrum voor partners <\nhelp@example.com>:\n\n> Beste Anna,\n> Wilt u ...\n",
     "Dat klopt.\n\n- de factuur\n- de foto's"),  # Gmail in Dutch, wrapped; a list kept
    ("Ja, dat was op 12 maart.\n\nMet vriendelijke groet,\nAnna\n\nOp 23 nov. 2026, om 10:12 "
     "heeft Helpcentrum <help@example.com> het volgende geschreven:\n\n> Beste Anna\n",
     "Ja, dat was op 12 maart."),  # Apple Mail in Dutch
    ("Op dinsdag 1 december ben ik weer thuis.\n\nVerzonden vanaf mijn iPhone\n",
     "Op dinsdag 1 december ben ik weer thuis."),  # "Op <date>" in the text itself stays
    ("Thanks!\n\nSent from my iPhone\n\n> On 23 Nov 2026, at 10:12, Partner Help Centre "
     "<help@example.com> wrote:\n> Dear Bob\n", "Thanks!"),
])
def test_new_text_of_a_plain_reply(text, expected):
    assert email_reading.new_text(plain(text)) == expected


@pytest.mark.parametrize("text", [
    "\n\nOn Mon, 23 Nov 2026 at 10:12, Partner Help Centre <help@example.com> wrote:\n> "
    "Dear Anna,\n> http://localhost/en/case/secret\n",
    "Sent from my iPhone\n\nOn Mon, 23 Nov 2026 at 10:12, Partner Help Centre "
    "<help@example.com> wrote:\n> Dear Anna\n",
    "\nVerzonden vanaf mijn iPhone\n\nVan: Helpcentrum <help@example.com>\nVerzonden: maandag\n"
    "Aan: anna@example.nl\nOnderwerp: Uw zaak\n\nBeste Anna,\nhttp://localhost/nl/case/geheim\n",
])
def test_a_reply_with_nothing_above_the_quote_has_no_text(text):
    assert email_reading.new_text(plain(text)) == ""  # never the quoted email with its link


def test_new_text_of_an_html_only_reply():
    message = plain("")
    message.set_content(
        "<html><head><style>p{color:red}</style><script>x()</script></head><body>"
        "<p>Hallo,</p><p>De gast vertrok &amp; betaalde niet &lt;alles&gt;.</p>"
        "<div>Van: Helpcentrum &lt;help@example.com&gt;<br>Verzonden: maandag<br>"
        "Aan: anna@example.nl<br>Onderwerp: Uw zaak</div><div>Oude tekst</div></body></html>",
        subtype="html")
    assert email_reading.new_text(message) == (
        "Hallo,\nDe gast vertrok & betaalde niet <alles>.")


def test_only_files_sent_as_attachments_count():
    message = plain("Zie bijlage.")
    message.add_alternative("<p>Zie bijlage.</p><img src=cid:logo>", subtype="html")
    message.get_body(("html",)).add_related(PNG, "image", "png", cid="<logo>")  # signature
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="factuur.pdf")
    message.add_attachment(PNG, maintype="image", subtype="png", filename="foto.png")
    assert email_reading.attached_files(message) == [("factuur.pdf", PDF), ("foto.png", PNG)]


@pytest.mark.parametrize(("sender", "expected"), [
    ("Anna de Vries <Anna@Example.NL>", "Anna@Example.NL"),
    ("anna@example.nl, bob@example.com", None),  # two senders: none of them
    ("Anna de Vries", None),
])
def test_sender_address(sender, expected):
    assert email_reading.sender_address(plain("x", From=sender)) == expected


@pytest.mark.parametrize(("headers", "envelope", "automatic"), [
    ({}, "anna@example.nl", False),
    ({"Auto-Submitted": "no"}, "anna@example.nl", False),
    ({"Subject": "Re: Out of office hours booking"}, "anna@example.nl", False),
    ({"Auto-Submitted": "auto-generated"}, "anna@example.nl", True),
    ({"Precedence": "list"}, "anna@example.nl", True),
    ({"List-Id": "<partners.example.nl>"}, "anna@example.nl", True),
    ({"Subject": "Automatisch antwoord: Uw zaak"}, "anna@example.nl", True),
    ({"Subject": "Automatic reply: Your case"}, "anna@example.nl", True),
    ({}, "", True),
    ({"From": "MAILER-DAEMON@mx.example.nl"}, "anna@example.nl", True),
])
def test_automatic_emails(headers, envelope, automatic):
    assert email_reading.is_automatic(plain("x", **headers), envelope) is automatic
