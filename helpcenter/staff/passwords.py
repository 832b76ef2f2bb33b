"""Staff passwords: Argon2id hashes (argon2-cffi), length rules and the dummy hash.

The hasher's parameters are argon2-cffi's defaults (RFC 9106's low-memory profile). A hash
made with other parameters still verifies, and is replaced at the next login.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext

MIN_LENGTH = 12
MAX_LENGTH = 256

HASHER = PasswordHasher()
_dummy_hashes: dict[tuple, str] = {}  # hasher parameters → a hash of a random password


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` to store."""
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; a damaged hash simply does not match."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than the hasher's current ones."""
    try:
        return HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def dummy_hash() -> str:
    """A hash nobody knows the password of, made with the current parameters.

    Checking a password against it when the account does not exist makes a login for an
    unknown address cost as much as a login for a known one.
    """
    key = (HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism, HASHER.hash_len)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = HASHER.hash(secrets.token_urlsafe(32))
    return _dummy_hashes[key]


def password_problem(password: str) -> str | None:
    """Why ``password`` cannot be used (translated), or None when it can."""
    if len(password) < MIN_LENGTH:
        return gettext("The password must be at least %(min)d characters long.", min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return gettext("The password can be at most %(max)d characters long.", max=MAX_LENGTH)
    if not password.strip():
        return gettext("The password cannot be only spaces.")
    return None
