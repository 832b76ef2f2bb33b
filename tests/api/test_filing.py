"""Writes through the site's own forms: the vote, a technical issue, a complaint."""

from __future__ import annotations

import io
import threading

from sqlalchemy import func, select

from helpcenter.cases.models import Case
from helpcenter.extensions import db
from helpcenter.feedback.models import ArticleVote
from tests.api.conftest import VISITOR_A, VISITOR_B
from tests.cases.conftest import PNG

VOTE = "/api/v1/articles/submit-a-complaint/vote?lang=nl"


def count(app, model) -> int:
    with app.app_context():
        found = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
    return found


def test_one_vote_per_visitor_id_which_may_change_it(app, client):
    assert client.post(VOTE, json={"answer": "yes", "visitor_id": VISITOR_A}).json == {
        "state": "yes"}
    changed = client.post(VOTE, json={"answer": "no", "reason": "unclear",
                                      "visitor_id": VISITOR_A})
    assert changed.json == {"state": "no-detailed"}
    other = app.test_client().post(VOTE, json={"answer": "yes", "visitor_id": VISITOR_B})
    assert other.status_code == 200
    with app.app_context():
        votes = {v.visitor_hash: v.helpful for v in db.session.scalars(select(ArticleVote))}
    assert sorted(votes.values()) == [False, True]  # A changed theirs, B has one
    assert "Set-Cookie" not in changed.headers


def test_a_vote_without_visitor_id_or_answer_is_refused_per_field(app, client):
    response = client.post(VOTE, json={"answer": "maybe", "visitor_id": VISITOR_A})
    assert response.status_code == 400
    assert response.json["errors"] == [{"field": "answer", "code": "invalid_choice",
                                        "message": "Kies Ja of Nee."}]
    missing = client.post(VOTE + "&lang=en", json={"answer": "yes"})
    assert missing.json["errors"][0]["field"] == "visitor_id"
    assert missing.json["errors"][0]["code"] == "required"
    assert count(app, ArticleVote) == 0


def test_a_technical_issue_is_filed_and_opens_with_its_token(app, client, issue):
    response = client.post("/api/v1/technical-issues?lang=en", json=issue)
    assert response.status_code == 201, response.json
    filed = response.json
    assert filed["reference"].startswith("HC-") and filed["status"] == "received"
    case = client.get("/api/v1/case", headers={"Authorization": f"Bearer {filed['token']}"})
    assert case.json["reference"] == filed["reference"]
    assert case.json["topic_label"] and case.json["thread"][0]["body"] == issue["message"]
    with app.app_context():
        row = db.session.scalar(select(Case))
        assert (row.subtopic, row.ground, row.lang) == ("login", "b", "en")


