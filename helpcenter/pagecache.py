"""Whole-page cache for pages that are the same for every visitor but a few small parts.

Rendering the layout with Jinja costs far more than the Markdown it wraps, so pages like an
article are rendered once per (page, language, content version, day, visitor state) with a
placeholder where the CSRF token goes. A page view then only swaps in the visitor's token.
Conditional GETs are answered from an ETag over the same key, without rendering at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, Response, current_app, make_response, render_template, request, session
from flask_wtf.csrf import generate_csrf

from helpcenter.i18n import local_today

EXTENSION_KEY = "helpcenter.pages"
CSRF_PLACEHOLDER = "__helpcenter_csrf_token__"
TOKEN_REUSE_SECONDS = 300  # a signed CSRF token is reused this long for the same visitor


class LRU:
    """A bounded, thread-safe mapping that forgets the least recently used entries."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        """The value under ``key`` (None when absent), marked as recently used."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        """Store ``value``, evicting beyond ``max_entries``."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)


class PageCache:
    """Rendered pages, and each visitor's recently signed CSRF token."""

    def __init__(self, max_pages: int = 2048, max_tokens: int = 10000):
        self.pages = LRU(max_pages)
        self.tokens = LRU(max_tokens)


def init_app(app: Flask) -> None:
    """Give the app its page cache."""
    app.extensions[EXTENSION_KEY] = PageCache(app.config.get("PAGE_CACHE_SIZE", 2048))


def cached_page(
    key: tuple,
    template: str,
    context: Callable[[], dict],
    last_modified: dt.datetime | None = None,
) -> Response:
    """Render ``template`` once per ``key`` and answer conditional GETs from its ETag.

    ``key`` must name everything the page shows that is not in the request URL, the
    language or the day (those are added here): content versions, visitor state.
    ``context`` is only called when the page is not cached yet.
    """
    if session.get("_flashes"):  # a one-off message: render for this view only
        return make_response(render_template(template, **context()))
    cache: PageCache = current_app.extensions[EXTENSION_KEY]
    token = page_csrf_token(cache)  # first, so that a new visitor's ETag already includes it
    full_key = (key, request.host, request.full_path, local_today())
    etag = page_etag(full_key)
    response = Response(mimetype="text/html")
    response.set_etag(etag)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    if not_modified(etag, last_modified):
        response.status_code = 304
        return response
    page = cache.pages.get(full_key)
    if page is None:
        page = render_template(template, csrf_token=lambda: CSRF_PLACEHOLDER, **context())
        cache.pages.put(full_key, page)
    response.set_data(page.replace(CSRF_PLACEHOLDER, token))
    return response


def not_modified(etag: str, last_modified: dt.datetime | None) -> bool:
    """True when the browser's copy is current (RFC 9110: If-None-Match wins)."""
    if "If-None-Match" in request.headers:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return bool(since and last_modified and last_modified.replace(microsecond=0) <= since)


def page_csrf_token(cache: PageCache) -> str:
    """The visitor's signed CSRF token, signed again only every few minutes.

    Flask-WTF signs a fresh token (with a time stamp) on every call; reusing one for a few
    minutes keeps it well inside ``WTF_CSRF_TIME_LIMIT`` and saves the signing per page view.
    """
    raw = session.get("csrf_token")
    now = time.monotonic()
    reused = cache.tokens.get(raw) if raw else None
    if reused is not None and reused[0] > now:
        return reused[1]
    token = generate_csrf()
    cache.tokens.put(session["csrf_token"], (now + TOKEN_REUSE_SECONDS, token))
    return token


def page_etag(full_key: tuple) -> str:
    """An ETag that changes with the page and with the visitor's CSRF secret.

    The time window keeps a browser from reusing a cached page whose token has expired.
    """
    window = int(time.time() // max(1, (current_app.config["WTF_CSRF_TIME_LIMIT"] or 3600) / 2))
    material = repr((full_key, session.get("csrf_token"), window, current_app.config["BUILD_ID"]))
    return hashlib.blake2b(material.encode(), digest_size=12).hexdigest()
