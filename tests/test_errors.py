"""Error pages: every code in the URL's language, no stack traces or versions."""

import logging
import re

import pytest
from flask import abort
from werkzeug.exceptions import ServiceUnavailable, TooManyRequests

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

    def unavailable():
        raise ServiceUnavailable(retry_after=30)

    app.add_url_rule("/<lang:lang_code>/boom", "boom", boom)
    app.add_url_rule("/<lang:lang_code>/case/<token>/boom", "case_boom", boom)
    app.add_url_rule("/<lang:lang_code>/abort/<int:code>", "abort", abort)
    app.add_url_rule("/<lang:lang_code>/unavailable", "unavailable", unavailable)
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



OTHER = {  # kind: (Dutch title, English title, how to get it)
    400: ("Ongeldig verzoek", "Bad request", "/abort/400"),
    403: ("Niet toegestaan", "Not allowed", "/abort/403"),
    404: ("Pagina niet gevonden", "Page not found", "/no-such-section/"),
    429: ("Te veel verzoeken", "Too many requests", "/limited"),
    500: ("Er is iets misgegaan", "Something went wrong", "/boom"),
    503: ("Tijdelijk niet beschikbaar", "Temporarily unavailable", "/unavailable"),
}
INCIDENT = re.compile(r"incident(?:nummer| number) ([0-9a-f]{8})")


def other_language_part(page: str) -> tuple[str, str]:
    """The lang attribute and the text of the part in the other language."""
    found = re.search(r'<div class="error-page error-page-other" lang="(\w+)">(.*?)</div>', page,
                      re.S)
    assert found, "no part in the other language"
    return found.group(1), found.group(2)


@pytest.mark.parametrize("kind", list(OTHER))
@pytest.mark.parametrize(("lang", "other"), [("nl", "en"), ("en", "nl")])
def test_error_pages_say_it_in_the_other_language_below(error_app, kind, lang, other):
    dutch, english, path = OTHER[kind]
    response = error_app.test_client().get(f"/{lang}{path}")
    assert response.status_code == kind
    page = response.get_data(as_text=True)
    assert f"<h1>{dutch if lang == 'nl' else english}</h1>" in page
    part_lang, part = other_language_part(page)
    assert part_lang == other
    assert f"<h2>{english if other == 'en' else dutch}</h2>" in part
    assert f'href="/{other}/"' in part


def test_413_and_csrf_pages_are_in_both_languages_too(error_app):
    client = error_app.test_client()
    too_large = client.post("/nl/post", data={"text": "x" * 5000}).get_data(as_text=True)
    assert "<h2>Too large</h2>" in other_language_part(too_large)[1]
    expired = client.post("/en/post", data={"text": "hello"}).get_data(as_text=True)
    assert "<h2>Uw sessie is verlopen</h2>" in other_language_part(expired)[1]


@pytest.mark.parametrize(("lang", "sentence"), [
    ("nl", "Neemt u hierover contact met ons op? Noem dan incidentnummer"),
    ("en", "If you contact us about this, mention incident number"),
])
def test_500_shows_an_incident_id_that_the_log_line_with_the_traceback_has(error_app, caplog,
                                                                          lang, sentence):
    with caplog.at_level(logging.ERROR, logger=error_app.logger.name):
        page = error_app.test_client().get(f"/{lang}/boom").get_data(as_text=True)
    assert sentence in page
    ids = INCIDENT.findall(page)
    assert len(ids) == 2 and ids[0] == ids[1]  # the same number in both languages
    [record] = [r for r in caplog.records if r.name == error_app.logger.name]
    assert ids[0] in record.getMessage() and record.levelno == logging.ERROR
    assert record.exc_info and record.exc_info[0] is RuntimeError
    assert "Traceback" in caplog.text and "secret internals" in caplog.text


def test_each_failure_gets_its_own_incident_id(error_app, caplog):
    client = error_app.test_client()
    with caplog.at_level(logging.ERROR):
        first = INCIDENT.findall(client.get("/en/boom").get_data(as_text=True))[0]
        second = INCIDENT.findall(client.get("/en/boom").get_data(as_text=True))[0]
    assert first != second
    assert first in caplog.text and second in caplog.text


def test_a_500_raised_on_purpose_is_logged_with_its_id_too(error_app, caplog):
    with caplog.at_level(logging.ERROR):
        page = error_app.test_client().get("/en/abort/500").get_data(as_text=True)
    [incident] = set(INCIDENT.findall(page))
    assert f"Incident {incident}: error 500 on GET /en/abort/500" in caplog.text


def test_the_incident_log_line_never_names_a_case_secret(error_app, caplog):
    token = "Zx9-secret-case-token_0123456789abcdefghijk"
    with caplog.at_level(logging.DEBUG):
        response = error_app.test_client().get(f"/en/case/{token}/boom")
    assert response.status_code == 500
    assert "/en/case/[redacted]/boom" in caplog.text
    assert token not in caplog.text


def test_other_pages_have_no_incident_id(error_app):
    page = error_app.test_client().get("/en/no-such-section/").get_data(as_text=True)
    assert "incident" not in page.lower()


@pytest.mark.parametrize(("lang", "other", "heading"), [("nl", "en", "Bad request"),
                                                        ("en", "nl", "Ongeldig verzoek")])
def test_the_untrusted_host_page_is_in_both_languages(make_app, lang, other, heading):
    app = make_app(SITE_ORIGIN="https://help.example.com")
    response = app.test_client().get(f"/{lang}/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    part_lang, part = other_language_part(response.get_data(as_text=True))
    assert part_lang == other and f"<h2>{heading}</h2>" in part


def test_the_cross_origin_refusal_is_in_both_languages(client):
    response = client.post("/nl/saved", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "<h1>Niet toegestaan</h1>" in page and "van een andere website" in page
    part_lang, part = other_language_part(page)
    assert part_lang == "en" and "came from another website" in part
