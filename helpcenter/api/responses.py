"""Answers of the JSON API: every read with an ``ETag`` and a 304 for a current copy.

Reads of public content may be kept by any shared cache for the same time as the pages
(``PUBLIC_PAGE_MAX_AGE``) and vary by language; a case belongs to one token holder, so it is
``private`` and varies by ``Authorization``.
"""

from __future__ import annotations

import hashlib
import json

from flask import Response, current_app, g, request

JSON_TYPE = "application/json"


def json_body(payload) -> bytes:
    """The JSON text of ``payload`` (UTF-8, no ASCII escapes, stable key order)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def read_response(payload, *, private: bool = False) -> Response:
    """A 200 with ``payload``, or 304 when the client's ``If-None-Match`` is current."""
    body = json_body(payload)
    material = body + current_app.config["BUILD_ID"].encode()
    etag = hashlib.blake2b(material, digest_size=12).hexdigest()
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
