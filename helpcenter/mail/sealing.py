"""Sealing a secret an email needs only while it waits to be sent (the token of a case link).

The outbox keeps such a secret encrypted with Fernet from the ``cryptography`` package:
AES-128-CBC with an HMAC-SHA256 over it, so a sealed value can be neither read nor altered
without the key. We chose it over the alternatives because it is a well-kept, audited recipe
with one obvious way to use it: itsdangerous (already here through Flask) only *signs*, so a
signed token would still be readable in the database, and hand-assembling AES-GCM ourselves
would be our own crypto code to get right.

The key is derived from ``SECRET_KEY`` with HKDF-SHA256 under a label of its own, so it is never
the key that signs session cookies. ``SECRET_KEY_FALLBACKS`` (Flask's list of older keys) can
still open what was sealed before a key change, so rotating the key loses no waiting email.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

KEY_LABEL = b"helpcenter outbox secrets v1"


class UnsealError(Exception):
    """The sealed value was made with a key this site no longer has, or was altered."""


@lru_cache(maxsize=8)
def fernet_for(secret_key: str) -> Fernet:
    """The Fernet cipher whose key is derived from ``secret_key``."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=KEY_LABEL).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def cipher() -> MultiFernet:
    """Seal with the current ``SECRET_KEY``; open with it or any of its fallbacks."""
    config = current_app.config
    keys = [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]
    return MultiFernet([fernet_for(str(key)) for key in keys])


def seal(secret: str) -> str:
    """``secret`` encrypted and authenticated, as text safe for any text column."""
    return cipher().encrypt(secret.encode()).decode("ascii")


def unseal(sealed: str) -> str:
    """The secret that ``seal`` sealed; ``UnsealError`` when no key of ours opens it."""
    try:
        return cipher().decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as error:
        raise UnsealError("the sealed secret cannot be opened with the configured keys") \
            from error
