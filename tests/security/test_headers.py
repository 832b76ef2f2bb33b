"""Every page type, error pages included, carries every security header, exactly as pinned.

Production (HTTPS) and ``make run`` (HTTP) differ only in HSTS and in the cookies
(``test_cookies.py``). The pages come from ``visit_every_page`` in ``conftest.py``.
"""

from __future__ import annotations

import pytest

from helpcenter.security import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
}
HSTS = "max-age=31536000; includeSubDomains"
STATUS = {
    "root redirect": 302, "home": 200, "section": 200, "article": 200, "search": 200,
    "search suggestions (JSON)": 200, "language switch": 302, "complaint form": 200,
    "technical-issue form": 200, "confirmation": 200, "case link": 303, "case": 200,
    "attachment download": 200, "how to get in (404)": 404, "vote (JSON)": 200,
    "not found (404)": 404, "method not allowed (405)": 405, "untrusted host (400)": 400,
    "cross-origin (403)": 403, "too large (413)": 413, "too many requests (429)": 429,
    "csrf expired (400)": 400, "stylesheet": 200, "staff login": 200, "staff queue": 200,
}
# The case link, the case page and what hangs off it never tell another site where they were.
NO_REFERRER = {"case link", "case", "attachment download", "how to get in (404)"}
ATTACHMENT_CSP = "default-src 'none'; sandbox"


def test_the_policy_is_the_one_pinned_here():
    assert CONTENT_SECURITY_POLICY == CSP
    assert "unsafe" not in CSP
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in PERMISSIONS_POLICY


def test_every_page_type_was_visited(https_pages, http_pages):
    assert set(https_pages) == set(STATUS) == set(http_pages)


@pytest.mark.parametrize("name", STATUS)
@pytest.mark.parametrize("configuration", ["https", "http"])
def test_every_response_carries_the_security_headers(request, configuration, name):
    page = request.getfixturevalue(f"{configuration}_pages")[name]
    assert page.status == STATUS[name], page.body[:500]
    for header, value in EVERY_RESPONSE.items():
        assert page.headers.getlist(header) == [value], header
    expected_csp = ATTACHMENT_CSP if name == "attachment download" else CSP
    assert page.headers.getlist("Content-Security-Policy") == [expected_csp]
    referrer = "no-referrer" if name in NO_REFERRER else "strict-origin-when-cross-origin"
    assert page.headers.getlist("Referrer-Policy") == [referrer]
    if configuration == "https":
        assert page.headers.getlist("Strict-Transport-Security") == [HSTS]
    else:  # HSTS over plain HTTP would pin a developer's localhost to HTTPS for a year
        assert "Strict-Transport-Security" not in page.headers
    assert "Access-Control-Allow-Origin" not in page.headers


@pytest.mark.parametrize("configuration", ["https", "http"])
def test_html_pages_have_no_inline_script_or_style(request, configuration):
    """What the policy would block: inline ``<script>``, ``style=``, ``on…=`` handlers."""
    for name, page in request.getfixturevalue(f"{configuration}_pages").items():
        if not page.headers.get("Content-Type", "").startswith("text/html"):
            continue
        body = page.body.lower()
        assert "<script>" not in body and "<script " not in body.replace(
            "<script src=", ""), name
        assert " style=" not in body and "<style" not in body, name
        assert " onclick=" not in body and " onload=" not in body, name
        assert "javascript:" not in body, name


def test_the_untrusted_host_page_is_a_page_and_names_no_host(https_pages):
    page = https_pages["untrusted host (400)"]
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Bad request" in page.body and "not served under the address" in page.body
    assert "evil.example" not in page.body
    assert 'rel="stylesheet" href="/static/css/site.' in page.body
