"""``flask cases remind``: progress updates to partners who have waited too long (for cron);
``flask cases purge``: personal data of cases closed longer ago than the retention period
(for cron); ``flask cases sample``: a realistic year of sample cases for the report and the
console."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from helpcenter.cases.changes import Done, send_emails
from helpcenter.cases.reminders import send_reminders
from helpcenter.cases.retention import purge as purge_cases
from helpcenter.cases.sample import has_cases, make_sample_year
from helpcenter.cases.workdays import local_date
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.security import site_origin


@click.group()
def cases() -> None:
    """Complaints and technical issues."""


@cases.command()
@with_appcontext
def remind() -> None:
    """Send each open case's partner a progress update when they have waited too long.

    At most one per case per period, so running it twice sends nothing more. Then lists the
    cases staff should look at (no news for the partner for too long).
    """
    now = utcnow()
    # Emailed links are built in a request: one on the site's own address (SITE_ORIGIN).
    with current_app.test_request_context("/", base_url=site_origin()):
        result = send_reminders(now)
        for case, message_id in result.sent:
            send_emails(Done(case, (message_id,)))
    click.echo(f"Progress updates sent: {len(result.sent)}")
    for case, _message_id in result.sent:
        click.echo(f"  {case.reference} ({case.lang}, {case.status})")
    click.echo(f"Overdue cases: {len(result.overdue)}")
    timezone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    for case in result.overdue:
        last = local_date(case.last_partner_update_at, timezone).isoformat()
        assignee = case.assignee.email if case.assignee else "unassigned"
        click.echo(f"  {case.reference}  {case.status:<20} last update {last}  {assignee}")


@cases.command()
@click.option("--dry-run", is_flag=True, help="Only list the cases that would be purged.")
@with_appcontext
def purge(dry_run: bool) -> None:
    """Remove the personal data of cases closed longer ago than CASES_RETENTION_MONTHS.

    What the yearly report counts stays; running it again purges nothing more.
    """
    result = purge_cases(dry_run=dry_run)
    verb = "Would purge" if dry_run else "Purged"
    click.echo(f"{verb} {len(result.references)} cases closed before "
               f"{result.cutoff:%Y-%m-%d %H:%M} UTC")
    for reference in result.references:
        click.echo(f"  {reference}")


@cases.command()
@click.option("--year", "years", type=int, multiple=True,
              help="A year to fill (repeatable); default: last year and this year.")
@click.option("--count", type=int, default=200, show_default=True,
              help="Cases per year (the current year gets them up to today).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--if-empty", is_flag=True,
              help="For `make run`: fill only an empty local SQLite database, else do nothing.")
@with_appcontext
def sample(years: tuple[int, ...], count: int, seed: int, if_empty: bool) -> None:
    """Make a realistic year of sample cases, seeded and reproducible, through the actions.

    Running it again with the same options adds nothing. No email is sent for them.
    """
    if if_empty and (db.engine.dialect.name != "sqlite" or has_cases()):
        click.echo("Not an empty local SQLite database: no sample cases made.")
        return
    timezone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    this_year = local_date(utcnow(), timezone).year
    with current_app.test_request_context("/", base_url=site_origin()):
        for year in years or (this_year - 1, this_year):
            result = make_sample_year(year, count, timezone, seed)
            click.echo(f"{year}: {result.made} sample cases made, {result.existing} already there")
