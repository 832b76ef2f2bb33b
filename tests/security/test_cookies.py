"""Cookies: HttpOnly and SameSite=Lax always; Secure with the ``__Host-`` prefix in production.

Both configurations are checked on every cookie any page type sets: the session (votes,
saved articles, case access, CSRF tokens, staff login) and the language choice.
"""

from __future__ import annotations

import pytest

from helpcenter.config import DefaultConfig, apply_site_settings, https_site


def cookies_of(pages) -> list[tuple[str, dict[str, str], str]]:
    """(name, attributes with lower-case keys, page) for every cookie the pages set."""
    found = []
    for page_name, page in pages.items():
        for raw in page.headers.getlist("Set-Cookie"):
            first, *rest = raw.split(";")
            attributes = {}
            for part in rest:
                key, _, value = part.strip().partition("=")
                attributes[key.lower()] = value
            found.append((first.split("=", 1)[0], attributes, page_name))
    return found


def test_production_cookies_are_secure_host_only_and_httponly(https_pages):
    cookies = cookies_of(https_pages)
    assert {name for name, _, _ in cookies} == {"__Host-session", "__Host-lang"}
    for name, attributes, page in cookies:
        assert "secure" in attributes, (name, page)
        assert "httponly" in attributes, (name, page)
        assert attributes.get("samesite") == "Lax", (name, page)
        assert attributes.get("path") == "/", (name, page)  # __Host-: Path=/ and no Domain
        assert "domain" not in attributes, (name, page)


def test_development_cookies_are_httponly_but_not_secure(http_pages):
    """Over plain HTTP a Secure cookie would never come back, so ``make run`` has none."""
    cookies = cookies_of(http_pages)
    assert {name for name, _, _ in cookies} == {"session", "lang"}
    for name, attributes, page in cookies:
        assert "secure" not in attributes, (name, page)
        assert "httponly" in attributes, (name, page)
        assert attributes.get("samesite") == "Lax", (name, page)
        assert attributes.get("path") == "/", (name, page)
        assert "domain" not in attributes, (name, page)


def test_public_pages_set_no_cookie(https_pages, http_pages):
    """A shared cache may keep them: no visitor's cookie may ride along."""
    for pages in (https_pages, http_pages):
        for name in ("home", "section", "article", "search", "not found (404)"):
            assert not pages[name].headers.getlist("Set-Cookie"), name


def test_the_language_cookie_is_read_under_its_production_name(https_app):
    for name, lands_on in (("__Host-lang", "/en/"), ("lang", "/nl/")):  # "lang": not ours
        client = https_app.test_client()
        client.set_cookie(name, "en", domain="help.example.com")
        response = client.get("/", base_url="https://help.example.com")
        assert response.headers["Location"] == lands_on, name


@pytest.mark.parametrize(("given", "secure", "session", "language", "scheme"), [
    ({}, False, "session", "lang", "http"),
    ({"SITE_ORIGIN": "http://help.internal"}, False, "session", "lang", "http"),
    ({"SITE_ORIGIN": "https://help.example.com"}, True, "__Host-session", "__Host-lang",
     "https"),
    ({"SESSION_COOKIE_SECURE": True}, True, "__Host-session", "__Host-lang", "https"),
    ({"SITE_ORIGIN": "https://help.example.com", "SESSION_COOKIE_NAME": "hc"}, True, "hc",
     "__Host-lang", "https"),
])
def test_cookie_settings_follow_the_site_origin(given, secure, session, language, scheme):
    config = {"SESSION_COOKIE_NAME": "session",
              **{k: v for k, v in vars(DefaultConfig).items() if k.isupper()}, **given}
    apply_site_settings(config)
    assert config["SESSION_COOKIE_SECURE"] is secure
    assert config["SESSION_COOKIE_NAME"] == session
    assert config["LANGUAGE_COOKIE_NAME"] == language
    assert config["PREFERRED_URL_SCHEME"] == scheme
    assert https_site(config) is secure
