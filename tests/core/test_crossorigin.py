"""The cross-origin check in front of every state-changing request (helpcenter.crossorigin)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from helpcenter.cases.models import Case
from helpcenter.extensions import db
from helpcenter.feedback.models import ArticleVote
from tests.articles.conftest import content_dir  # noqa: F401
from tests.cases.conftest import complaint_data, issue_data  # noqa: F401

CROSS_SITE = [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain is another origin too
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},  # Fetch metadata wins
    {"Origin": "https://evil.example"},
    {"Origin": "http://localhost.evil.example"},
    {"Origin": "null"},  # sandboxed frames and some redirects
]
ALLOWED = [
    {},  # curl, the test client, an integration: no browser, no forgery
    {"Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "none"},  # typed in the address bar, a bookmark
    {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"},
    {"Origin": "http://localhost"},  # an older browser without Fetch metadata
]


@pytest.fixture
def app(make_app, content_dir):  # noqa: F811
    return make_app(CONTENT_DIR=str(content_dir), CONTENT_SCAN_INTERVAL=0)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def vote(client, headers):
    return client.post("/en/feedback/first-steps", data={"answer": "yes"}, headers=headers)


def save(client, headers):
    return client.post("/nl/saved", data={"slug": "first-steps", "action": "save"},
                       headers=headers)


@pytest.mark.parametrize("headers", CROSS_SITE, ids=repr)
def test_cross_site_vote_is_refused_and_changes_nothing(app, client, headers):
    response = vote(client, headers)
    assert response.status_code == 403
    assert "This request came from another website" in response.get_data(as_text=True)
    assert count(app, ArticleVote) == 0
    assert client.get_cookie("session") is None


@pytest.mark.parametrize("headers", CROSS_SITE, ids=repr)
def test_cross_site_save_is_refused_and_changes_nothing(app, client, headers):
    response = save(client, headers)
    assert response.status_code == 403
    assert "Dit verzoek kwam van een andere website" in response.get_data(as_text=True)
    assert client.get_cookie("session") is None
    assert "U heeft nog geen artikelen opgeslagen" in client.get("/nl/saved").get_data(
        as_text=True)


def test_cross_site_refusal_as_json_for_fetch(app, client):
    response = client.post("/nl/feedback/first-steps", data={"answer": "yes"},
                           headers={"Sec-Fetch-Site": "cross-site",
                                    "Accept": "application/json"})
    assert response.status_code == 403
    assert response.json == {"error": "Dit verzoek kwam van een andere website, dus hebben we het "
                                      "niet uitgevoerd. Ga naar de pagina op onze site en "
                                      "probeer het opnieuw."}


@pytest.mark.parametrize("headers", CROSS_SITE, ids=repr)
def test_cross_site_complaint_and_issue_are_refused(app, client, headers, complaint_data,  # noqa: F811
                                                    issue_data):  # noqa: F811
    assert client.post("/nl/complaint", data=complaint_data, headers=headers).status_code == 403
    assert client.post("/en/technical-issue", data=issue_data,
                       headers=headers).status_code == 403
    assert count(app, Case) == 0


@pytest.mark.parametrize("headers", ALLOWED, ids=repr)
def test_same_origin_and_headerless_requests_pass(app, client, headers, complaint_data,  # noqa: F811
                                                  issue_data):  # noqa: F811
    assert vote(client, headers).status_code == 303
    assert save(client, headers).status_code == 303
    assert client.post("/nl/complaint", data=complaint_data, headers=headers).status_code == 303
    assert client.post("/en/technical-issue", data=issue_data,
                       headers=headers).status_code == 303
    assert count(app, ArticleVote) == 1
    assert count(app, Case) == 2


def test_configured_site_origin_is_the_one_compared(make_app, content_dir):  # noqa: F811
    app = make_app(CONTENT_DIR=str(content_dir), SITE_ORIGIN="https://help.example.com")
    client = app.test_client()
    assert vote(client, {"Origin": "https://help.example.com"}).status_code == 303
    assert vote(client, {"Origin": "http://localhost"}).status_code == 403  # not the site


def test_trusted_origins_allow_list(make_app, content_dir):  # noqa: F811
    app = make_app(CONTENT_DIR=str(content_dir),
                   TRUSTED_ORIGINS=["https://extranet.example.com"])
    client = app.test_client()
    trusted = {"Sec-Fetch-Site": "cross-site", "Origin": "https://extranet.example.com"}
    assert vote(client, trusted).status_code == 303
    other = {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
    assert vote(client, other).status_code == 403


def test_get_requests_are_never_refused(client):
    response = client.get("/en/", headers={"Sec-Fetch-Site": "cross-site",
                                          "Origin": "https://evil.example"})
    assert response.status_code == 200


def test_the_check_runs_before_the_csrf_token_check(make_app, content_dir, complaint_data):  # noqa: F811
    """A forged complaint gets the cross-origin answer, with CSRF on, and no token needed."""
    app = make_app(CONTENT_DIR=str(content_dir), WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/en/complaint", data=complaint_data,
                                      headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert "another website" in response.get_data(as_text=True)


def test_csrf_token_still_required_on_the_case_forms(make_app, content_dir, complaint_data):  # noqa: F811
    """Same origin but no token: the complaint form keeps Flask-WTF's second layer."""
    app = make_app(CONTENT_DIR=str(content_dir), WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/en/complaint", data=complaint_data,
                                      headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 400
    assert count(app, Case) == 0