def test_a_complaint_with_attachments_by_multipart(app, client, complaint):
    data = dict(complaint, consent="true", attachments=[(io.BytesIO(PNG), "screen.png")])
    response = client.post("/api/v1/complaints?lang=nl", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    token = response.json["token"]
    thread = client.get("/api/v1/case", headers={"Authorization": f"Bearer {token}"}).json
    assert thread["thread"][0]["attachments"][0]["content_type"] == "image/png"


def test_attachments_are_refused_by_their_content(app, client, complaint):
    data = dict(complaint, consent="true",
                attachments=[(io.BytesIO(b"<html><script>x</script></html>"), "photo.png")])
    response = client.post("/api/v1/complaints?lang=en", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json["errors"] == [{
        "field": "attachments", "code": "file_type",
        "message": "photo.png is not a PNG, JPEG or PDF file."}]
    assert count(app, Case) == 0


def test_the_same_idempotency_key_gives_the_first_case(app, client, issue):
    headers = {"Idempotency-Key": "retry-1"}
    first = client.post("/api/v1/technical-issues", json=issue, headers=headers)
    again = client.post("/api/v1/technical-issues", json=issue, headers=headers)
    other = client.post("/api/v1/technical-issues", json=issue,
                        headers={"Idempotency-Key": "retry-2"})
    assert first.status_code == again.status_code == 201
    assert again.json["reference"] == first.json["reference"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert other.json["reference"] != first.json["reference"]
    assert count(app, Case) == 2


def test_a_reused_key_with_other_content_never_hands_over_the_first_case(app, client, issue,
                                                                          complaint):
    """Two partners happen to send the same key: each gets a case of their own."""
    headers = {"Idempotency-Key": "4f0c2a9e-report-1"}
    first = client.post("/api/v1/technical-issues", json=issue, headers=headers)
    other_issue = dict(issue, email="tom@example.com",
                       message="Mijn agenda laat geen boekingen meer zien sinds gisteren.")
    other = client.post("/api/v1/technical-issues", headers=headers, json=other_issue)
    assert first.status_code == other.status_code == 201
    assert other.json["reference"] != first.json["reference"]
    assert "Idempotent-Replayed" not in other.headers
    files = [client.post("/api/v1/complaints", headers=headers,
                         data=dict(complaint, consent="true",
                                   attachments=[(io.BytesIO(PNG), filename)]),
                         content_type="multipart/form-data")
             for filename in ("a.png", "a.png", "b.png")]
    assert [answer.status_code for answer in files] == [201, 201, 201]
    assert files[0].json["reference"] == files[1].json["reference"]  # the same request again
    assert files[2].json["reference"] != files[0].json["reference"]  # another file
    assert count(app, Case) == 4


def test_two_identical_requests_at_once_make_one_case(app, issue):
    answers, start = [], threading.Barrier(2)

    def send():
        client = app.test_client()
        start.wait()
        answers.append(client.post("/api/v1/technical-issues", json=issue,
                                   headers={"Idempotency-Key": "parallel"}))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json["reference"] == answers[1].json["reference"]
    assert count(app, Case) == 1


def test_bad_input_is_a_problem_in_the_asked_language(client, issue):
    dutch = client.post("/api/v1/technical-issues", json=dict(issue, email="nope"),
                        headers={"Accept-Language": "nl"})
    english = client.post("/api/v1/technical-issues?lang=en", json=dict(issue, email="nope"),
                          headers={"Accept-Language": "nl"})
    for response, lang in ((dutch, "nl"), (english, "en")):
        assert response.status_code == 400
        assert response.mimetype == "application/problem+json"
        assert response.headers["Content-Language"] == lang
        assert response.json["errors"][0]["field"] == "email"
        assert response.json["errors"][0]["code"] == "invalid_email"
    assert dutch.json["title"] == "Controleer wat u hebt gestuurd"
    assert english.json["title"] == "Check what you sent"
    assert "naam@voorbeeld.nl" in dutch.json["errors"][0]["message"]


def test_subtopic_of_another_topic_and_short_text(client, issue):
    response = client.post("/api/v1/technical-issues?lang=en",
                           json=dict(issue, subtopic="no-such", message="too short"))
    codes = {e["field"]: e["code"] for e in response.json["errors"]}
    assert codes == {"subtopic": "invalid", "message": "too_short"}


def test_other_formats_and_bodies(client):
    assert client.post("/api/v1/technical-issues", data="a=b",
                       content_type="application/x-www-form-urlencoded").status_code == 415
    not_object = client.post("/api/v1/technical-issues", json=[1, 2])
    assert not_object.status_code == 400 and not_object.json["errors"][0]["field"] == "body"
    garbage = client.post("/api/v1/technical-issues", data=b"{not json",
                          content_type="application/json")
    assert garbage.status_code == 400


def test_too_large_is_413(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1000)
    response = app.test_client().post("/api/v1/technical-issues", json={"message": "x" * 2000})
    assert response.status_code == 413 and response.mimetype == "application/problem+json"


def test_rate_limit_is_429_with_retry_after(make_app, issue):
    app = make_app(RATELIMIT_ENABLED=True, CASES_RATE_LIMIT="1 per minute")
    client = app.test_client()
    assert client.post("/api/v1/technical-issues", json=issue).status_code == 201
    limited = client.post("/api/v1/technical-issues", json=issue)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert limited.mimetype == "application/problem+json"
    # the same count as the HTML forms: the page's form is limited too
    page = client.post("/nl/technical-issue", data={})
    assert page.status_code in (400, 429)


def test_a_retry_does_not_use_up_the_filings(make_app, issue):
    app = make_app(RATELIMIT_ENABLED=True, CASES_RATE_LIMIT="2 per minute")
    client = app.test_client()
    first = {"Idempotency-Key": "first"}
    statuses = [client.post("/api/v1/technical-issues", json=issue, headers=first).status_code
                for _ in range(3)]  # the filing and two retries of it: one counted
    other = dict(issue, message="Mijn agenda laat geen boekingen meer zien sinds gisteren.")
    statuses.append(client.post("/api/v1/technical-issues", json=other).status_code)
    statuses.append(client.post("/api/v1/technical-issues", json=issue).status_code)
    assert statuses == [201, 201, 201, 201, 429]
    assert count(app, Case) == 2


def test_a_browser_on_another_site_is_refused(app, client, issue):
    response = client.post("/api/v1/technical-issues", json=issue,
                           headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403 and response.mimetype == "application/problem+json"
    assert count(app, Case) == 0
    same = client.post("/api/v1/technical-issues", json=issue,
                       headers={"Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 201
