"""``flask outbox deliver`` and ``purge``: the queue of outgoing emails; ``flask mail receive``:
the receiver for partners' replies by email."""

from __future__ import annotations

import signal
import sys
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from helpcenter.cases import service as cases
from helpcenter.mail.inbound import make_controller
from helpcenter.mail.outbox import deliver_due, purge_sent


@click.group()
def outbox() -> None:
    """The queue of outgoing emails."""


@outbox.command()
@click.option("--limit", default=100, show_default=True, help="At most this many messages.")
@with_appcontext
def deliver(limit: int) -> None:
    """Send every message that is due (run it from cron every minute); purge old sent ones."""
    sent, waiting = deliver_due(limit)
    click.echo(f"{sent} sent, {waiting} waiting")


@outbox.command()
@with_appcontext
def purge() -> None:
    """Empty the text of emails sent more than OUTBOX_KEEP_SENT_DAYS days ago.

    ``deliver`` does this on every run as well; this command is for running it on its own.
    """
    click.echo(f"{purge_sent()} purged")


@click.group()
def mail() -> None:
    """Email coming in: partners' replies to emails about their case."""


@mail.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8025, show_default=True, type=int, help="Port to listen on.")
@click.option("--lmtp", is_flag=True, help="Speak LMTP instead of SMTP.")
@with_appcontext
def receive(host: str, port: int, lmtp: bool) -> None:
    """Receive replies to case emails over SMTP (or LMTP) until stopped (Ctrl-C or SIGTERM).

    The site's mail server hands every email for MAIL_REPLY_LOCAL_PART+...@MAIL_REPLY_DOMAIN
    to this port; each is stored on its case, or answered, before the transaction ends.
    """
    app = current_app._get_current_object()
    controller = make_controller(app, cases.receive_email, cases.is_reply_domain_address,
                                 host, port, lmtp)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    controller.start()
    protocol = "LMTP" if lmtp else "SMTP"
    click.echo(f"Receiving replies by {protocol} on {host}:{port} (Ctrl-C stops)")
    sys.stdout.flush()  # seen at once under systemd or supervisor, not at exit
    try:
        while not stop.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
        click.echo("Stopped")
