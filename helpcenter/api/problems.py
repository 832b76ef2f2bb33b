"""Errors of the JSON API as ``application/problem+json`` (RFC 9457), in the asked language.

Every refusal is a ``Problem``: a status, a title and a detail in the request's language
(``?lang=`` or ``Accept-Language``), and for bad input one entry per field with a machine code
(``required``, ``invalid_email``, ``too_short`` …) beside the same message the HTML form shows.
The codes are read off the form's own validators, so the rules stay in the forms.
"""

from __future__ import annotations

import json

from flask import Response
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from helpcenter.errors import ERROR_TEXTS

PROBLEM_TYPE = "application/problem+json"
TYPE_BASE = "https://helpcenter.example/problems/"  # a name, not a page (RFC 9457 §3.1.1)
API_TEXTS = {
    401: (_l("This case link does not work"),
          _l("Send the secret token from the link in your email as a bearer token. A link "
             "that was replaced through “Lost your link?” no longer works.")),
    409: (_l("Not possible now"), _l("The case does not allow this now.")),
    415: (_l("Unsupported format"),
          _l("Send the request as application/json or multipart/form-data.")),
}
INVALID_INPUT = (_l("Check what you sent"), _l("Some fields need a correction: see errors."))
CODES = {  # validator class → machine code
    "DataRequired": "required", "InputRequired": "required", "Email": "invalid_email",
    "Length": "too_long", "Regexp": "invalid_format", "NumberRange": "out_of_range",
}
FILE_REFUSALS = ("too-large", "pixels", "damaged", "password", "script", "type")


class Problem(Exception):
    """A refusal the API answers as problem+json; raise it anywhere in an API view."""

    def __init__(self, status: int, *, title=None, detail=None, errors=None, kind=None,
                 headers=None, **extensions):
        super().__init__(status)
        default_title, default_detail = API_TEXTS.get(status) or ERROR_TEXTS.get(
            status, ERROR_TEXTS[500])
        self.status = status
        self.title = title or default_title
        self.detail = detail or default_detail
        self.errors = errors or []
        self.kind = kind or ("invalid-input" if self.errors else f"http-{status}")
        self.headers = dict(headers or {})
        self.extensions = extensions

    def response(self) -> Response:
        """The problem document, with ``Content-Language`` and any headers it carries."""
        body = {"type": TYPE_BASE + self.kind, "title": str(self.title), "status": self.status,
                "detail": str(self.detail)}
        if self.errors:
            body["errors"] = self.errors
        body |= {key: value for key, value in self.extensions.items() if value is not None}
        response = Response(json.dumps(body, ensure_ascii=False), self.status,
                            mimetype=PROBLEM_TYPE, headers=self.headers)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Language"] = str(get_locale() or "nl")
        return response


def invalid(field: str, code: str, message) -> Problem:
    """One field wrong (a query parameter, a header): 400 with its code and message."""
    title, detail = INVALID_INPUT
    return Problem(400, title=title, detail=detail,
                   errors=[{"field": field, "code": code, "message": str(message)}])


def form_problem(form, names: dict[str, str] | None = None) -> Problem:
    """400 for a form that did not validate: one entry per message, named as the API names
    the field (``names`` maps form field → API field)."""
    names = names or {}
    errors = []
    for name, field in form._fields.items():
        for message in field.errors:
            errors.append({"field": names.get(name, name), "code": error_code(field, message),
                           "message": str(message)})
    errors += [{"field": None, "code": "invalid", "message": str(m)} for m in form.form_errors]
    title, detail = INVALID_INPUT
    return Problem(400, title=title, detail=detail, errors=errors)


def error_code(field, message) -> str:
    """The machine code of one of ``field``'s messages: which of its checks failed."""
    message = str(message)
    choice_message = getattr(field, "invalid_choice_message", None)
    if field.data and choice_message is not None and str(choice_message) == message:
        return "invalid_choice"  # given, but not one of the choices (same words as missing)
    for validator in field.validators:
        own = getattr(validator, "message", None)
        if own is not None and str(own) == message:
            return CODES.get(type(validator).__name__, "invalid")
        if type(validator).__name__ == "TextLength":
            length = len((field.data or "").replace("\r\n", "\n"))
            if length < validator.min:
                return "too_short"
            if length > validator.max:
                return "too_long"
    if field.type == "AttachmentsField":
        return attachment_code(field, message)
    if not field.data:
        return "required"
    return "invalid"


def attachment_code(field, message: str) -> str:
    """``file_type``, ``file_too_large`` … for a refused file; ``too_many_files`` otherwise."""
    from helpcenter.cases.attachment_field import refusal_message  # the field's own words

    names = [(f.filename or "")[:80] for f in field.data or [] if getattr(f, "filename", None)]
    for name in names:
        for reason in FILE_REFUSALS:
            if refusal_message(reason, name) == message:
                return "file_" + reason.replace("-", "_")
    return "too_many_files" if len(names) > 3 else "file_refused"


def from_http_error(error: HTTPException) -> Problem:
    """A Werkzeug error (404, 405, 413, 429 …) as a problem, keeping its headers (Allow,
    Retry-After)."""
    code = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    if code == 429:
        headers.setdefault("Retry-After", str(retry_after_seconds()))
    return Problem(code, headers=headers)


def retry_after_seconds() -> int:
    """Seconds until the rate limit that was hit lets the client in again (at least 1)."""
    import time

    from helpcenter.extensions import limiter

    reached = getattr(limiter, "current_limit", None)
    if reached is None:
        return 60
    return max(int(reached.reset_at - time.time()), 1)
