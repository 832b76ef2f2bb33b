"""Replies as mail programs really write them, for the receiver tests.

Each builder quotes the email we sent (the text the partner got, link and all) the way its
program does: Outlook in Dutch with a "Van:/Verzonden:/Aan:/Onderwerp:" block under a line,
unquoted, and an HTML part beside the text; Gmail in English with "On … wrote:" and "> "
lines. Both end the partner's own text with a signature, which must not land on the case.
"""

from __future__ import annotations

import email.policy
import html
import itertools
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

SERIAL = itertools.count(1)


@dataclass(frozen=True)
class Sent:
    """The email about a case as the partner received it."""

    subject: str
    text: str
    reply_to: str


def outlook_nl(sent: Sent, sender: str, new_text: str, name: str = "Anna de Vries",
               files: tuple[tuple[str, bytes, str], ...] = ()) -> EmailMessage:
    """A reply from Outlook (Microsoft 365) in Dutch: new text, signature, then the original."""
    number = next(SERIAL)
    message = EmailMessage()
    message["From"] = f"{name} <{sender}>"
    message["To"] = f"Helpcentrum voor partners <{sent.reply_to}>"
    message["Subject"] = f"RE: {sent.subject}"
    message["Date"] = "Tue, 24 Nov 2026 09:14:03 +0000"
    message["Message-ID"] = (f"<AM0PR04MB{number:04d}A1B2C3D4E5F6@AM0PR04MB"
                             f"{number:04d}.eurprd04.prod.outlook.com>")
    message["Thread-Topic"] = sent.subject
    message["Thread-Index"] = "AQHbPq3kZ2xN0m9yTUuB5l1b0s0K9Q=="
    message["Content-Language"] = "nl-NL"
    message["X-MS-Has-Attach"] = "yes" if files else ""
    message["X-Mailer"] = "Microsoft Outlook 16.0"
    header = ("Van: Helpcentrum voor partners <help@example.com>\n"
              "Verzonden: maandag 23 november 2026 10:12\n"
              f"Aan: {name} <{sender}>\n"
              f"Onderwerp: {sent.subject}\n")
    signature = f"Met vriendelijke groet,\n\n{name}\nPension De Linde | Dorpsstraat 1, Ede\n"
    message.set_content(f"{new_text}\n\n{signature}\n________________________________\n"
                        f"{header}\n{sent.text}")
    paragraphs = "".join(f"<p class=MsoNormal>{html.escape(p)}</p>"
                         for p in new_text.split("\n\n"))
    message.add_alternative(
        "<html><head><style>p.MsoNormal{margin:0}</style></head><body lang=NL>"
        f"<div class=WordSection1>{paragraphs}<p class=MsoNormal>&nbsp;</p>"
        f"<p class=MsoNormal>{html.escape(signature)}</p></div>"
        "<hr style='display:inline-block;width:98%' tabindex=-1>"
        f"<div id=divRplyFwdMsg dir=ltr><b>Van:</b> {html.escape(header)}</div>"
        f"<div>{html.escape(sent.text)}</div></body></html>", subtype="html")
    attach(message, files)
    return message


def gmail_en(sent: Sent, sender: str, new_text: str, name: str = "Bob Smith",
             files: tuple[tuple[str, bytes, str], ...] = (),
             signature: str | None = None) -> EmailMessage:
    """A reply from Gmail in English: new text, signature, "On … wrote:", quoted lines."""
    number = next(SERIAL)
    message = EmailMessage()
    message["From"] = f"{name} <{sender}>"
    message["To"] = sent.reply_to
    message["Subject"] = f"Re: {sent.subject}"
    message["Date"] = "Tue, 24 Nov 2026 10:02:41 +0100"
    message["Message-ID"] = f"<CAFk3Zq{number:06d}xQ2Vw7c9mB-Kp4Lh@mail.gmail.com>"
    message["MIME-Version"] = "1.0"
    quoted = "\n".join(f"> {line}" if line else ">" for line in sent.text.splitlines())
    wrote = "On Mon, 23 Nov 2026 at 10:12, Partner Help Centre <help@example.com> wrote:"
    if signature is None:
        signature = f"Best regards,\n{name}\nSunny Apartments"
    message.set_content(f"{new_text}\n\n{signature}\n\n{wrote}\n\n{quoted}\n")
    message.add_alternative(
        f'<div dir="ltr">{html.escape(new_text)}<br><br>{html.escape(signature)}</div><br>'
        f'<div class="gmail_quote"><div dir="ltr" class="gmail_attr">{html.escape(wrote)}'
        f'<br></div><blockquote class="gmail_quote">{html.escape(sent.text)}</blockquote>'
        "</div>", subtype="html")
    attach(message, files)
    return message


def attach(message: EmailMessage, files: tuple[tuple[str, bytes, str], ...]) -> None:
    """Add files as attachments (``message`` becomes multipart/mixed)."""
    for name, data, content_type in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)


def out_of_office(sent: Sent, sender: str, **headers: str) -> EmailMessage:
    """An Exchange out-of-office answer to our email (sent to its Reply-To)."""
    message = EmailMessage()
    message["From"] = f"Anna de Vries <{sender}>"
    message["To"] = sent.reply_to
    message["Subject"] = headers.pop("Subject", f"Automatisch antwoord: {sent.subject}")
    message["Message-ID"] = f"<oof{next(SERIAL)}@eurprd04.prod.outlook.com>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Ik ben afwezig tot en met 30 november. Uw e-mail wordt niet "
                        "doorgestuurd.\n")
    return message


def send(port: int, message: EmailMessage, envelope_sender: str | None = None,
         recipients: list[str] | None = None) -> dict:
    """Send ``message`` over SMTP to the receiver; smtplib's refusals raise."""
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        return smtp.sendmail(envelope_sender if envelope_sender is not None
                             else message["From"].addresses[0].addr_spec,
                             recipients or [message["To"].addresses[0].addr_spec],
                             message.as_bytes(policy=email.policy.SMTP))
