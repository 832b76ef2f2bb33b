"""Error pages: one template for every HTTP error, in the language of the URL.

The pages say what happened and what to do in plain words, then the same in the other
language (for a visitor who followed a link in the wrong one); they never show a stack trace
or a version number. A 500 shows a short incident id, which is also in the log line with the
traceback, so staff can find what went wrong when a partner quotes it.
"""

from __future__ import annotations

import secrets
from functools import partial

from flask import Flask, current_app, g, render_template, request, url_for
from flask_babel import force_locale, get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from helpcenter import outage
from helpcenter.i18n import LANGUAGES
from helpcenter.requestlog import redact_secrets

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
    503: (
        _l("Temporarily unavailable"),
        _l("This part of the help centre is briefly unavailable. Please try again in a minute; "
           "articles and search keep working."),
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
    outage.init_app(app)  # the database unreachable: the 503 page above
    # Flask's own line names the raw path (a secret link, maybe) and no incident id.
    app.log_exception = partial(log_incident, app)
    app.add_template_global(in_language)


def render_error(error: Exception) -> tuple[str, int, list]:
    """Render ``error`` as a page in the current language."""
    code = getattr(error, "code", None) or 500
    if not isinstance(error, HTTPException):
        error = InternalServerError()
    title, message = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    incident = incident_id() if code == 500 else None
    page = render_error_page(code, title, message, incident)
    # Keep the headers the error carries (Allow on 405, Retry-After on 429), not its body.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return page, code, headers


def render_csrf_error(error: CSRFError) -> tuple[str, int]:
    """Render an expired or missing CSRF token as a page the visitor understands."""
    title, message = CSRF_TEXTS
    return render_error_page(400, title, message), 400


def render_error_page(code: int, title, message, incident: str | None = None) -> str:
    """The error page: ``title`` and ``message`` (lazy strings) in the page's language, then
    in the other language, each with the incident id when there is one."""
    current = str(get_locale())
    others = [page_version(lang, code, title, message, incident)
              for lang in LANGUAGES if lang != current]
    return render_template("errors/error.html", code=code, title=title, message=message,
                           incident=incident, other_languages_versions=others)


def page_version(lang: str, code: int, title, message, incident: str | None) -> dict:
    """The page's texts and home link in ``lang``, for the part below in that language."""
    with force_locale(lang):
        return {
            "lang": lang,
            "code": gettext("Error %(code)s", code=code),
            "title": str(title),
            "message": str(message),
            "incident": incident and gettext(
                "If you contact us about this, mention incident number %(id)s.", id=incident),
            "home": gettext("Go to the home page"),
            "home_url": url_for("articles.home", lang_code=lang),
        }


def in_language(lang: str, message: str, **variables) -> str:
    """``message`` translated into ``lang``, for a template's part in the other language
    (the message is extracted where the template also shows it with ``_()``)."""
    with force_locale(lang):
        return gettext(message, **variables)


def new_incident_id() -> str:
    """A short id (8 hex digits) for one failure, to quote on the page and find in the log."""
    return secrets.token_hex(4)


def log_incident(app: Flask, exc_info) -> None:
    """Log an unhandled exception with its traceback under a new incident id (on ``g``, for
    the 500 page). Replaces ``Flask.log_exception``; the path is logged without secrets."""
    g.incident_id = new_incident_id()
    app.logger.error("Incident %s: unhandled exception on %s %s", g.incident_id,
                     request.method, redact_secrets(request.path), exc_info=exc_info)


def incident_id() -> str:
    """The id of this request's incident: logged with the traceback already, or now, for a
    500 that was raised on purpose."""
    if "incident_id" not in g:
        g.incident_id = new_incident_id()
        current_app.logger.error("Incident %s: error 500 on %s %s", g.incident_id,
                                 request.method, redact_secrets(request.path), exc_info=True)
    return g.incident_id
