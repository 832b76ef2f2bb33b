"""Search results are kept per query, language and content version; nothing of a visitor."""

from __future__ import annotations

import helpcenter.search.service as search_service
from helpcenter.search.service import CACHED_QUERIES, EXTENSION_KEY


def count_snippets(monkeypatch) -> list[str]:
    """Record every snippet computed (the work the cache saves)."""
    calls = []
    real = search_service.snippet

    def counting(markdown, terms, lang):
        calls.append(lang)
        return real(markdown, terms, lang)

    monkeypatch.setattr(search_service, "snippet", counting)
    return calls


def test_a_query_is_searched_once_per_language_and_content(client, monkeypatch):
    calls = count_snippets(monkeypatch)
    first = client.get("/nl/search?q=klachten").get_data(as_text=True)
    computed = len(calls)
    assert computed > 0
    again = client.get("/nl/search?q=klachten").get_data(as_text=True)
    assert again == first and len(calls) == computed  # from the cache
    english = client.get("/en/search?q=klachten")
    assert english.status_code == 200
    client.get("/nl/search?q=uitbetaling")
    assert len(calls) > computed  # another language, another query: searched


def test_two_visitors_get_the_same_results_and_only_their_own_state(app, monkeypatch):
    calls = count_snippets(monkeypatch)
    saver, newcomer = app.test_client(), app.test_client()
    saved = saver.post("/en/saved", data={"slug": "mediation", "action": "save"},
                       headers={"Sec-Fetch-Site": "same-origin"})
    assert saved.status_code == 303 and saver.get_cookie("session") is not None
    # one after the other, then interleaved: each answer is the right one for its visitor
    for first, second in ((saver, newcomer), (newcomer, saver)):
        a = first.get("/en/search?q=mediation")
        b = second.get("/en/search?q=mediation")
        assert a.get_data() == b.get_data()  # the same results, rendered the same
        for client, response in ((first, a), (second, b)):
            if client is saver:
                assert response.headers["Cache-Control"] == "private, no-cache"
            else:
                assert response.headers["Cache-Control"].startswith("public")
                assert "Set-Cookie" not in response.headers
    assert newcomer.get_cookie("session") is None
    saved_page = saver.get("/en/saved").get_data(as_text=True)
    assert 'href="/en/complaints/mediation"' in saved_page
    newcomer_page = newcomer.get("/en/saved").get_data(as_text=True)
    assert 'href="/en/complaints/mediation"' not in newcomer_page
    assert len(set(calls)) == 1  # searched once, for both visitors


def test_the_cache_is_bounded_and_follows_content_edits(content_app):
    client = content_app.test_client()
    assert "Only in English" not in client.get("/en/search?q=zebra").get_data(as_text=True)
    path = content_app.config["CONTENT_DIR"] + "/guides/english-only.en.md"
    with open(path, "a") as handle:
        handle.write("\nA zebra crossing.\n")
    assert "Only in English" in client.get("/en/search?q=zebra").get_data(as_text=True)
    for number in range(CACHED_QUERIES + 10):
        client.get(f"/en/search?q=word{number}")
    _index, cache = content_app.extensions[EXTENSION_KEY].current
    assert len(cache._items) == CACHED_QUERIES
