"""``flask staff``: making and managing staff accounts from the command line."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from helpcenter.extensions import db
from helpcenter.staff import passwords
from helpcenter.staff.models import StaffUser

GOOD = "a long enough passphrase"
DUTCH = {"LANG": "nl_NL.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


@pytest.fixture(autouse=True)
def cheap_hashes(fast_hashing):
    """Every test here hashes with cheap parameters."""


def staff(app, email: str) -> StaffUser | None:
    """The account for ``email`` as stored now."""
    with app.app_context():
        found = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        db.session.expunge_all()
        return found


def create(runner, *args, password_input=None, env=ENGLISH):
    """Run ``flask staff create`` with ``args``."""
    return runner.invoke(args=["staff", "create", *args], input=password_input, env=env)


def test_there_is_no_default_account(app):
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaffUser)) == 0


def test_create_asks_for_the_password_twice(app, runner):
    result = create(runner, "Anna@Example.COM", "--name", "Anna Jansen", "--role", "editor",
                    password_input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert GOOD not in result.output  # not echoed
    assert "Created the staff account anna@example.com (editor)." in result.output
    account = staff(app, "anna@example.com")
    assert (account.name, account.role, account.lang, account.active) == (
        "Anna Jansen", "editor", "en", True)
    assert account.password_hash.startswith("$argon2id$")
    assert passwords.verify_password(account.password_hash, GOOD)
    assert account.created_at is not None and account.last_login_at is None


def test_create_reads_one_line_from_standard_input(app, runner):
    result = create(runner, "bram@example.com", "--name", "Bram de Wit", "--lang", "nl",
                    "--password-stdin", password_input=f"{GOOD}\nnot read\n")
    assert result.exit_code == 0, result.output
    account = staff(app, "bram@example.com")
    assert account.role == "handler" and account.lang == "nl"
    assert passwords.verify_password(account.password_hash, GOOD)


@pytest.mark.parametrize("env, message", [
    (ENGLISH, "The password must be at least 12 characters long."),
    (DUTCH, "Het wachtwoord moet minstens 12 tekens lang zijn."),
])
@pytest.mark.parametrize("stdin", [True, False])
def test_a_short_password_is_refused(app, runner, env, message, stdin):
    args = ["anna@example.com", "--name", "Anna"] + (["--password-stdin"] if stdin else [])
    short = "elevenchars"
    result = create(runner, *args, password_input=f"{short}\n{short}\n", env=env)
    assert result.exit_code == 1
    assert message in result.output
    assert staff(app, "anna@example.com") is None


def test_the_two_passwords_must_match(app, runner):
    result = create(runner, "anna@example.com", "--name", "Anna",
                    password_input=f"{GOOD}\n{GOOD}x\n")
    assert result.exit_code == 1
    assert "The two passwords are not the same." in result.output
    assert staff(app, "anna@example.com") is None


@pytest.mark.parametrize("env, message", [
    (ENGLISH, "There is already a staff account for anna@example.com."),
    (DUTCH, "Er is al een medewerkersaccount voor anna@example.com."),
])
def test_a_duplicate_address_is_refused_before_the_password_is_asked(runner, env, message):
    assert create(runner, "anna@example.com", "--name", "Anna", "--password-stdin",
                  password_input=GOOD).exit_code == 0
    result = create(runner, "ANNA@example.com", "--name", "Another Anna", env=env)
    assert result.exit_code == 1
    assert message in result.output
    assert "Password" not in result.output and "Wachtwoord" not in result.output


@pytest.mark.parametrize("email", ["not-an-address", "anna@", "@example.com", "a b@example.com"])
def test_an_invalid_address_is_refused(runner, email):
    result = create(runner, email, "--name", "Anna", "--password-stdin", password_input=GOOD)
    assert result.exit_code == 1
    assert "Enter an email address like name@example.com." in result.output


def test_an_unknown_role_is_refused(runner):
    result = create(runner, "anna@example.com", "--name", "Anna", "--role", "root",
                    "--password-stdin", password_input=GOOD)
    assert result.exit_code == 2 and "root" in result.output


def test_list_shows_every_account(runner):
    result = runner.invoke(args=["staff", "list"], env=ENGLISH)
    assert "There are no staff accounts" in result.output
    for email, role in (("bram@example.com", "handler"), ("anna@example.com", "admin")):
        create(runner, email, "--name", email.split("@")[0].title(), "--role", role,
               "--password-stdin", password_input=GOOD)
    runner.invoke(args=["staff", "disable", "bram@example.com"])
    result = runner.invoke(args=["staff", "list"], env=ENGLISH)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "anna@example.com\tAnna\tadmin\ten\tactive\tnever logged in",
        "bram@example.com\tBram\thandler\ten\tdisabled\tnever logged in",
    ]
    assert "uitgeschakeld" in runner.invoke(args=["staff", "list"], env=DUTCH).output


def test_disable_ends_sessions_and_enable_undoes_it(app, runner):
    create(runner, "anna@example.com", "--name", "Anna", "--password-stdin", password_input=GOOD)
    result = runner.invoke(args=["staff", "disable", "Anna@example.com"], env=ENGLISH)
    assert result.exit_code == 0, result.output
    assert "Disabled anna@example.com" in result.output
    account = staff(app, "anna@example.com")
    assert not account.active and account.session_version == 1
    assert runner.invoke(args=["staff", "enable", "anna@example.com"]).exit_code == 0
    assert staff(app, "anna@example.com").active


@pytest.mark.parametrize("command", ["disable", "enable", "set-password"])
def test_an_unknown_account_is_named(runner, command):
    result = runner.invoke(args=["staff", command, "nobody@example.com"], env=DUTCH)
    assert result.exit_code == 1
    assert "Er is geen medewerkersaccount voor nobody@example.com." in result.output


@pytest.mark.parametrize("stdin", [True, False])
def test_set_password_replaces_it_and_ends_sessions(app, runner, stdin):
    create(runner, "anna@example.com", "--name", "Anna", "--password-stdin", password_input=GOOD)
    new = "another long passphrase"
    args = ["staff", "set-password", "anna@example.com"] + (["--password-stdin"] if stdin else [])
    result = runner.invoke(args=args, input=f"{new}\n{new}\n", env=ENGLISH)
    assert result.exit_code == 0, result.output
    account = staff(app, "anna@example.com")
    assert passwords.verify_password(account.password_hash, new)
    assert not passwords.verify_password(account.password_hash, GOOD)
    assert account.session_version == 1


def test_set_password_refuses_a_short_one(app, runner):
    create(runner, "anna@example.com", "--name", "Anna", "--password-stdin", password_input=GOOD)
    result = runner.invoke(args=["staff", "set-password", "anna@example.com", "--password-stdin"],
                           input="too short\n", env=ENGLISH)
    assert result.exit_code == 1 and "at least 12 characters" in result.output
    assert passwords.verify_password(staff(app, "anna@example.com").password_hash, GOOD)
