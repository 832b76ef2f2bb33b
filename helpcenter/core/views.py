"""Views that belong to no single feature: entry points and the language switch."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, redirect, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from helpcenter.extensions import db, limiter
from helpcenter.i18n import language_cookie_name, localized_path, preferred_language

bp = Blueprint("core", __name__)


@bp.get("/")
def root() -> Response:
    """Send the visitor to the home page in their language (cookie, browser, then Dutch)."""
    response = redirect(f"/{preferred_language(request)}/")
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.get("/<lang:lang_code>/language")
def switch_language() -> Response:
    """Remember the chosen language and show the page the visitor was on in that language.

    ``next`` is only a hint: ``localized_path`` rebuilds it from our own routes, so this can
    never redirect off the site.
    """
    response = redirect(localized_path(request.args.get("next"), g.lang_code))
    response.set_cookie(
        language_cookie_name(),
        g.lang_code,
        max_age=current_app.config["LANGUAGE_COOKIE_MAX_AGE"],
        samesite="Lax",
        httponly=True,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


@bp.get("/healthz")
def healthz() -> tuple[dict, int]:
    """Tell a load balancer whether this instance can serve: 200 when the database answers."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("Health check: database unreachable")
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200


@bp.get("/readyz")
def readyz() -> tuple[dict, int, dict]:
    """Tell a load balancer whether to send traffic here: the database and Redis answer.

    ``/healthz`` says the process lives; this says it can do its work. Redis is checked only
    when rate limits are kept there (``RATELIMIT_STORAGE_URI=redis://...``); while it is down
    the site still serves pages (limits fall back to memory), but this instance is not ready.
    """
    checks = {"database": "ok" if database_answers() else "unreachable",
              "redis": redis_state()}
    ready = checks["database"] == "ok" and checks["redis"] in ("ok", "not configured")
    body = {"status": "ok" if ready else "unavailable", **checks}
    return body, 200 if ready else 503, {"Cache-Control": "no-store"}


def database_answers() -> bool:
    """True when ``SELECT 1`` succeeds; the failure is logged."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("Readiness check: database unreachable")
        return False
    return True


def redis_state() -> str:
    """``ok`` or ``unreachable`` for the rate-limit Redis, ``not configured`` without one."""
    uri = str(current_app.config.get("RATELIMIT_STORAGE_URI") or "")
    enabled = current_app.config.get("RATELIMIT_ENABLED", True)
    if not (enabled and uri.startswith(("redis://", "rediss://", "redis+"))):
        return "not configured"
    try:
        reachable = limiter.storage.check()
    except Exception:  # any failure of the Redis client means "not ready"
        reachable = False
    if not reachable:
        current_app.logger.warning("Readiness check: Redis unreachable")
    return "ok" if reachable else "unreachable"
