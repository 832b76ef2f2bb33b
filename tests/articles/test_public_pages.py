"""Public pages are the same for everyone: no cookie, shared-cacheable, private once a visitor
has state of their own."""

from __future__ import annotations

import pytest
from flask import render_template_string

from helpcenter import pagecache
from helpcenter.pagecache import CachedPageWroteSession

PUBLIC_PAGES = ["/en/", "/nl/", "/en/guides/", "/nl/guides/", "/en/guides/first-steps",
                "/nl/guides/first-steps", "/en/search?q=steps", "/nl/search?q=stappen",
                "/en/search?q=zzzzqqq"]
BROWSER = {"Sec-Fetch-Site": "same-origin"}


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_anonymous_page_is_public_and_sets_no_cookie(content_client, url):
    response = content_client.get(url)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["ETag"]
    assert "Cookie" in response.headers["Vary"]
    assert "csrf_token" not in response.get_data(as_text=True)
    again = content_client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_max_age_is_configurable(make_app, content_dir):
    app = make_app(CONTENT_DIR=str(content_dir), PUBLIC_PAGE_MAX_AGE=300)
    response = app.test_client().get("/en/guides/first-steps")
    assert response.headers["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_after_a_vote_the_same_url_is_private(content_client, url):
    content_client.post("/en/feedback/first-steps", data={"answer": "yes"}, headers=BROWSER)
    response = content_client.get(url)
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response.headers["Vary"]


def test_private_variant_shows_this_visitors_state_only(content_app):
    voter, stranger = content_app.test_client(), content_app.test_client()
    voter.post("/en/feedback/first-steps", data={"answer": "yes"}, headers=BROWSER)
    voter.post("/en/saved", data={"slug": "first-steps", "action": "save"}, headers=BROWSER)
    mine = voter.get("/en/guides/first-steps").get_data(as_text=True)
    theirs = stranger.get("/en/guides/first-steps")
    assert "Thank you for your feedback" in mine and "Remove from saved" in mine
    assert "Was this article helpful?" in theirs.get_data(as_text=True)
    assert "Remove from saved" not in theirs.get_data(as_text=True)
    assert theirs.headers["Cache-Control"] == "public, max-age=60"


def test_a_cached_page_that_writes_the_session_is_refused(content_app, monkeypatch):
    """csrf_token() in a shared page would hand one visitor's token to all: fail loudly."""
    monkeypatch.setattr(pagecache, "render_template",
                        lambda name, **context: render_template_string("{{ csrf_token() }}"))
    with content_app.test_request_context("/en/"), pytest.raises(CachedPageWroteSession):
        pagecache.cached_page(("test",), "ignored.html", dict)
