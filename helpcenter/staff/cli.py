"""``flask staff ...``: staff accounts. There is no default account; make one with ``create``.

Messages are in Dutch when the environment's locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``)
is Dutch, in English otherwise.
"""

from __future__ import annotations

import functools
import os
import sys

import click
from flask.cli import with_appcontext
from flask_babel import force_locale, gettext

from helpcenter.i18n import LANGUAGES
from helpcenter.staff import service
from helpcenter.staff.models import HANDLER, ROLES


def cli_language() -> str:
    """The language of the terminal: nl for a Dutch locale, en otherwise."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


def account_command(func):
    """Run ``func`` in the app context and the terminal's language; errors exit with 1."""

    @functools.wraps(func)
    @with_appcontext
    def wrapped(*args, **kwargs):
        with force_locale(cli_language()):
            try:
                return func(*args, **kwargs)
            except service.AccountError as error:
                raise click.ClickException(str(error)) from error

    return wrapped


def read_password(from_stdin: bool) -> str:
    """One line from standard input, or the password typed twice (not shown)."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(gettext("Password"), hide_input=True)
        again = click.prompt(gettext("Repeat the password"), hide_input=True)
        if password != again:
            raise service.AccountError(gettext("The two passwords are not the same."))
    service.check_password(password)
    return password


password_stdin = click.option("--password-stdin", is_flag=True,
                              help="Read the password from the first line of standard input.")


@click.group()
def staff() -> None:
    """Staff accounts for the console."""


@staff.command()
@click.argument("email")
@click.option("--name", required=True, help="The staff member's full name.")
@click.option("--role", type=click.Choice(ROLES), default=HANDLER, show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="The language the console opens in after login.")
@password_stdin
@account_command
def create(email: str, name: str, role: str, lang: str, password_stdin: bool) -> None:
    """Make a staff account for EMAIL; asks for the password twice."""
    email = service.check_new_account(email, name)
    password = read_password(password_stdin)
    account = service.create_staff(email, name, password, role=role, lang=lang)
    click.echo(gettext("Created the staff account %(email)s (%(role)s).",
                       email=account.email, role=account.role))


@staff.command(name="list")
@account_command
def list_accounts() -> None:
    """Every staff account: address, name, role, language, state and last login."""
    accounts = service.all_staff()
    if not accounts:
        click.echo(gettext('There are no staff accounts. Make one with: flask --app helpcenter '
                           'staff create EMAIL --name "Full Name"'))
        return
    for account in accounts:
        state = gettext("active") if account.active else gettext("disabled")
        last = (account.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if account.last_login_at
                else gettext("never logged in"))
        click.echo("\t".join((account.email, account.name, account.role, account.lang,
                              state, last)))


@staff.command()
@click.argument("email")
@account_command
def disable(email: str) -> None:
    """Disable EMAIL's account: it can no longer log in and its sessions end."""
    account = service.set_active(email, False)
    click.echo(gettext("Disabled %(email)s; its sessions have ended.", email=account.email))


@staff.command()
@click.argument("email")
@account_command
def enable(email: str) -> None:
    """Enable a disabled account again."""
    account = service.set_active(email, True)
    click.echo(gettext("Enabled %(email)s.", email=account.email))


@staff.command(name="set-password")
@click.argument("email")
@password_stdin
@account_command
def set_password(email: str, password_stdin: bool) -> None:
    """Give EMAIL's account a new password; asks for it twice. Its sessions end."""
    account = service.existing_account(email)
    password = read_password(password_stdin)
    service.set_password(account.email, password)
    click.echo(gettext("Changed the password of %(email)s; its sessions have ended.",
                       email=account.email))
