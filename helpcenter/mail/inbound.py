"""The SMTP (or LMTP) receiver the site's mail server hands replies to: ``flask mail receive``.

aiosmtpd speaks the protocol; this handler decides. ``RCPT TO`` is accepted only for an
address shaped like a reply address of this site (anything else: 550, so it is no relay).
At ``DATA`` the message is given to ``accept`` (the cases feature's ``receive_email``) in a
worker thread with its own app context, once per recipient. The "250" goes out only after that
returned, which is after its commit. Any error (the database unreachable or locked above all)
answers "451": the sending server keeps the message and tries again later, and since every
write is one transaction that rolled back, nothing of the failed try remains.

A message over ``MAIL_RECEIVE_MAX_BYTES`` is refused by aiosmtpd itself: at ``MAIL FROM`` when
the sender declares its size, else at the end of ``DATA`` (552); the sending server tells its
user. Log lines name the outcome only: no addresses, no subjects, no text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session
from flask import Flask

from helpcenter.security import site_origin

ACCEPTED = "250 2.0.0 Message accepted"
TRY_AGAIN = "451 4.3.0 Temporary failure, please try again later"
NO_SUCH_USER = "550 5.1.1 No such recipient here"

# accept(recipient, envelope sender, message bytes): store or answer; raises when it cannot.
Accept = Callable[[str, str, bytes], object]
IsOurs = Callable[[str], bool]


class ReplyHandler:
    """aiosmtpd handler: recipients must be ours; each message is accepted after the commit."""

    def __init__(self, app: Flask, accept: Accept, is_ours: IsOurs, lmtp: bool = False):
        self.app = app
        self.accept = accept
        self.is_ours = is_ours
        self.lmtp = lmtp

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,  # noqa: N802
                          address: str, rcpt_options: list[str]) -> str:
        """Take only reply addresses of this site."""
        with self.app.app_context():
            ours = self.is_ours(address)
        if not ours:
            return NO_SUCH_USER
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session,  # noqa: N802
                          envelope: Envelope) -> str:
        """Hand the message on in a worker thread; "250" after the commit, "451" on failure."""
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="surrogateescape")
        loop = asyncio.get_running_loop()
        status = ACCEPTED
        try:
            await loop.run_in_executor(None, self.receive, list(envelope.rcpt_tos),
                                       envelope.mail_from or "", raw)
        except Exception as error:  # noqa: BLE001 (whatever failed, the sender tries again)
            self.app.logger.warning("Inbound email not taken (%s): answered 451",
                        type(getattr(error, "orig", None) or error).__name__)
            status = TRY_AGAIN
        if self.lmtp:  # LMTP answers DATA once per recipient
            return "\r\n".join([status] * len(envelope.rcpt_tos))
        return status

    def site_origin(self) -> str:
        """The configured site address (``SITE_ORIGIN``), for links in answers."""
        with self.app.app_context():
            return site_origin()

    def receive(self, recipients: list[str], envelope_sender: str, raw: bytes) -> None:
        """Give the message to ``accept`` for every recipient, in a context of its own (a
        request context on the site's address, so that answers can hold links)."""
        with self.app.test_request_context("/", base_url=self.site_origin()):
            for recipient in recipients:
                self.accept(recipient, envelope_sender, raw)


class LMTPController(Controller):
    """A controller that speaks LMTP (RFC 2033): what Postfix's ``lmtp:`` transport uses."""

    def factory(self):
        """The LMTP server with the same settings."""
        return LMTP(self.handler, **self.SMTP_kwargs)


def make_controller(app: Flask, accept: Accept, is_ours: IsOurs, host: str, port: int,
                    lmtp: bool = False) -> Controller:
    """The receiver on ``host``:``port`` (not started), limited to ``MAIL_RECEIVE_MAX_BYTES``."""
    # aiosmtpd logs every sender, recipient and command line at INFO: keep it to warnings,
    # so no address reaches a log.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = ReplyHandler(app, accept, is_ours, lmtp)
    controller_class = LMTPController if lmtp else Controller
    return controller_class(handler, hostname=host, port=port, ready_timeout=5,
                            data_size_limit=int(app.config["MAIL_RECEIVE_MAX_BYTES"]),
                            server_hostname=app.config["MAIL_REPLY_DOMAIN"])
