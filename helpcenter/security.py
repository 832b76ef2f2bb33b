"""Security headers on every response, the ``Host`` check, and the site's own address.

Every response (pages, error pages, JSON, static files) leaves with the headers below, set
once here instead of in each view. A view that needs something stricter sets it itself and
keeps it: the case pages send ``Referrer-Policy: no-referrer``, attachment downloads their own
``Content-Security-Policy: default-src 'none'; sandbox``.

The policy allows no inline script, no ``style=`` attribute and no ``eval``: scripts and styles
come from ``/static/`` only, so text a partner typed can never run as script in anyone's page.

A request for a host outside ``TRUSTED_HOSTS`` (see ``config.trusted_hosts``) gets a 400 page
before any view runs, and every link that leaves the site in an email is built on
``SITE_ORIGIN`` by ``external_url``, never on what a request's ``Host`` header said.
"""

from __future__ import annotations

from flask import (
    Flask,
    Response,
    current_app,
    has_request_context,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import SecurityError

from helpcenter.config import https_site

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",  # search suggestions, the vote and Save buttons use fetch()
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))
# Browser features the site never uses, switched off for it and anything it could embed.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
    "encrypted-media", "geolocation", "gyroscope", "hid", "magnetometer", "microphone",
    "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
    "xr-spatial-tracking",
))
EXTENSION_KEY = "helpcenter.security_headers"
LOCAL_ORIGIN = "http://localhost:5000"  # emailed links from the command line without SITE_ORIGIN


def init_app(app: Flask) -> None:
    """Add the headers to every response and refuse untrusted hosts before anything else.

    Call after every other ``init_app`` that adds request hooks: the ``Host`` check then
    runs first (before the cross-origin check, which reads the host).
    """
    app.extensions[EXTENSION_KEY] = security_headers(app.config)
    app.after_request(add_security_headers)
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_untrusted_host)
    app.register_error_handler(SecurityError, untrusted_host_page)
    app.add_template_global(external_url)
    app.add_template_global(site_origin)


def security_headers(config) -> tuple[tuple[str, str], ...]:
    """The headers every response carries, as (name, value) pairs, computed once."""
    headers = [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("X-Frame-Options", "DENY"),  # browsers that predate frame-ancestors
    ]
    if https_site(config):
        max_age = int(config["HSTS_MAX_AGE"])
        headers.append(("Strict-Transport-Security", f"max-age={max_age}; includeSubDomains"))
    return tuple(headers)


def add_security_headers(response: Response) -> Response:
    """Set each security header the view did not set itself (a stricter one wins)."""
    headers = response.headers
    for name, value in current_app.extensions[EXTENSION_KEY]:
        if name not in headers:
            headers[name] = value
    return response


def refuse_untrusted_host() -> None:
    """Stop a request whose ``Host`` is not trusted before any hook or view reads it.

    Flask checks ``TRUSTED_HOSTS`` when it matches the URL and keeps the error for later;
    raising it here, first, means nothing (cross-origin check, rate limiter) sees that host.
    """
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception


def untrusted_host_page(error: SecurityError) -> tuple[str, int]:
    """The 400 page for an untrusted host: a page of its own, built without that host.

    The shared error page cannot be used: it builds URLs, and Flask has none for a request it
    refused to match.
    """
    current_app.logger.warning(
        "Refused a request for host %r: not in TRUSTED_HOSTS %s (configure "
        "HELPCENTER_SITE_ORIGIN or HELPCENTER_TRUSTED_HOSTS)",
        request.environ.get("HTTP_HOST"), current_app.config["TRUSTED_HOSTS"])
    return render_template("errors/untrusted_host.html"), 400


def site_origin() -> str:
    """The scheme and host every link that leaves the site is built on.

    ``SITE_ORIGIN`` when configured. Without it (``make run``, tests) the host of the request,
    which ``TRUSTED_HOSTS`` then limits to this machine's own names; outside a request
    ``http://localhost:5000``.
    """
    configured = current_app.config.get("SITE_ORIGIN")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return LOCAL_ORIGIN


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of ``endpoint`` on ``site_origin()``: for emails and alternates."""
    return site_origin() + url_for(endpoint, **values)
