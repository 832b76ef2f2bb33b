"""``flask content check`` and ``flask content status`` for editors."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from helpcenter.articles.check import check_library, translation_status
from helpcenter.articles.store import content_store
from helpcenter.i18n import LANGUAGES


@click.group()
def content() -> None:
    """Check the articles in the content folder."""


@content.command()
@click.option("--strict", is_flag=True, help="Treat warnings (missing or stale translations) "
                                            "as errors.")
@with_appcontext
def check(strict: bool) -> None:
    """Report every problem in the content with file and line; exit 1 on errors."""
    library = content_store().library()
    problems = check_library(library, reserved_sections())
    for problem in problems:
        click.echo(problem.format(library.root), err=problem.severity == "error")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    checked = len(library.articles)
    click.echo(f"{checked} article files checked: {errors} errors, {warnings} warnings")
    if errors or (strict and warnings):
        raise SystemExit(1)


@content.command()
@with_appcontext
def status() -> None:
    """A table of every article and language: present, missing, stale or draft."""
    rows = translation_status(content_store().library())
    header = ("section", "article", *LANGUAGES)
    table = [header] + [(section, slug, *(states[lang] for lang in LANGUAGES))
                        for section, slug, states in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
                   .rstrip())


def reserved_sections() -> set[str]:
    """First URL segments after the language that the site's own pages use."""
    reserved = set()
    for rule in current_app.url_map.iter_rules():
        parts = rule.rule.split("/")
        if len(parts) > 2 and parts[1] == "<lang:lang_code>" and not parts[2].startswith("<"):
            reserved.add(parts[2])
    return reserved
