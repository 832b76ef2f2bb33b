"""Whole-page cache for pages that are the same for every visitor with the same state.

Rendering the layout with Jinja costs far more than the Markdown it wraps, so pages like an
article are rendered once per (page, language, content version, day, visitor state) and kept.
Nothing in such a page belongs to one visitor: the vote and Save forms carry no token (the
cross-origin check in ``helpcenter.crossorigin`` protects them), so a rendered page can be
served to anyone whose state is the same, and by any shared cache.

A visitor without a session gets ``Cache-Control: public`` and no cookie; a visitor with one
(they voted or saved) gets ``private, no-cache``. Conditional GETs are answered from an ETag over
the cache key, without rendering at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, current_app, make_response, render_template, request, session
from werkzeug.http import http_date, quote_etag

from helpcenter.i18n import local_today

EXTENSION_KEY = "helpcenter.pages"


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


class CachedPageWroteSession(RuntimeError):
    """A template of a cached page changed the session (e.g. called ``csrf_token()``).

    Such a page would carry one visitor's data to every other visitor: the bug this module
    exists to make impossible. Raised on the first render, so a test catches it.
    """


def init_app(app: Flask) -> None:
    """Give the app its page cache."""
    app.extensions[EXTENSION_KEY] = LRU(app.config.get("PAGE_CACHE_SIZE", 2048))
    app.extensions[STATE_KEY] = []


STATE_KEY = "helpcenter.pages.visitor_state"


def vary_on(app: Flask, state: Callable[[], object]) -> None:
    """Key every cached page on ``state()`` too: visitor state that the layout shows.

    A feature whose state appears on every page (the header's "My cases" while signed in)
    registers it here, so a page rendered for one visitor is never served to another whose
    state differs.
    """
    app.extensions[STATE_KEY].append(state)


@dataclass(frozen=True)
class CachedPage:
    """A rendered page with its header values, ready to send as they are."""

    body: bytes
    etag: str  # the quoted header value
    last_modified: str | None  # an HTTP date


def cached_page(
    key: tuple,
    template: str,
    context: Callable[[], dict],
    last_modified: dt.datetime | None = None,
) -> Response:
    """Render ``template`` once per ``key`` and answer conditional GETs from its ETag.

    ``key`` must name everything the page shows that is not in the request URL, the
    language or the day (those are added here): content versions, visitor state.
    ``context`` is only called when the page is not cached yet. A page view that hits the
    cache does no more than look it up and copy prepared header values: the benchmark in
    ``bench/`` holds it to 85 % of the speed of an empty endpoint.
    """
    if session.get("_flashes"):  # a one-off message: render for this view only
        response = make_response(render_template(template, **context()))
        response.headers["Cache-Control"] = "private, no-store"
        return response
    states = tuple(state() for state in current_app.extensions[STATE_KEY])
    full_key = (key, states, request.host, request.full_path, local_today())
    pages: LRU = current_app.extensions[EXTENSION_KEY]
    page = pages.get(full_key)
    if page is None:
        page = CachedPage(render_shared(template, context()).encode(),
                          quote_etag(page_etag(full_key)),
                          http_date(last_modified) if last_modified else None)
        pages.put(full_key, page)
    headers = [("Content-Type", "text/html; charset=utf-8"), ("ETag", page.etag),
               ("Cache-Control", cache_control()), ("Vary", "Cookie")]
    if page.last_modified:
        headers.append(("Last-Modified", page.last_modified))
    if not_modified(page.etag[1:-1], last_modified):
        return Response(status=304, headers=headers[1:])
    return Response(page.body, headers=headers)


def render_shared(template: str, context: dict) -> str:
    """Render a page meant for many visitors; refuse if rendering touched the session."""
    was_modified = session.modified
    page = render_template(template, **context)
    if session.modified and not was_modified:
        raise CachedPageWroteSession(f"{template} changed the session while being cached")
    return page


def shared_response(body: str) -> Response:
    """A page that is not cached here but is the same for every visitor with the same state.

    Gets the same cache headers as a cached page, with an ETag over its body.
    """
    etag = hashlib.blake2b(body.encode(), digest_size=12).hexdigest()
    response = Response(mimetype="text/html")
    set_cache_headers(response, etag, None)
    if not_modified(etag, None):
        response.status_code = 304
        return response
    response.set_data(body)
    return response


def set_cache_headers(response: Response, etag: str, last_modified: dt.datetime | None) -> None:
    """The cache headers of a page that is the same for everyone with the same state."""
    response.set_etag(etag)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = cache_control()
    response.vary.add("Cookie")


def cache_control() -> str:
    """``public`` for a visitor without a session, ``private`` for one who voted or saved."""
    if session:  # the page shows their state, and the response may renew their cookie
        return "private, no-cache"
    return f"public, max-age={int(current_app.config['PUBLIC_PAGE_MAX_AGE'])}"


def not_modified(etag: str, last_modified: dt.datetime | None) -> bool:
    """True when the browser's copy is current (RFC 9110: If-None-Match wins)."""
    environ = request.environ
    if "HTTP_IF_NONE_MATCH" not in environ and "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    if "HTTP_IF_NONE_MATCH" in environ:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return bool(since and last_modified and last_modified.replace(microsecond=0) <= since)


def page_etag(full_key: tuple) -> str:
    """An ETag that changes with the page and with every deploy (``BUILD_ID``)."""
    material = repr((full_key, current_app.config["BUILD_ID"]))
    return hashlib.blake2b(material.encode(), digest_size=12).hexdigest()
