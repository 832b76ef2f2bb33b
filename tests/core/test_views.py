"""The root redirect, the home pages, the language switch and the health check."""

import re

import pytest
from sqlalchemy.exc import OperationalError

from helpcenter.extensions import db


@pytest.mark.parametrize(
    ("headers", "cookie", "expected"),
    [
        ({}, None, "/nl/"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, None, "/en/"),
        ({"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}, None, "/en/"),
        ({"Accept-Language": "nl-BE,nl;q=0.9,en;q=0.8"}, None, "/nl/"),
        ({"Accept-Language": "fr-FR"}, None, "/nl/"),
        ({"Accept-Language": "en"}, "nl", "/nl/"),
        ({}, "en", "/en/"),
        ({"Accept-Language": ";;;q=x,,??,en;q=abc"}, None, "/nl/"),
        ({"Accept-Language": "\u00e9\u00e9\u00e9"}, None, "/nl/"),
        ({"Accept-Language": "en"}, "xx", "/en/"),
        ({}, "<script>", "/nl/"),
    ],
)
def test_root_redirects_to_preferred_language(client, headers, cookie, expected):
    if cookie is not None:
        client.set_cookie("lang", cookie)
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("lang", "heading"), [("nl", "Hoe kunnen we u helpen?"), ("en", "How can we help you?")]
)
def test_home_page_in_each_language(client, lang, heading):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert heading in page


@pytest.mark.parametrize("path", ["/de/", "/fr/", "/EN/", "/nl-NL/", "/xx/anything"])
def test_unknown_language_prefix_is_404(client, path):
    assert client.get(path).status_code == 404


def test_home_links_other_language_with_hreflang(client):
    page = client.get("/nl/").get_data(as_text=True)
    assert 'hreflang="en" href="http://localhost/en/"' in page
    assert 'hreflang="nl" href="http://localhost/nl/"' in page


def test_switcher_points_at_same_page_in_other_language(client):
    page = client.get("/en/").get_data(as_text=True)
    assert 'href="/nl/language?next=/en/"' in page
    assert "Nederlands" in page


def test_switch_language_remembers_choice_and_keeps_page(client):
    response = client.get("/en/language?next=/nl/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"
    cookie = client.get_cookie("lang")
    assert cookie is not None and cookie.value == "en"
    assert client.get("/").headers["Location"] == "/en/"


@pytest.mark.parametrize(("switch", "target"), [
    ("/en/language?next=/api/v1/docs", "/api/v1/docs?lang=en"),
    ("/nl/language?next=/api/v1/docs%3Flang%3Den", "/api/v1/docs?lang=nl"),
])
def test_switching_language_on_the_api_reference_stays_on_it(client, switch, target):
    response = client.get(switch)
    assert response.headers["Location"] == target
    page = client.get(target).get_data(as_text=True)
    assert f'<html lang="{target[-2:]}"' in page


def test_switch_language_keeps_query_string(client):
    response = client.get("/nl/language", query_string={"next": "/en/?q=klacht&page=2"})
    assert response.headers["Location"] == "/nl/?q=klacht&page=2"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/nl/",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example",
        "https://evil.example/nl/",
        "http:evil.example",
        "\njavascript:alert(1)",
        "javascript:alert(1)",
        "/%2F%2Fevil.example",
        "/\t/evil.example",
        "/nl/\r\nSet-Cookie: x=1",
        " //evil.example",
        "data:text/html,hi",
        "",
        "/no/such/page",
        "/healthz",
    ],
)
def test_switch_language_never_leaves_the_site(client, target):
    response = client.get("/en/language", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"
    assert "Set-Cookie: x" not in str(response.headers)


def test_switch_language_without_next_goes_home(client):
    assert client.get("/nl/language").headers["Location"] == "/nl/"


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_unreachable_database(client, monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", fail)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


@pytest.mark.parametrize("url", ["/nl/no-such-thing", "/en/nothing-here", "/nl/complaints/x/",
                                 "/en/no/such/page"])
def test_unknown_url_is_a_404_at_once(client, url):
    """No detour through a redirect to the same URL with a slash."""
    response = client.get(url)
    assert response.status_code == 404
    assert "Location" not in response.headers


def test_a_section_without_its_slash_redirects_to_it(client):
    response = client.get("/nl/complaints")
    assert response.status_code == 308
    assert response.headers["Location"] == "/nl/complaints/"


@pytest.mark.parametrize("url", ["/nl/", "/en/", "/en/complaints/", "/nl/complaints/mediation",
                                 "/en/search?q=complaint", "/nl/complaint", "/en/technical-issue",
                                 "/nl/cases/lost-link", "/en/saved", "/en/staff/login"])
def test_every_page_has_a_description_and_an_icon(client, url):
    page = client.get(url).get_data(as_text=True)
    descriptions = re.findall(r'<meta name="description" content="([^"]*)"', page)
    assert len(descriptions) == 1 and len(descriptions[0]) > 20, descriptions
    icon_url = re.search(
        r'<link rel="icon" href="(/static/favicon\.[0-9a-f]{12}\.svg)" type="image/svg\+xml">',
        page).group(1)  # content-hashed (helpcenter/assets.py)
    icon = client.get(icon_url)
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    icon.close()


def test_article_description_is_its_summary(client):
    page = client.get("/en/complaints/mediation").get_data(as_text=True)
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert description and description != "Partner Help Centre"
    assert description in page.split("</head>")[1]  # the summary shown under the title
