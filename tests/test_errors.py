"""Error pages: every code in the URL's language, no stack traces or versions."""

import pytest
from werkzeug.exceptions import TooManyRequests

TITLES = {
    404: ("Pagina niet gevonden", "Page not found"),
    405: ("Niet toegestaan", "Not allowed"),
    413: ("Te groot", "Too large"),
    429: ("Te veel verzoeken", "Too many requests"),
    500: ("Er is iets misgegaan", "Something went wrong"),
    "csrf": ("Uw sessie is verlopen", "Your session has expired"),
}


@pytest.fixture
def error_app(make_app):
    """An app with routes that fail on purpose, CSRF on, exceptions not propagated."""
    app = make_app(
        WTF_CSRF_ENABLED=True,
        PROPAGATE_EXCEPTIONS=False,
        MAX_CONTENT_LENGTH=1024,
    )

    def boom():
        raise RuntimeError("secret internals /usr/lib/python3")

    def limited():
        raise TooManyRequests(retry_after=30)

    def accept_post():
        from flask import request

        return str(len(request.form))

    app.add_url_rule("/<lang:lang_code>/boom", "boom", boom)
    app.add_url_rule("/<lang:lang_code>/limited", "limited", limited)
    app.add_url_rule("/<lang:lang_code>/post", "post", accept_post, methods=["POST"])
    return app


def fetch(client, kind, lang):
    """Trigger the error ``kind`` on a page in ``lang``."""
    if kind == 404:
        return client.get(f"/{lang}/no-such-section/")
    if kind == 405:
        return client.delete(f"/{lang}/")
    if kind == 413:
        return client.post(f"/{lang}/post", data={"text": "x" * 5000})
    if kind == 429:
        return client.get(f"/{lang}/limited")
    if kind == 500:
        return client.get(f"/{lang}/boom")
    return client.post(f"/{lang}/post", data={"text": "hello"})  # no CSRF token


@pytest.mark.parametrize("kind", list(TITLES))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_error_page_in_url_language(error_app, kind, lang):
    response = fetch(error_app.test_client(), kind, lang)
    assert response.status_code == (400 if kind == "csrf" else kind)
    page = response.get_data(as_text=True)
    title = TITLES[kind][0 if lang == "nl" else 1]
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{title}</h1>" in page
    for leak in ("Traceback", "secret internals", "Werkzeug", "Python", "Flask"):
        assert leak not in page
    assert response.mimetype == "text/html"


def test_405_keeps_allow_header(client):
    response = client.delete("/en/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_429_keeps_retry_after(error_app):
    response = error_app.test_client().get("/en/limited")
    assert response.headers["Retry-After"] == "30"


def test_404_outside_a_language_uses_preference(client):
    response = client.get("/nothing-here", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.get_data(as_text=True)
    response = client.get("/nothing-here")
    assert "<h1>Pagina niet gevonden</h1>" in response.get_data(as_text=True)

