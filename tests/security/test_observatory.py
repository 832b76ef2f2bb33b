"""MDN HTTP Observatory: every page type scores A+ (100 or more) in production.

The score is computed by ``observatory.py`` from each response, with the Observatory's
published modifiers; the first tests pin that helper to the rules it cites.
"""

from __future__ import annotations

import pytest
from werkzeug.datastructures import Headers

from tests.security import observatory
from tests.security.conftest import HTTPS, Visitor
from tests.security.test_headers import STATUS

GOOD = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Type": "text/html; charset=utf-8",
}
PAGE = '<!doctype html><html><head><script src="/static/js/a.js" defer></script></head></html>'


def scored(changes: dict | None = None, cookies=(), body: str = PAGE, **kwargs):
    """The score of ``GOOD`` headers with ``changes`` (None removes a header)."""
    headers = Headers({k: v for k, v in {**GOOD, **(changes or {})}.items() if v is not None})
    for cookie in cookies:
        headers.add("Set-Cookie", cookie)
    return observatory.score(headers, body, **kwargs)


def test_a_bare_site_scores_what_the_published_table_says():
    result = observatory.score(Headers({"Content-Type": "text/html"}), "<p>hi</p>")
    # CSP -25, HSTS -20, X-Content-Type-Options -5, X-Frame-Options -20
    assert (result.score, result.grade) == (30, "D")


def test_our_headers_earn_every_bonus_but_sri():
    result = scored()
    # 100 + CSP default-src 'none' 10 + frame-ancestors 5 + referrer 5 + CORP 10
    assert (result.score, result.grade) == (130, "A+"), result.modifiers()
    with_cookie = scored(cookies=["__Host-session=x; Secure; HttpOnly; Path=/; SameSite=Lax"])
    assert with_cookie.score == 135
    with_sri = scored(body='<script src="/a.js" integrity="sha384-abc"></script>')
    assert with_sri.score == 135


