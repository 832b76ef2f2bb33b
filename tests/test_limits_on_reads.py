"""Content reads have no limit; the case read by token (a LIMITED_READS endpoint) keeps its
limit whatever reads came before it."""

from __future__ import annotations


def test_a_limited_read_is_still_limited_after_content_reads(make_app):
    app = make_app(RATELIMIT_ENABLED=True, CASE_LINK_RATE_LIMIT="2 per minute")
    client = app.test_client()
    wrong = {"Authorization": "Bearer not-a-real-token"}
    for _ in range(3):
        assert client.get("/api/v1/articles?lang=en").status_code == 200
    answers = [client.get("/api/v1/case", headers=wrong).status_code for _ in range(3)]
    assert answers == [401, 401, 429]
