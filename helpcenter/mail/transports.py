"""How an email leaves: printed to the console (``make run``) or sent over SMTP.

``MAIL_TRANSPORT`` chooses; SMTP is configured by ``MAIL_SERVER``, ``MAIL_PORT``,
``MAIL_USERNAME``, ``MAIL_PASSWORD`` and ``MAIL_USE_TLS`` (STARTTLS). The From header is
``MAIL_SENDER_ADDRESS`` with the ``MAIL_SENDER_NAME`` of the email's language.
Messages are built with ``email.message.EmailMessage``, which refuses line breaks in headers,
so no field a partner fills in can add a header.
"""

from __future__ import annotations

import smtplib
import sys
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr

from flask import current_app


class DeliveryError(Exception):
    """The message could not be handed over; try again later."""


def sender(lang: str) -> tuple[str, str]:
    """(display name, address) the email in ``lang`` comes from.

    ``MAIL_SENDER_NAME`` maps a language to a name ("nl": "Helpcentrum voor partners"), so a
    Dutch email does not come from an English name; one plain string serves every language.
    The older ``MAIL_SENDER`` ("Name <address>"), when an operator still sets it, is used as it
    is for every language, so upgrading changes nothing they configured.
    """
    config = current_app.config
    if config.get("MAIL_SENDER"):
        return parseaddr(config["MAIL_SENDER"])
    names = config["MAIL_SENDER_NAME"] or ""
    name = names.get(lang, "") if isinstance(names, dict) else str(names)
    return name, config["MAIL_SENDER_ADDRESS"]


def build_message(recipient: str, subject: str, body: str, lang: str,
                  reply_to: str | None = None, message_id: str | None = None) -> EmailMessage:
    """A plain-text email in ``lang`` from the configured sender, named in ``lang``.

    ``message_id`` keeps the Message-ID of an earlier try of the same email.
    """
    name, address = sender(lang)
    message = EmailMessage()
    message["From"] = formataddr((name, address))
    message["To"] = recipient
    if reply_to:  # case emails: where the partner's answer should go
        message["Reply-To"] = reply_to
    message["Subject"] = " ".join(subject.split())  # one line, whatever went in
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id or make_msgid(domain=address.rsplit("@", 1)[-1])
    # RFC 3834: sent by the site, not by a person, so out-of-office responders stay silent
    # and a partner's auto-reply never starts a loop with the reply receiver's answers.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    message["Content-Language"] = lang  # after set_content, which clears Content-* headers
    return message


def send(message: EmailMessage) -> None:
    """Hand ``message`` to the configured transport; ``DeliveryError`` when that fails."""
    transport = current_app.config["MAIL_TRANSPORT"]
    if transport == "console":
        headers = "\n".join(f"{name}: {value}" for name, value in message.items()
                            if name in ("From", "To", "Reply-To", "Subject", "Date"))
        print(f"--- email ---\n{headers}\n\n{message.get_content()}--- end of email ---",
              file=sys.stdout, flush=True)
        return
    if transport != "smtp":
        raise DeliveryError(f"unknown MAIL_TRANSPORT {transport!r}")
    config = current_app.config
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]),
                          timeout=float(config["MAIL_TIMEOUT"])) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(str(error)[:400]) from error
