"""``flask`` commands that are not tied to one feature: the translation workflow."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from flask import Flask

from helpcenter.config import ROOT

TRANSLATIONS = ROOT / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"


def register_commands(app: Flask) -> None:
    """Attach the command groups to ``flask``."""
    from helpcenter.articles.cli import content
    from helpcenter.cases.cli import cases
    from helpcenter.feedback.cli import feedback
    from helpcenter.mail.cli import mail, outbox
    from helpcenter.report.cli import report
    from helpcenter.staff.cli import staff

    app.cli.add_command(translate)
    app.cli.add_command(content)
    app.cli.add_command(feedback)
    app.cli.add_command(outbox)
    app.cli.add_command(mail)
    app.cli.add_command(cases)
    app.cli.add_command(staff)
    app.cli.add_command(report)


def pybabel(*args: str | Path) -> None:
    """Run a pybabel command in-process with our fixed paths; fail loudly when it fails."""
    argv = ["pybabel", "-q", *(str(arg) for arg in args)]
    with contextlib.chdir(ROOT):  # source locations in the catalogues stay relative
        status = CommandLineInterface().run(argv)
    if status:
        raise click.ClickException(f"pybabel {args[0]} failed")


@click.group()
def translate() -> None:
    """Extract, update and compile the interface translations."""


@translate.command()
def extract() -> None:
    """Collect every translatable string into translations/messages.pot."""
    extract_template()
    click.echo(f"Wrote {TEMPLATE.relative_to(ROOT)}")


@translate.command()
def update() -> None:
    """Extract, then merge new strings into every language's messages.po."""
    extract_template()
    pybabel("update", "-i", TEMPLATE, "-d", TRANSLATIONS, "--no-fuzzy-matching",
            "--ignore-obsolete")
    TEMPLATE.unlink()
    click.echo("Updated the catalogues; translate the new empty msgstr entries.")


@translate.command()
@click.argument("lang")
def init(lang: str) -> None:
    """Start a catalogue for a new language LANG."""
    extract_template()
    pybabel("init", "-i", TEMPLATE, "-d", TRANSLATIONS, "-l", lang)
    TEMPLATE.unlink()


@translate.command()
def compile() -> None:  # noqa: A001 - the command is called compile
    """Compile every messages.po into the messages.mo that the site reads."""
    pybabel("compile", "-d", TRANSLATIONS, "--statistics")


def extract_template() -> None:
    """Run pybabel extract over the package and the templates, as babel.cfg says."""
    pybabel(
        "extract",
        "-F", ROOT / "babel.cfg",
        "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2",
        "--sort-by-file",
        "--project", "helpcenter",
        "-o", TEMPLATE.relative_to(ROOT),
        ".",
    )
