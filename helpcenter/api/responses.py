"""Answers of the JSON API: every read with an ``ETag`` and a 304 for a current copy.

Reads of public content may be kept by any shared cache for the same time as the pages
(``PUBLIC_PAGE_MAX_AGE``) and vary by language; a case belongs to one token holder, so it is
``private`` and varies by ``Authorization``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from flask import Response, current_app, g, request

from helpcenter import pagecache
from helpcenter.articles import service as articles
from helpcenter.i18n import local_today

JSON_TYPE = "application/json"


def json_body(payload) -> bytes:
    """The JSON text of ``payload`` (UTF-8, no ASCII escapes, stable key order)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def content_read(build: Callable[[], dict]) -> Response:
    """A read of public content, kept in the pages' cache (``pagecache``) per path, language,
    content version and day: a repeated read neither rebuilds nor serializes anything.

    Only reads without parameters beyond ``lang`` are kept (an article, the first page of a
    list, the topics): a search or a cursor would let anyone fill the cache with entries no
    one reads again, pushing the pages out.
    """
    if not set(request.args) <= {"lang"}:
        body = json_body(build())
        return read_response(None, body=body, etag=body_etag(body))
    pages = current_app.extensions[pagecache.EXTENSION_KEY]
    key = ("api", request.path, g.lang_code, articles.generation(), local_today())
    entry = pages.get(key)
    if entry is None:
        body = json_body(build())
        entry = (body, body_etag(body))
        pages.put(key, entry)
    return read_response(None, body=entry[0], etag=entry[1])


def body_etag(body: bytes) -> str:
    """An ETag that changes with the body and with every deploy (``BUILD_ID``)."""
    material = body + current_app.config["BUILD_ID"].encode()
    return hashlib.blake2b(material, digest_size=12).hexdigest()


def read_response(payload, *, private: bool = False, body: bytes | None = None,
                  etag: str | None = None) -> Response:
    """A 200 with ``payload`` (or its ready ``body`` and ``etag``), or 304 when the client's
    ``If-None-Match`` is current."""
    if body is None:
        body = json_body(payload)
        etag = body_etag(body)
    response = Response(mimetype=JSON_TYPE)
    response.set_etag(etag)
    if private:
        response.headers["Cache-Control"] = "private, no-cache"
        response.vary.add("Authorization")
    else:
        response.headers["Cache-Control"] = (
            f"public, max-age={int(current_app.config['PUBLIC_PAGE_MAX_AGE'])}")
    response.vary.add("Accept-Language")
    response.headers["Content-Language"] = g.lang_code
    if request.if_none_match.contains_weak(etag):
        response.status_code = 304
        return response
    response.set_data(body)
    return response


def write_response(payload, status: int = 200, headers: dict | None = None) -> Response:
    """The answer to a write: never cached."""
    response = Response(json_body(payload), status, mimetype=JSON_TYPE, headers=headers)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Language"] = g.lang_code
    return response
