"""Staff accounts: creating, finding, disabling, changing passwords and checking logins.

Every function that ends the sessions of an account does so by raising its
``session_version``: a session cookie carries the version it was opened with.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from helpcenter import clock
from helpcenter.extensions import db
from helpcenter.i18n import LANGUAGES
from helpcenter.staff import passwords
from helpcenter.staff.models import HANDLER, ROLES, StaffUser

NAME_MAX = 100
EMAIL_MAX = 320


class AccountError(Exception):
    """A staff account could not be made or changed; the message is translated."""


def normalise_email(raw: str | None) -> str | None:
    """The address in the form accounts are stored under (lower case), or None if invalid."""
    raw = (raw or "").strip()
    if not raw or len(raw) > EMAIL_MAX:
        return None
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def valid_email(raw: str) -> str:
    """``normalise_email`` for commands: an invalid address is an ``AccountError``."""
    email = normalise_email(raw)
    if email is None:
        raise AccountError(gettext("Enter an email address like name@example.com."))
    return email


def staff_by_email(email: str | None) -> StaffUser | None:
    """The account with this (already normalised) address, if there is one."""
    if not email:
        return None
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email))


def existing_account(raw_email: str) -> StaffUser:
    """The account for ``raw_email``; an ``AccountError`` when there is none."""
    email = valid_email(raw_email)
    staff = staff_by_email(email)
    if staff is None:
        raise AccountError(gettext("There is no staff account for %(email)s.", email=email))
    return staff


def check_new_account(raw_email: str, name: str) -> str:
    """Check address and name of an account to be made; return the normalised address."""
    email = valid_email(raw_email)
    if staff_by_email(email) is not None:
        raise AccountError(gettext("There is already a staff account for %(email)s.",
                                   email=email))
    if not name.strip():
        raise AccountError(gettext("Enter the staff member's full name."))
    if len(name.strip()) > NAME_MAX:
        raise AccountError(gettext("The name can be at most %(max)d characters long.",
                                   max=NAME_MAX))
    return email


def check_password(password: str) -> None:
    """Raise an ``AccountError`` when ``password`` is too short, too long or blank."""
    problem = passwords.password_problem(password)
    if problem:
        raise AccountError(problem)


def create_staff(email: str, name: str, password: str, role: str = HANDLER,
                 lang: str = "en") -> StaffUser:
    """Make an active account; every rule is checked again here, whoever calls."""
    email = check_new_account(email, name)
    check_password(password)
    if role not in ROLES or lang not in LANGUAGES:
        raise AccountError(gettext("Unknown role or language."))
    staff = StaffUser(email=email, name=name.strip(), role=role, lang=lang, active=True,
                      password_hash=passwords.hash_password(password), session_version=0,
                      created_at=clock.utcnow())
    db.session.add(staff)
    try:
        db.session.commit()
    except IntegrityError as error:  # made by someone else in the meantime
        db.session.rollback()
        raise AccountError(gettext("There is already a staff account for %(email)s.",
                                   email=email)) from error
    return staff


def all_staff() -> list[StaffUser]:
    """Every account, by address."""
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.email)))


def end_sessions(staff: StaffUser) -> None:
    """End every session of ``staff`` opened so far (the caller commits)."""
    staff.session_version = (staff.session_version or 0) + 1


def set_active(raw_email: str, active: bool) -> StaffUser:
    """Disable (its sessions end at their next request) or enable an account."""
    staff = existing_account(raw_email)
    if staff.active != active:
        staff.active = active
        end_sessions(staff)
        db.session.commit()
    return staff


def set_password(raw_email: str, password: str) -> StaffUser:
    """Give an account a new password and end its open sessions."""
    staff = existing_account(raw_email)
    check_password(password)
    staff.password_hash = passwords.hash_password(password)
    end_sessions(staff)
    db.session.commit()
    return staff


def authenticate(raw_email: str | None, password: str) -> StaffUser | None:
    """The active account this address and password belong to, or None.

    An unknown address is checked against a dummy hash and a disabled account against its
    own, so all three failures take as long as a wrong password. A hash made with older
    parameters is replaced on success.
    """
    staff = staff_by_email(normalise_email(raw_email))
    if staff is None:
        passwords.verify_password(passwords.dummy_hash(), password)
        return None
    if not passwords.verify_password(staff.password_hash, password) or not staff.active:
        return None
    if passwords.needs_rehash(staff.password_hash):
        staff.password_hash = passwords.hash_password(password)
    staff.last_login_at = clock.utcnow()
    db.session.commit()
    return staff
