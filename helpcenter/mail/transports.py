"""How an email leaves: printed to the console (``make run``) or sent over SMTP.

``MAIL_TRANSPORT`` chooses; SMTP is configured by ``MAIL_SERVER``, ``MAIL_PORT``,
``MAIL_USERNAME``, ``MAIL_PASSWORD``, ``MAIL_USE_TLS`` (STARTTLS) and ``MAIL_SENDER``.
Messages are built with ``email.message.EmailMessage``, which refuses line breaks in headers,
so no field a partner fills in can add a header.
"""

from __future__ import annotations

import smtplib
import sys
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app


class DeliveryError(Exception):
    """The message could not be handed over; try again later."""


def build_message(recipient: str, subject: str, body: str, lang: str,
                  reply_to: str | None = None) -> EmailMessage:
    """A plain-text email in ``lang`` from the configured sender."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = recipient
    if reply_to:  # case emails: where the partner's answer should go
        message["Reply-To"] = reply_to
    message["Subject"] = " ".join(subject.split())  # one line, whatever went in
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=current_app.config["MAIL_SENDER"].rsplit("@")[-1]
                                       .strip(">"))
    message.set_content(body)
    message["Content-Language"] = lang  # after set_content, which clears Content-* headers
    return message


def send(message: EmailMessage) -> None:
    """Hand ``message`` to the configured transport; ``DeliveryError`` when that fails."""
    transport = current_app.config["MAIL_TRANSPORT"]
    if transport == "console":
        headers = "\n".join(f"{name}: {value}" for name, value in message.items()
                            if name in ("From", "To", "Subject", "Date"))
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
