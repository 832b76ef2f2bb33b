"""The JSON API at ``/api/v1``: for the Pulse app and partner integrations.

The blueprint's hooks make it an API: the language from ``?lang=``/``Accept-Language``
(``inputs``), no cookies (``sessions``), every error as problem+json (``problems``). The
operations live beside it: ``reads`` (articles, search, topics), ``filing`` (vote, technical
issue, complaint), ``following`` (a case, by its bearer token) and ``docs`` (the OpenAPI
document and its reference page); they are imported at the end so their routes register.

Cross-site requests: the API has no cookies, so there is no ambient credential for another
site to abuse, and Flask-WTF's token is not asked for (``csrf.exempt``). The site's Fetch
metadata check (``helpcenter.crossorigin``) still applies to every write: a browser on
another site could otherwise make its visitors file cases and votes from their own addresses,
getting round the per-address rate limits. Apps and servers send no ``Sec-Fetch-Site`` or
``Origin`` and pass; a partner's own web origin can be allowed with ``TRUSTED_ORIGINS``.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, default_exceptions

from helpcenter import crossorigin, outage
from helpcenter.api import inputs, sessions
from helpcenter.api.problems import Problem, from_http_error
from helpcenter.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.record_once
def set_up(state) -> None:
    """No cookies for the API, and cross-origin refusals in problem+json."""
    sessions.init_app(state.app)
    crossorigin.answer_refusals_of(state.app, bp.name,
                                   lambda status, message: Problem(status, detail=message)
                                   .response())


@bp.url_value_preprocessor
def language(endpoint, values) -> None:
    """The request's language on ``g`` before any other hook runs (see ``inputs``)."""
    inputs.choose_language()


@bp.before_request
def refuse_unknown_language() -> None:
    """``?lang=`` must be one of ours."""
    inputs.check_language()


@bp.errorhandler(Problem)
def problem(error: Problem):
    """A refusal raised by an operation."""
    return error.response()


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    """404, 405, 413, 429 … as problem+json, with their headers (Allow, Retry-After)."""
    return from_http_error(error).response()


# Flask looks for a handler by code before it looks by class, and the site has one for its
# error pages: the API's must be registered under every code too.
for _code in default_exceptions:
    bp.register_error_handler(_code, http_error)


def database_unavailable(error: Exception):
    """The database down or locked: 503 with ``Retry-After``, nothing half-done."""
    if not outage.is_outage(error):
        return unexpected(error)
    outage.roll_back(error)
    return Problem(503, headers={"Retry-After": str(outage.retry_after())}).response()


for _error_class in outage.DATABASE_ERRORS:
    bp.register_error_handler(_error_class, database_unavailable)


@bp.errorhandler(Exception)
def unexpected(error: Exception):
    """A bug: logged with an incident id, answered as a 500 problem (never a page)."""
    import sys

    current_app.log_exception(sys.exc_info())
    return Problem(500).response()


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


@bp.route("/<path:rest>", methods=METHODS)
@bp.route("/", defaults={"rest": ""}, methods=METHODS)
def no_such_operation(rest: str):
    """Any other path under ``/api/v1``: 404, or 405 with ``Allow`` for a known path."""
    adapter = current_app.url_map.bind("localhost")
    allowed = []
    for method in METHODS:
        try:
            endpoint, _args = adapter.match(request.path, method=method)
        except HTTPException:
            continue
        if endpoint != request.endpoint:
            allowed.append(method)
    if allowed:
        raise MethodNotAllowed(valid_methods=allowed)
    raise NotFound()


# The operations, on this blueprint.
from helpcenter.api import docs, filing, following, reads  # noqa: E402, F401
