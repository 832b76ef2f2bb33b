"""A real SMTP server for the mail tests (aiosmtpd), and a port nobody listens on."""

from __future__ import annotations

import email
import email.policy
import socket


class Inbox:
    """An aiosmtpd handler that keeps every envelope it accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [email.message_from_bytes(envelope.content, policy=email.policy.default)
                for envelope in self.envelopes]


HEADERS = {"From", "To", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version",
           "Content-Type", "Content-Transfer-Encoding", "Content-Language", "Auto-Submitted"}


def free_port() -> int:
    """A port nothing listens on (the Controller cannot bind port 0 itself)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
