"""Cross-site request forgery stopped by the browser's own word: Fetch metadata and Origin.

Every state-changing request (any method but GET, HEAD and OPTIONS) passes this check before
a view runs, the scheme of Go 1.25's ``http.CrossOriginProtection``:

1. ``Sec-Fetch-Site`` present (every current browser sends it): allowed when it is
   ``same-origin`` or ``none`` (the visitor typed it or used a bookmark); refused otherwise,
   unless the request's ``Origin`` is in ``TRUSTED_ORIGINS``.
2. No ``Sec-Fetch-Site`` but an ``Origin``: allowed when it is the site's own origin
   (``SITE_ORIGIN`` when configured, else the request's own host) or a trusted one.
3. Neither header: allowed. Only browsers forge requests, and browsers send one of them;
   ``curl``, the test client and server-to-server calls send neither.

So public pages need no per-visitor token for the vote and Save buttons, and can be cached by
anyone. The complaint, technical-issue and staff forms keep Flask-WTF's token as a second layer.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, jsonify, request
from flask_babel import lazy_gettext as _l

from helpcenter.errors import render_error_page

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RENDERERS_KEY = "helpcenter.crossorigin.renderers"
ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})


def init_app(app: Flask) -> None:
    """Check every request before any other hook (CSRF tokens, rate limits) sees it."""
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_cross_origin)


def answer_refusals_of(app: Flask, blueprint: str, render) -> None:
    """Let ``blueprint`` answer a refused request its own way: ``render(status, message)``.

    The JSON API answers in problem+json; the check itself stays the same for every route.
    """
    app.extensions.setdefault(RENDERERS_KEY, {})[blueprint] = render


def normalize_origin(origin: str) -> str | None:
    """``scheme://host[:port]`` in lower case, or None for anything that is not an origin."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def trusted_origins() -> set[str]:
    """The configured allow-list, normalized (``TRUSTED_ORIGINS``)."""
    configured = current_app.config.get("TRUSTED_ORIGINS") or ()
    if isinstance(configured, str):
        configured = configured.replace(",", " ").split()
    return {o for o in (normalize_origin(item) for item in configured) if o}


def is_own_origin(origin: str) -> bool:
    """True when ``origin`` is this site: ``SITE_ORIGIN``, else the host the request names."""
    normalized = normalize_origin(origin)
    if normalized is None:
        return False
    site = current_app.config.get("SITE_ORIGIN")
    if site:
        return normalized == normalize_origin(site)
    return urlsplit(normalized).netloc == request.host.lower()


def is_cross_origin() -> bool:
    """True when the browser tells us the request was started by another site."""
    if request.method in SAFE_METHODS:
        return False
    origin = request.headers.get("Origin")
    if origin and normalize_origin(origin) in trusted_origins():
        return False
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.strip().lower() not in ALLOWED_FETCH_SITES
    if origin is not None:
        return not is_own_origin(origin)
    return False


def refuse_cross_origin():
    """Answer 403 before the view runs when a request comes from another site."""
    if not is_cross_origin():
        return None
    current_app.logger.info("Cross-origin %s to %s refused", request.method, request.path)
    message = _l("This request came from another website, so we did not carry it out. "
                 "Go to the page on our site and try again.")
    render = current_app.extensions.get(RENDERERS_KEY, {}).get(request.blueprint)
    if render is not None:
        return render(403, message)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=str(message)), 403
    return render_error_page(403, _l("Not allowed"), message), 403  # in both languages
