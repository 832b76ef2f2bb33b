"""Reads: the same content, render cache and search ranking as the pages; ETag and 304."""

from __future__ import annotations

import pytest

from helpcenter.articles import service as articles
from helpcenter.search import service as search


def test_an_article_is_what_its_page_shows(app, client):
    response = client.get("/api/v1/articles/submit-a-complaint?lang=nl")
    assert response.status_code == 200
    body = response.json
    with app.test_request_context("/nl/"):
        article = articles.library().article("submit-a-complaint", "nl")
        rendered = articles.rendered(article)
    assert body["title"] == article.title and body["html"] == rendered.html
    assert body["reading_minutes"] == rendered.reading_minutes
    assert [h["anchor"] for h in body["headings"]] == [h.anchor for h in rendered.headings]
    assert body["other_language"]["url"] == "/en/complaints/submit-a-complaint"
    assert body["url"] == "/nl/complaints/submit-a-complaint"
    assert body["stale"] is False and "<script" not in body["html"]
    assert response.headers["Content-Language"] == "nl"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("path", [
    "/api/v1/sections", "/api/v1/articles", "/api/v1/articles/submit-a-complaint",
    "/api/v1/sections/complaints/articles", "/api/v1/search?q=klacht",
    "/api/v1/search/suggestions?q=kla", "/api/v1/topics", "/api/v1/openapi.json",
    "/api/v1/docs"])
def test_every_read_has_an_etag_and_answers_304(client, path):
    first = client.get(path)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    other = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_the_language_comes_from_lang_or_accept_language(client):
    dutch = client.get("/api/v1/topics", headers={"Accept-Language": "nl"}).json
    english = client.get("/api/v1/topics", headers={"Accept-Language": "nl"},
                         query_string={"lang": "en"}).json
    assert dutch["complaint"][0]["key"] == english["complaint"][0]["key"]
    assert dutch["complaint"][0]["label"] != english["complaint"][0]["label"]
    account = next(t for t in english["technical_issue"] if t["key"] == "account")
    assert account["subtopics"] and all(s["label"] for s in account["subtopics"])


def test_search_ranks_as_the_site(app, client):
    body = client.get("/api/v1/search?q=klacht&lang=nl&limit=100").json
    with app.test_request_context("/nl/search"):
        expected = [hit.document.slug for hit in search.search_index().search("klacht", "nl")]
    assert [item["slug"] for item in body["items"]] == expected
    assert any("<mark>" in item["snippet"] for item in body["items"])


def test_cursor_pagination_walks_every_article_once(client):
    everything = [i["slug"] for i in client.get("/api/v1/articles?lang=en&limit=100")
                  .json["items"]]
    seen, cursor = [], None
    while True:
        query = {"lang": "en", "limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/articles", query_string=query).json
        seen += [i["slug"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and len(everything) > 3


def test_an_article_only_in_the_other_language_names_it(client, tmp_path, app):
    response = client.get("/api/v1/articles/no-such-article?lang=en")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 404


def test_suggestions_need_two_characters(client):
    assert client.get("/api/v1/search/suggestions?q=k&lang=nl").json == {"items": []}
    assert client.get("/api/v1/search/suggestions?q=kla&lang=nl").json["items"]


def test_no_cookie_is_read_or_set(app, client):
    # a session cookie of the site (a vote remembered) is not read by the API
    client.post("/nl/feedback/submit-a-complaint", data={"answer": "yes"})
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) is not None
    response = client.get("/api/v1/articles/submit-a-complaint?lang=nl")
    assert "Set-Cookie" not in response.headers and "Cookie" not in response.headers.get(
        "Vary", "")


def test_an_edited_article_reads_new_at_once_though_reads_are_cached(make_app, tmp_path):
    import shutil

    from helpcenter.config import ROOT

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    client = make_app(CONTENT_DIR=str(content), CONTENT_SCAN_INTERVAL=0).test_client()
    path = "/api/v1/articles/submit-a-complaint?lang=en"
    first = client.get(path)
    assert client.get(path).headers["ETag"] == first.headers["ETag"]  # from the cache
    source = content / "complaints" / "submit-a-complaint.en.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n## A new heading\n\nNew text.\n",
                      encoding="utf-8")
    edited = client.get(path)
    assert edited.headers["ETag"] != first.headers["ETag"]
    assert edited.json["headings"][-1]["text"] == "A new heading"
