"""What an API request brings: its language, its body as form data, its keys and tokens.

Bodies are JSON objects or ``multipart/form-data`` (for files). Either becomes the same
``MultiDict`` a browser's form POST gives, so the site's WTForms forms check it with their own
rules. Only the JSON types are checked here, against the operation's documented model.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json

from flask import g, request
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from helpcenter.api.problems import INVALID_INPUT, Problem, invalid
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


def form_data(model: type[BaseModel], files: bool = False) -> MultiDict:
    """The body as form data: a JSON object's members, or the multipart fields (and files).

    ``model`` is the operation's documented body (``api/schemas.py``): only its members are
    kept, and each must have a JSON type the document allows for it (a string field a
    string, ``consent`` a boolean, an array only where the schema has one), else 400 with
    ``invalid_type`` per field, before any form looks at it. 415 for any other content type;
    400 for JSON that is not an object. Booleans become ``true``/``false``; ``null`` (where
    allowed) is left out.
    """
    if not request.content_length and not request.mimetype:
        return MultiDict()
    allowed = body_types(model)
    if request.mimetype == JSON:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise invalid("body", "invalid_json", _l("Send a JSON object."))
        members = {str(key): value for key, value in data.items() if key in allowed}
        refuse_wrong_types({name: json_type(value) for name, value in members.items()},
                           allowed)
        pairs = [(name, text) for name, value in members.items() for text in as_texts(value)]
        return without_server_fields(MultiDict(pairs))
    if request.mimetype == MULTIPART:
        fields = without_server_fields(MultiDict(
            (name, text) for name, text in request.form.items(multi=True) if name in allowed))
        refuse_wrong_types({name: "array" for name, texts in fields.lists()  # texts anyway
                            if len(texts) > 1}, allowed)
        return CombinedMultiDict([fields, request.files]) if files else fields
    raise Problem(415)


TYPE_MESSAGES = {
    "string": _l("Send this as text (a JSON string)."),
    "boolean": _l("Send true or false."),
    "integer": _l("Send a whole number."),
    "array": _l("Send a list of values."),
}


def refuse_wrong_types(given: dict[str, str], allowed: dict[str, frozenset]) -> None:
    """400 naming every member whose JSON type (``given``) the document does not allow."""
    errors = []
    for name, kind in given.items():
        types = allowed[name]
        if kind in types or (kind == "integer" and "number" in types):
            continue
        expected = next((t for t in TYPE_MESSAGES if t in types), "string")
        errors.append({"field": name, "code": "invalid_type",
                       "message": str(TYPE_MESSAGES[expected])})
    if errors:
        title, detail = INVALID_INPUT
        raise Problem(400, title=title, detail=detail, errors=errors)


@functools.cache
def body_types(model: type[BaseModel]) -> dict[str, frozenset]:
    """Each member of ``model`` and the JSON types its schema (the document's) allows."""
    schema = model.model_json_schema()
    return {name: frozenset(schema_types(member))
            for name, member in schema.get("properties", {}).items()}


def schema_types(schema: dict) -> set[str]:
    """The JSON types a JSON Schema allows (``type``, ``anyOf``/``oneOf``, ``enum``)."""
    types = set()
    kind = schema.get("type")
    if kind is not None:
        types |= {kind} if isinstance(kind, str) else set(kind)
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        types |= schema_types(branch)
    if kind is None:
        values = schema.get("enum", []) + (["const"] if "const" in schema else [])
        types |= {json_type(schema.get("const") if v == "const" else v) for v in values}
    if not types and "$ref" in schema:
        types.add("object")
    return types


def json_type(value) -> str:
    """The JSON Schema type of a decoded JSON value (1.0 counts as an integer, as there)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def as_texts(value) -> list[str]:
    """A JSON value (of a type its field allows) as the texts a form field would receive."""
    if value is None or isinstance(value, dict):
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, float) and value.is_integer():
        return [str(int(value))]
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
