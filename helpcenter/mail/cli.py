"""``flask outbox deliver`` and ``flask outbox purge``: the queue of outgoing emails."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

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
