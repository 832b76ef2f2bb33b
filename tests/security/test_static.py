"""Static files: content-hashed names cached for a year; plain names still work, briefly cached.

A proxy that compresses (nginx ``gzip``) turns the strong ETag into a weak one and drops
``Content-Length``: conditional requests must still be answered, bodies must stay whole.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from helpcenter.assets import HASHED_NAME, IMMUTABLE, SHORT_CACHE, hashed_name

STATIC = Path(__file__).resolve().parents[2] / "helpcenter" / "static"


def linked_static_files(client) -> list[str]:
    """The /static/ URLs the home page links."""
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', client.get("/en/").text)


def test_pages_link_content_hashed_names(client):
    urls = linked_static_files(client)
    assert len(urls) >= 3  # icon, stylesheet, search script
    for url in urls:
        name = url.removeprefix("/static/")
        match = HASHED_NAME.match(name)
        assert match, url
        original = match["stem"] + (match["suffix"] or "")
        digest = hashlib.sha256((STATIC / original).read_bytes()).hexdigest()[:12]
        assert match["hash"] == digest, url


def test_a_hashed_name_is_immutable_and_its_etag_survives_compression(client):
    url = next(u for u in linked_static_files(client) if u.endswith(".css"))
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.headers["Content-Type"].startswith("text/css")
    assert int(response.headers["Content-Length"]) == len(response.data)
    assert response.data == (STATIC / "css" / "site.css").read_bytes()
    etag = response.headers["ETag"]
    response.close()
    for if_none_match in (etag, "W/" + etag):  # gzip in nginx makes the ETag weak
        again = client.get(url, headers={"If-None-Match": if_none_match})
        assert again.status_code == 304, if_none_match
        assert again.headers["Cache-Control"] == IMMUTABLE
        assert "X-Content-Type-Options" in again.headers
        again.close()
    head = client.head(url)
    assert head.status_code == 200 and head.data == b""
    assert int(head.headers["Content-Length"]) == (STATIC / "css" / "site.css").stat().st_size
    head.close()


@pytest.mark.parametrize("url", ["/static/css/site.css", "/static/css/site.0123456789ab.css"])
def test_plain_and_outdated_names_still_work_with_a_short_cache(client, url):
    """Old bookmarks, and pages a cache kept from before a deploy, still get today's file."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == SHORT_CACHE
    assert response.data == (STATIC / "css" / "site.css").read_bytes()
    response.close()


@pytest.mark.parametrize("url", ["/static/nothing.css", "/static/css/nothing.0123456789ab.css",
                                 "/static/../helpcenter/config.py", "/static/%2e%2e/config.py"])
def test_unknown_static_files_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Content-Security-Policy" in response.headers
    response.close()


def test_debug_mode_uses_the_plain_names(make_app):
    """``flask run --debug``: an edited stylesheet shows on reload, without a restart."""
    app = make_app(DEBUG=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', app.test_client().get("/en/").text)
    assert "/static/css/site.css" in urls


@pytest.mark.parametrize(("name", "hashed"), [
    ("css/site.css", "css/site.{h}.css"),
    ("favicon.svg", "favicon.{h}.svg"),
    ("js/vendor.min.js", "js/vendor.{h}.min.js"),
    ("LICENSE", "LICENSE.{h}"),
])
def test_hashed_names_put_the_hash_after_the_first_dot(name, hashed):
    digest = hashlib.sha256(b"x").hexdigest()[:12]
    assert hashed_name(name, b"x") == hashed.format(h=digest)
    match = HASHED_NAME.match(hashed.format(h=digest))
    assert match and match["stem"] + (match["suffix"] or "") == name


def test_collect_writes_plain_and_hashed_names(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["assets", "collect", str(tmp_path / "static")])
    assert result.exit_code == 0, result.output
    for path in STATIC.rglob("*"):
        if path.is_file():
            name = path.relative_to(STATIC).as_posix()
            hashed = hashed_name(name, path.read_bytes())
            assert (tmp_path / "static" / name).read_bytes() == path.read_bytes()
            assert (tmp_path / "static" / hashed).read_bytes() == path.read_bytes()
