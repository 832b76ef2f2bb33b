"""``flask outbox deliver``: send the emails that could not be sent right away."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from helpcenter.mail.outbox import deliver_due


@click.group()
def outbox() -> None:
    """The queue of outgoing emails."""


@outbox.command()
@click.option("--limit", default=100, show_default=True, help="At most this many messages.")
@with_appcontext
def deliver(limit: int) -> None:
    """Send every message that is due (run it from cron every minute)."""
    sent, waiting = deliver_due(limit)
    click.echo(f"{sent} sent, {waiting} waiting")
