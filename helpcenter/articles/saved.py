"""Saved articles: a short list of slugs in the visitor's signed session cookie.

No account is needed; the list lives as long as the browser keeps the cookie.
"""

from __future__ import annotations

from flask import session

MAX_SAVED = 50
SESSION_KEY = "saved_articles"


def saved_slugs() -> list[str]:
    """The slugs the visitor saved, newest first."""
    value = session.get(SESSION_KEY)
    return [slug for slug in value if isinstance(slug, str)] if isinstance(value, list) else []


def is_saved(slug: str) -> bool:
    """True when the visitor saved ``slug``."""
    return slug in saved_slugs()


def set_saved(slug: str, saved: bool) -> None:
    """Save or unsave ``slug``; the oldest entries drop off beyond ``MAX_SAVED``."""
    slugs = [s for s in saved_slugs() if s != slug]
    if saved:
        slugs.insert(0, slug)
    session[SESSION_KEY] = slugs[:MAX_SAVED]
    session.permanent = True
