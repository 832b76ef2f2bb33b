"""Whole-page cache for pages that are the same for every visitor but a few small parts.

Rendering the layout with Jinja costs far more than the Markdown it wraps, so pages like an
article are rendered once per (page, language, content version, day, visitor state) with a
placeholder where the CSRF token goes. A page view then only swaps in the visitor's token.
Conditional GETs are answered from an ETag over the same key, without rendering at all.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

from flask import Flask, Response, current_app, make_response, render_template, request, session
from flask_wtf.csrf import generate_csrf

from helpcenter.i18n import local_today

EXTENSION_KEY = "helpcenter.pages"
CSRF_PLACEHOLDER = "__helpcenter_csrf_token__"


class PageCache:
    """A bounded, thread-safe LRU of rendered pages."""

    def __init__(self, max_entries: int = 2048):
        self.max_entries = max_entries
        self._pages: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        """The page stored under ``key``, marked as recently used."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: str) -> None:
        """Store ``page``, evicting the least recently used beyond ``max_entries``."""
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)


def init_app(app: Flask) -> None:
    """Give the app its page cache."""
    app.extensions[EXTENSION_KEY] = PageCache(app.config.get("PAGE_CACHE_SIZE", 2048))


def cached_page(key: tuple, template: str, status: int = 200, **context) -> Response:
    """Render ``template`` once per ``key`` and answer conditional GETs from its ETag.

    ``key`` must name everything the page shows that is not in the request URL, the
    language or the day (those are added here): content versions, visitor state.
    """
    full_key = (key, request.host, request.full_path, local_today())
    if session.get("_flashes"):  # a one-off message: render for this view only
        return make_response(render_template(template, **context), status)
    token = generate_csrf()  # first, so that a new visitor's ETag already includes it
    response = Response(status=status, mimetype="text/html")
    response.set_etag(page_etag(full_key))
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    if request.method in ("GET", "HEAD") and status == 200:
        response.make_conditional(request)
        if response.status_code == 304:
            return response
    cache: PageCache = current_app.extensions[EXTENSION_KEY]
    page = cache.get(full_key)
    if page is None:
        page = render_template(template, csrf_token=lambda: CSRF_PLACEHOLDER, **context)
        cache.put(full_key, page)
    response.set_data(page.replace(CSRF_PLACEHOLDER, token))
    return response


def page_etag(full_key: tuple) -> str:
    """An ETag that changes with the page and with the visitor's CSRF secret.

    The time window keeps a browser from reusing a cached page whose token has expired.
    """
    window = int(time.time() // max(1, (current_app.config["WTF_CSRF_TIME_LIMIT"] or 3600) / 2))
    material = repr((full_key, session.get("csrf_token"), window, current_app.config["BUILD_ID"]))
    return hashlib.blake2b(material.encode(), digest_size=12).hexdigest()
