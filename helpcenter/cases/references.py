"""Case references people can read aloud, and secret links that only their owner has."""

from __future__ import annotations

import hashlib
import secrets

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
TOKEN_BYTES = 32  # 256 bits


def new_reference() -> str:
    """A short readable case reference, e.g. ``HC-7K4M-Q2XP``."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"HC-{chars[:4]}-{chars[4:]}"


def new_token() -> str:
    """The secret for a case link: random, URL-safe, 256 bits."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the database keeps of a token: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()
