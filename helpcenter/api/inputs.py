"""What an API request brings: its language, its body as form data, its keys and tokens.

Bodies are JSON objects or ``multipart/form-data`` (for files). Either becomes the same
``MultiDict`` a browser's form POST gives, so the site's WTForms forms check it with their own
rules; nothing here knows what a valid field is.
"""

from __future__ import annotations

import base64
import hashlib
import json

from flask import g, request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from helpcenter.api.problems import Problem, invalid
from helpcenter.i18n import DEFAULT_LANGUAGE, LANGUAGES

JSON, MULTIPART = "application/json", "multipart/form-data"
IDEMPOTENCY_KEY_MAX = 200
PAGE_SIZE, PAGE_SIZE_MAX = 20, 100
SERVER_SET_FIELDS = ("idempotency_key", "website", "csrf_token")  # never from the client


def choose_language() -> None:
    """``?lang=`` when it is one of ours, else the best ``Accept-Language`` match, else nl.

    Put on ``g`` before anything else runs, so Babel (and every message) uses it; cookies are
    never looked at. An unknown ``?lang=`` is remembered and refused by ``check_language``.
    """
    asked = request.args.get("lang")
    g.api_bad_language = asked is not None and asked not in LANGUAGES
    if asked in LANGUAGES:
        g.lang_code = asked
    else:
        g.lang_code = request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def check_language() -> None:
    """Refuse an unknown ``?lang=`` (the error itself in the ``Accept-Language`` one)."""
    if g.get("api_bad_language"):
        raise invalid("lang", "invalid_choice", _l("Choose nl or en."))


def form_data(files: bool = False) -> MultiDict:
    """The body as form data: a JSON object's members, or the multipart fields (and files).

    415 for any other content type; 400 for JSON that is not an object. Values that are
    lists become repeated fields; booleans ``true``/``false``; ``null`` is left out.
    """
    if not request.content_length and not request.mimetype:
        return MultiDict()
    if request.mimetype == JSON:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise invalid("body", "invalid_json", _l("Send a JSON object."))
        pairs = [(str(key), text) for key, value in data.items()
                 for text in as_texts(value)]
        return without_server_fields(MultiDict(pairs))
    if request.mimetype == MULTIPART:
        fields = without_server_fields(MultiDict(request.form))
        return CombinedMultiDict([fields, request.files]) if files else fields
    raise Problem(415)


def as_texts(value) -> list[str]:
    """A JSON value as the texts a form field would receive."""
    if value is None or isinstance(value, dict):
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list):
        return [text for item in value if not isinstance(item, list | dict)
                for text in as_texts(item)]
    return [str(value)]


def without_server_fields(data: MultiDict) -> MultiDict:
    """The body without the fields the server fills in itself (key, honeypot, token)."""
    for name in SERVER_SET_FIELDS:
        data.poplist(name)
    return data


def idempotency_key(scope: str) -> str | None:
    """The ``Idempotency-Key`` header as the 32 hex digits the forms' key column holds.

    Hashed with ``scope`` (the kind of request, the case), so the same key sent for two
    different things never makes them one. None when the header is absent.
    """
    raw = request.headers.get("Idempotency-Key")
    if raw is None:
        return None
    raw = raw.strip()
    if not raw or len(raw) > IDEMPOTENCY_KEY_MAX or not raw.isprintable():
        raise invalid("Idempotency-Key", "invalid_format",
                      _l("Use an Idempotency-Key of 1 to 200 printable characters."))
    return hashlib.sha256(f"api:{scope}:{raw}".encode()).hexdigest()[:32]


def bearer_token() -> str | None:
    """The token of ``Authorization: Bearer <token>``; None when there is none."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def page_window() -> tuple[int, int]:
    """(offset, limit) from ``?cursor=`` (opaque, from ``next_cursor``) and ``?limit=``."""
    limit_text = request.args.get("limit")
    limit = PAGE_SIZE
    if limit_text is not None:
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= PAGE_SIZE_MAX:
            raise invalid("limit", "out_of_range", _l("Give a whole number from 1 to 100."))
        limit = int(limit_text)
    cursor = request.args.get("cursor")
    if cursor is None:
        return 0, limit
    try:
        offset = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())["o"]
    except (ValueError, KeyError, TypeError, UnicodeError):
        offset = None
    if type(offset) is not int or offset < 0:
        raise invalid("cursor", "invalid_cursor",
                      _l("This cursor is not valid: start again from the first page."))
    return offset, limit


def paginate(items: list, render) -> dict:
    """One page of ``items`` (each made JSON by ``render``) and the cursor of the next."""
    offset, limit = page_window()
    window = items[offset:offset + limit]
    following = offset + limit
    cursor = None
    if following < len(items):
        cursor = base64.urlsafe_b64encode(json.dumps({"o": following}).encode()).decode()
        cursor = cursor.rstrip("=")
    return {"items": [render(item) for item in window], "next_cursor": cursor}
