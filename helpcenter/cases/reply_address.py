"""The per-case Reply-To address: ``<MAIL_REPLY_LOCAL_PART>+<reply token>@<MAIL_REPLY_DOMAIN>``.

The reply token is the case reference plus a MAC of it (``hc-7k4m-q2xp-<16 characters>``), so
it needs no column and no migration, yet nobody can make the address of another case from a
reference they saw: the MAC is keyed with a key derived from ``SECRET_KEY`` by HKDF under a
label of its own (as ``mail.sealing`` does), never the key that signs cookies. An address made
under an older key still works while that key is in ``SECRET_KEY_FALLBACKS``.

It is not the case's access token: it only lets a message be *delivered* to the case, and the
receiver still checks that the sender is the case's email address. Mail systems may change
the case of an address, so the token is lowercase and is read case-insensitively.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from helpcenter.cases.models import Case
from helpcenter.extensions import db

KEY_LABEL = b"helpcenter reply address v1"
MAC_CHARS = 16  # base32: 80 bits
TOKEN = re.compile(r"(hc-[a-z0-9]{4}-[a-z0-9]{4})-([a-z2-7]{16})")


@lru_cache(maxsize=8)
def mac_key(secret_key: str) -> bytes:
    """The MAC key derived from ``secret_key`` for reply addresses only."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=KEY_LABEL).derive(secret_key.encode())


def keys() -> list[bytes]:
    """The current key first, then the fallbacks a rotation keeps."""
    config = current_app.config
    secrets = [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]
    return [mac_key(str(secret)) for secret in secrets]


def mac(key: bytes, reference: str) -> str:
    """The truncated, lowercase base32 HMAC-SHA256 of ``reference`` under ``key``."""
    digest = hmac.new(key, reference.lower().encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:MAC_CHARS]


def reply_token(case: Case) -> str:
    """The case's reply token (made with the current key)."""
    reference = case.reference.lower()
    return f"{reference}-{mac(keys()[0], reference)}"


def reply_address(case: Case) -> str:
    """The address a reply to an email about ``case`` goes to."""
    config = current_app.config
    return (f"{config['MAIL_REPLY_LOCAL_PART']}+{reply_token(case)}"
            f"@{config['MAIL_REPLY_DOMAIN']}")


def is_reply_domain_address(address: str) -> bool:
    """Whether ``address`` has the form of a reply address (any token) of this site."""
    local, _at, domain = address.strip().rpartition("@")
    config = current_app.config
    return (domain.casefold() == str(config["MAIL_REPLY_DOMAIN"]).casefold()
            and local.casefold().startswith(f"{config['MAIL_REPLY_LOCAL_PART']}+".casefold()))


def token_of(address: str) -> str | None:
    """The reply token in ``address``, or None when it is no reply address of ours."""
    if not is_reply_domain_address(address):
        return None
    return address.strip().rpartition("@")[0].partition("+")[2].lower()


def case_for_token(token: str | None) -> Case | None:
    """The case ``token`` belongs to, or None. The MAC is compared in constant time, under
    every key, before the database is asked (a made-up token costs no query)."""
    match = TOKEN.fullmatch(token or "")
    if match is None:
        return None
    reference, given = match.groups()
    valid = False
    for key in keys():
        valid |= hmac.compare_digest(mac(key, reference).encode(), given.encode())
    if not valid:
        return None
    return db.session.scalar(db.select(Case).where(Case.reference == reference.upper()))
