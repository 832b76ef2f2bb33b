"""Error pages: one template for every HTTP error, in the language of the URL.

The pages say what happened and what to do in plain words; they never show a stack trace or
a version number.
"""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

ERROR_TEXTS = {
    400: (_l("Bad request"), _l("We could not understand that request.")),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (
        _l("Page not found"),
        _l("The page you were looking for does not exist or has moved."),
    ),
    405: (_l("Not allowed"), _l("This page cannot be used in this way.")),
    413: (
        _l("Too large"),
        _l("What you sent is larger than we accept. Make the files smaller and try again."),
    ),
    429: (
        _l("Too many requests"),
        _l("You have sent too many requests in a short time. Please wait a moment and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("Something went wrong on our side. Please try again in a few minutes."),
    ),
}
CSRF_TEXTS = (
    _l("Your session has expired"),
    _l("For your security this form could only be used for a limited time. "
       "Go back, reload the page and send it again."),
)


def register_errorhandlers(app: Flask) -> None:
    """Render every error code above with the shared error template."""
    for code in ERROR_TEXTS:
        app.register_error_handler(code, render_error)
    app.register_error_handler(CSRFError, render_csrf_error)


def render_error(error: Exception) -> tuple[str, int, list]:
    """Render ``error`` as a page in the current language."""
    code = getattr(error, "code", None) or 500
    if not isinstance(error, HTTPException):
        error = InternalServerError()
    title, message = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    page = render_template("errors/error.html", code=code, title=title, message=message)
    # Keep the headers the error carries (Allow on 405, Retry-After on 429), not its body.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return page, code, headers


def render_csrf_error(error: CSRFError) -> tuple[str, int]:
    """Render an expired or missing CSRF token as a page the visitor understands."""
    title, message = CSRF_TEXTS
    return render_template("errors/error.html", code=400, title=title, message=message), 400
