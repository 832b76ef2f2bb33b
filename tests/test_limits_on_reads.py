"""Flask-Limiter works only on requests a limit can apply to: writes and LIMITED_READS.

Content reads (pages and API reads) have no limit, so its hooks are not run for them at all;
the case read by token, and every write, still go through them and are still limited.
"""

from __future__ import annotations

from helpcenter.extensions import limiter
from tests.cases.partner_helpers import file_case, latest_token

VISITOR = "c" * 32


def evaluating(monkeypatch) -> list[str]:
    """The endpoints whose limits Flask-Limiter evaluated (it asks for their exemptions)."""
    seen = []
    exemption_scope = limiter.limit_manager.exemption_scope

    def spy(app, endpoint, *args, **kwargs):
        seen.append(endpoint)
        return exemption_scope(app, endpoint, *args, **kwargs)

    monkeypatch.setattr(limiter.limit_manager, "exemption_scope", spy)
    return seen


def test_content_reads_skip_the_limiter_writes_and_case_reads_do_not(make_app, monkeypatch):
    app = make_app(RATELIMIT_ENABLED=True)
    token = latest_token(app, file_case(app))
    seen = evaluating(monkeypatch)
    client = app.test_client()
    for path in ("/api/v1/articles/submit-a-complaint?lang=en", "/en/",
                 "/nl/complaints/submit-a-complaint", "/api/v1/search?q=klacht"):
        assert client.get(path).status_code == 200
    assert seen == []
    assert client.get("/api/v1/case", headers={"Authorization": f"Bearer {token}"}
                      ).status_code == 200
    assert "api.case" in seen
    seen.clear()
    vote = client.post("/api/v1/articles/submit-a-complaint/vote",
                       json={"answer": "yes", "visitor_id": VISITOR})
    assert vote.status_code == 200 and "api.vote" in seen
    assert "X-RateLimit-Limit" in vote.headers  # the after-request hook ran for the write


def test_a_limited_read_is_still_limited_after_content_reads(make_app):
    app = make_app(RATELIMIT_ENABLED=True, CASE_LINK_RATE_LIMIT="2 per minute")
    client = app.test_client()
    wrong = {"Authorization": "Bearer not-a-real-token"}
    for _ in range(3):
        assert client.get("/api/v1/articles?lang=en").status_code == 200
    answers = [client.get("/api/v1/case", headers=wrong).status_code for _ in range(3)]
    assert answers == [401, 401, 429]
