"""``flask feedback report``: which articles partners find unhelpful, and why."""

from __future__ import annotations

import csv
import datetime as dt
import sys

import click
from flask.cli import with_appcontext

from helpcenter.articles.store import content_store
from helpcenter.feedback.report import ArticleFeedback, feedback_report
from helpcenter.i18n import LANGUAGES


@click.group()
def feedback() -> None:
    """Read the "Was this article helpful?" votes."""


@feedback.command()
@click.option("--section", help="Only articles in this section.")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Only this language.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only votes from this date.")
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV to standard output.")
@with_appcontext
def report(section: str | None, lang: str | None, since: dt.datetime | None,
           as_csv: bool) -> None:
    """Per article and language: yes, no, helpful ratio, reasons, latest comments; worst first."""
    rows = feedback_report(content_store().library(), section, lang,
                           since.date() if since else None)
    if as_csv:
        write_csv(rows)
    elif not rows:
        click.echo("No votes yet.")
    else:
        for row in rows:
            click.echo(describe(row))


def trend(row: ArticleFeedback) -> str:
    """"latest version 2026-09-01: 80% (previous 2026-05-01: 40%, better)"."""
    latest, previous = row.latest, row.previous
    if latest is None:
        return ""
    text = f"latest version {latest.version}: {latest.ratio:.0%}"
    if previous is None:
        return text + " (no earlier version voted on)"
    verdict = ("better" if latest.ratio > previous.ratio
               else "worse" if latest.ratio < previous.ratio else "the same")
    return text + f" (previous {previous.version}: {previous.ratio:.0%}, {verdict})"


def describe(row: ArticleFeedback) -> str:
    """A few readable lines for one article."""
    lines = [f"{row.lang}/{row.section}/{row.slug}  {row.title}",
             f"  helpful {row.ratio:.0%}  yes {row.yes}  no {row.no}  {trend(row)}"]
    if row.reasons:
        reasons = ", ".join(f"{reason} {count}" for reason, count in row.reasons.most_common())
        lines.append(f"  reasons: {reasons}")
    for when, reason, comment in row.comments:
        one_line = " ".join(comment.split())
        lines.append(f"  {when:%Y-%m-%d} [{reason or '-'}] {one_line[:200]}")
    return "\n".join(lines)


def write_csv(rows: list[ArticleFeedback]) -> None:
    """One CSV row per article and language."""
    writer = csv.writer(sys.stdout)
    writer.writerow(["lang", "section", "slug", "title", "yes", "no", "helpful_ratio",
                     "latest_version", "latest_ratio", "previous_version", "previous_ratio",
                     "reasons", "latest_comments"])
    for row in rows:
        latest, previous = row.latest, row.previous
        writer.writerow([
            row.lang, row.section, row.slug, row.title, row.yes, row.no, f"{row.ratio:.3f}",
            latest.version if latest else "", f"{latest.ratio:.3f}" if latest else "",
            previous.version if previous else "", f"{previous.ratio:.3f}" if previous else "",
            "; ".join(f"{reason}={count}" for reason, count in row.reasons.most_common()),
            " | ".join(" ".join(comment.split()) for _, _, comment in row.comments),
        ])
