"""``flask report build --year Y [--lang nl|en] [--csv]``: the report's figures, for checking."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from helpcenter.clock import utcnow
from helpcenter.i18n import LANGUAGES
from helpcenter.report.export import report_csv, report_lines
from helpcenter.report.figures import build_report


@click.group()
def report() -> None:
    """The annual complaint-handling report."""


@report.command()
@click.option("--year", type=int, required=True, help="The calendar year to report on.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="nl", show_default=True)
@click.option("--csv", "as_csv", is_flag=True, help="Print the CSV download instead.")
@with_appcontext
def build(year: int, lang: str, as_csv: bool) -> None:
    """Print the figures of YEAR exactly as the report page shows them."""
    with current_app.test_request_context(f"/{lang}/"):
        result = build_report(year, utcnow())
        if as_csv:
            click.echo(report_csv(result), nl=False)
        else:
            click.echo("\n".join(report_lines(result)))
