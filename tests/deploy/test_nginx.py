"""Through nginx (deploy/nginx.conf): the shared cache, static files, compression, limits."""

from __future__ import annotations

import re
import secrets
import socket
import time

from helpcenter.config import DefaultConfig
from tests.deploy.client import Visitor

CACHED = "/en/guides/cached"


def test_an_anonymous_article_comes_from_the_cache_the_second_time(nginx):
    first, second = Visitor().get(nginx.port, CACHED), Visitor().get(nginx.port, CACHED)
    assert first.status == second.status == 200
    assert first.header("X-Cache-Status") == "MISS"
    assert second.header("X-Cache-Status") == "HIT"
    assert second.body == first.body
    assert "Kept by nginx" in second.body
    assert second.header("Cache-Control").startswith("public")
    assert second.header("Set-Cookie") is None
    # Every answer carries the id of its own request, also when it comes from the cache.
    assert re.fullmatch(r"[0-9a-f]{32}", second.header("X-Request-ID"))
    assert second.header("X-Request-ID") != first.header("X-Request-ID")


def test_a_voters_page_never_comes_from_the_cache(nginx):
    path = "/en/guides/first-steps"
    anonymous = Visitor()
    public = anonymous.get(nginx.port, path)
    assert anonymous.get(nginx.port, path).header("X-Cache-Status") == "HIT"

    voter = Visitor()
    assert voter.post(nginx.port, "/en/feedback/first-steps", {"answer": "no"}).status == 303
    assert voter.cookies, "voting gave no session cookie"
    for _ in range(3):
        page = voter.get(nginx.port, path)
        assert page.status == 200
        assert page.header("X-Cache-Status") == "BYPASS"
        assert page.header("Cache-Control").startswith("private")
        assert page.body != public.body  # the voter's own state

    again = anonymous.get(nginx.port, path)  # the voter's page never reached the cache
    assert again.header("X-Cache-Status") == "HIT"
    assert again.body == public.body


def test_static_files_compressed_and_cached_by_their_name(nginx):
    page = Visitor().get(nginx.port, "/en/")
    stylesheet = re.search(r'href="(/static/css/[^"]+\.css)"', page.body).group(1)
    hashed = Visitor().get(nginx.port, stylesheet, headers={"Accept-Encoding": "gzip"})
    assert hashed.status == 200
    if re.search(r"\.[0-9a-f]{12}\.css$", stylesheet):
        assert hashed.header("Cache-Control") == "public, max-age=31536000, immutable"
    plain = Visitor().request(nginx.port, "GET", "/static/css/site.css",
                              headers={"Accept-Encoding": "gzip"})
    assert plain.status == 200
    assert plain.header("Cache-Control") == "public, max-age=300"
    assert plain.header("Content-Encoding") == "gzip"
    assert plain.header("X-Content-Type-Options") == "nosniff"


def test_pages_are_compressed_for_browsers_that_ask(nginx):
    raw = Visitor().request(nginx.port, "GET", "/en/", headers={"Accept-Encoding": "gzip"})
    assert raw.header("Content-Encoding") == "gzip"
    assert raw.header("Vary") and "Accept-Encoding" in raw.header("Vary")
    assert Visitor().get(nginx.port, "/en/").header("Content-Encoding") is None


def test_a_request_id_from_nginx_is_in_the_instances_access_log(nginx, stack):
    reply = Visitor().get(nginx.port, "/en/guides/?request-id-test")
    assert reply.status == 200
    time.sleep(0.2)
    assert f"rid={reply.header('X-Request-ID')}" in stack.logs()


def test_a_body_over_the_apps_limit_is_refused_by_nginx(nginx):
    limit = DefaultConfig.MAX_CONTENT_LENGTH
    assert f"client_max_body_size {limit};" in (nginx.run_dir / "nginx.conf").read_text()
    with socket.create_connection(("127.0.0.1", nginx.port), timeout=10) as sock:
        sock.sendall(b"POST /en/complaint HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/octet-stream\r\n"
                     + f"Content-Length: {limit + 1}\r\n\r\n".encode())
        answer = sock.recv(200)
    assert answer.startswith(b"HTTP/1.1 413")


def test_nginxs_access_log_has_no_secret_link_query_or_address(nginx):
    token = secrets.token_urlsafe(32)
    reply = Visitor().get(nginx.port, f"/nl/case/{token}?email=anna@example.nl")
    log = nginx.access_log()
    line = next(line for line in log.splitlines() if reply.header("X-Request-ID") in line)
    assert '"GET /nl/case/[redacted] HTTP/1.1"' in line
    assert token not in log and "anna@example.nl" not in log
    assert "127.0.0.1" not in line