@pytest.mark.parametrize(("changes", "result", "modifier"), [
    ({"Content-Security-Policy": "default-src 'self'"}, "csp-implemented-with-no-unsafe", 5),
    ({"Content-Security-Policy": "default-src 'none'; script-src 'self' 'unsafe-inline'"},
     "csp-implemented-with-unsafe-inline", -20),
    ({"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
     "csp-implemented-with-unsafe-inline-in-style-src-only", 0),
    ({"Content-Security-Policy": "default-src 'none'; script-src 'self' 'unsafe-eval'"},
     "csp-implemented-with-unsafe-eval", -10),
    ({"Content-Security-Policy": "default-src 'none'; img-src http://cdn.example"},
     "csp-implemented-with-insecure-scheme-in-passive-content-only", -10),
    ({"Content-Security-Policy": "default-src 'none'; default-src 'self'"},
     "csp-header-invalid", -25),
    ({"Content-Security-Policy": None}, "csp-not-implemented", -25),
])
def test_csp_results(changes, result, modifier):
    outcome = scored(changes)
    assert outcome.results["content-security-policy"] == result
    assert observatory.MODIFIERS[result] == modifier


@pytest.mark.parametrize(("cookie", "result"), [
    ("__Host-session=x; Secure; HttpOnly; Path=/; SameSite=Lax",
     "cookies-secure-with-httponly-sessions-and-samesite"),
    ("lang=en; Secure; HttpOnly; Path=/", "cookies-secure-with-httponly-sessions"),
    ("session=x; HttpOnly; SameSite=Lax",
     "cookies-session-without-secure-flag-but-protected-by-hsts"),
    ("lang=en; HttpOnly; SameSite=Lax", "cookies-without-secure-flag-but-protected-by-hsts"),
    ("session=x; Secure; SameSite=Lax", "cookies-session-without-httponly-flag"),
    ("lang=en; Secure; SameSite=Sometimes", "cookies-samesite-flag-invalid"),
    ("csrftoken=x; Secure", "cookies-anticsrf-without-samesite-flag"),
    ("session=; Secure; Max-Age=0", "cookies-not-found"),  # a deletion leaves no cookie
])
def test_cookie_results(cookie, result):
    assert scored(cookies=[cookie]).results["cookies"] == result


def test_a_session_cookie_without_secure_over_http_costs_forty():
    result = scored({"Strict-Transport-Security": None}, cookies=["session=x; HttpOnly"])
    assert result.results["cookies"] == "cookies-session-without-secure-flag"
    # -20 HSTS, -40 cookies: below 90, so no bonus counts
    assert result.score == 40


@pytest.mark.parametrize(("changes", "test", "result"), [
    ({"Referrer-Policy": "unsafe-url"}, "referrer-policy", "referrer-policy-unsafe"),
    ({"Referrer-Policy": "no-referrer, unsafe-url"}, "referrer-policy", "referrer-policy-unsafe"),
    ({"Referrer-Policy": "nonsense"}, "referrer-policy", "referrer-policy-header-invalid"),
    ({"Strict-Transport-Security": "max-age=86400"}, "strict-transport-security",
     "hsts-implemented-max-age-less-than-six-months"),
    ({"Strict-Transport-Security": "includeSubDomains"}, "strict-transport-security",
     "hsts-header-invalid"),
    ({"X-Content-Type-Options": "yes"}, "x-content-type-options",
     "x-content-type-options-header-invalid"),
    ({"Cross-Origin-Resource-Policy": "same-site"}, "cross-origin-resource-policy",
     "corp-implemented-with-same-site"),
    ({"Cross-Origin-Resource-Policy": "sometimes"}, "cross-origin-resource-policy",
     "corp-header-invalid"),
    ({"Content-Security-Policy": "default-src 'none'", "X-Frame-Options": "DENY"},
     "x-frame-options", "x-frame-options-sameorigin-or-deny"),
    ({"Access-Control-Allow-Origin": observatory.OBSERVATORY_ORIGIN,
      "Access-Control-Allow-Credentials": "true"}, "cross-origin-resource-sharing",
     "cross-origin-resource-sharing-implemented-with-universal-access"),
])
def test_other_results(changes, test, result):
    assert scored(changes).results[test] == result


@pytest.mark.parametrize(("script", "result"), [
    ('<script src="https://cdn.example.net/x.js"></script>',
     "sri-not-implemented-but-external-scripts-loaded-securely"),
    ('<script src="http://cdn.example.net/x.js"></script>',
     "sri-not-implemented-and-external-scripts-not-loaded-securely"),
    ('<script src="https://cdn.example.net/x.js" integrity="sha384-x"></script>',
     "sri-implemented-and-external-scripts-loaded-securely"),
    ('<script src="https://static.example.com/x.js"></script>',
     "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"),
    ("<p>no script</p>", "sri-not-implemented-but-no-scripts-loaded"),
])
def test_subresource_integrity_results(script, result):
    assert scored(body=script).results["subresource-integrity"] == result


def test_plain_http_cannot_reach_a_plus():
    result = scored(url="http://localhost/")
    assert result.results["strict-transport-security"] == "hsts-not-implemented-no-https"
    assert result.score == 80  # no bonus below 90


@pytest.mark.parametrize("name", STATUS)
def test_every_page_type_scores_a_plus_in_production(https_pages, name):
    page = https_pages[name]
    result = observatory.score(page.headers, page.body, url=page.url)
    print(f"{name}: {result.score} {result.grade}")
    assert result.score >= 100, result.modifiers()
    assert result.grade == "A+"


def test_a_cross_origin_request_gets_no_cors_grant(https_app):
    """The Observatory asks with its own ``Origin``; nothing may be granted to it."""
    visitor = Visitor(https_app, HTTPS)
    for path in ("/en/", "/en/search/suggest?q=compl", "/en/staff/login"):
        page = visitor.get(path, headers={"Origin": observatory.OBSERVATORY_ORIGIN})
        assert observatory.cors(page.headers) == "cross-origin-resource-sharing-not-implemented"
