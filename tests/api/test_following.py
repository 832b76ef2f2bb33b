"""Following a case with its token as a bearer token: access, the thread, lifecycle moves."""

from __future__ import annotations

import io

import pytest

from helpcenter.cases import service as cases
from helpcenter.extensions import db
from tests.cases.conftest import PNG
from tests.cases.partner_helpers import as_staff, case_row, file_case, latest_token


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_each_token_opens_its_own_case_only(app, client):
    first, second = file_case(app), file_case(app, message="Een tweede zaak over iets anders.")
    token_1, token_2 = latest_token(app, first), latest_token(app, second)
    assert client.get("/api/v1/case", headers=bearer(token_1)).json["reference"] == first
    assert client.get("/api/v1/case", headers=bearer(token_2)).json["reference"] == second
    # the second case's holder replies: only their case gets it
    client.post("/api/v1/case/replies", json={"message": "Alleen voor zaak twee."},
                headers=bearer(token_2))
    one = client.get("/api/v1/case", headers=bearer(token_1)).json["thread"]
    two = client.get("/api/v1/case", headers=bearer(token_2)).json["thread"]
    assert [m["body"] for m in two][-1] == "Alleen voor zaak twee."
    assert all(m["body"] != "Alleen voor zaak twee." for m in one)


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer"}, {"Authorization": "Bearer not-a-token"},
    {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer " + "x" * 5000}])
def test_missing_or_wrong_tokens_all_get_the_same_401(app, client, headers):
    file_case(app)
    response = client.get("/api/v1/case?lang=en", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json["title"] == "This case link does not work"


def test_a_revoked_token_answers_exactly_as_an_unknown_one(app, client):
    reference = file_case(app)
    old = latest_token(app, reference)
    assert client.get("/api/v1/case", headers=bearer(old)).status_code == 200
    with app.test_request_context("/"):
        cases.reissue_link(reference, "anna@example.nl")  # "Lost your link?"
        db.session.remove()
    revoked = client.get("/api/v1/case", headers=bearer(old))
    unknown = client.get("/api/v1/case", headers=bearer("unknown-token"))
    assert revoked.status_code == unknown.status_code == 401
    assert revoked.data == unknown.data
    new = latest_token(app, reference)
    assert client.get("/api/v1/case", headers=bearer(new)).status_code == 200
    assert client.post("/api/v1/case/replies", json={"message": "Hallo"},
                       headers=bearer(old)).status_code == 401


def test_reply_with_a_file_moves_a_waiting_case_on(app, client):
    reference = file_case(app, "waiting_for_partner")
    token = latest_token(app, reference)
    response = client.post("/api/v1/case/replies?lang=en", data={
        "message": "Here is the screenshot.", "attachments": [(io.BytesIO(PNG), "s.png")]},
        headers=bearer(token) | {"Idempotency-Key": "reply-1"},
        content_type="multipart/form-data")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "in_progress"
    assert response.json["thread"][-1]["attachments"][0]["filename"] == "s.png"
    before = case_row(app, reference)
    again = client.post("/api/v1/case/replies?lang=en", data={
        "message": "Here is the screenshot.", "attachments": [(io.BytesIO(PNG), "s.png")]},
        headers=bearer(token) | {"Idempotency-Key": "reply-1"},
        content_type="multipart/form-data")
    assert again.status_code == 200 and case_row(app, reference) == before


def test_accept_only_when_a_resolution_is_offered(app, client):
    reference = file_case(app, "in_progress")
    token = latest_token(app, reference)
    early = client.post("/api/v1/case/accept?lang=en", headers=bearer(token))
    assert early.status_code == 409 and early.json["case_status"] == "in_progress"
    assert early.mimetype == "application/problem+json"
    assert case_row(app, reference)[0] == "in_progress"
    as_staff(app, reference, "propose_resolution", "upheld", "We hebben het opgelost.")
    case = client.get("/api/v1/case", headers=bearer(token)).json
    assert case["status"] == "resolved" and "accept" in case["actions"]
    stale = client.post("/api/v1/case/accept", json={"version": case["version"] - 1},
                        headers=bearer(token))
    assert stale.status_code == 409
    accepted = client.post("/api/v1/case/accept", json={"version": case["version"]},
                           headers=bearer(token))
    assert accepted.status_code == 200 and accepted.json["status"] == "accepted"
    assert client.post("/api/v1/case/accept", headers=bearer(token)).status_code == 409


def test_disagree_then_mediation_in_the_eea(app, client):
    reference = file_case(app, "resolved", country="NL")
    token = latest_token(app, reference)
    empty = client.post("/api/v1/case/disagree?lang=nl", json={}, headers=bearer(token))
    assert empty.status_code == 400 and empty.json["errors"][0]["field"] == "reason"
    assert empty.json["errors"][0]["code"] == "required"
    response = client.post("/api/v1/case/disagree", json={"reason": "Eén nacht ontbreekt."},
                           headers=bearer(token))
    assert response.json["status"] == "disagreed" and "mediation" in response.json["actions"]
    asked = client.post("/api/v1/case/mediation", headers=bearer(token))
    assert asked.json["status"] == "mediation_requested"


def test_no_mediation_outside_the_eea(app, client):
    reference = file_case(app, "disagreed", country="US")
    token = latest_token(app, reference)
    assert "mediation" not in client.get("/api/v1/case", headers=bearer(token)).json["actions"]
    refused = client.post("/api/v1/case/mediation?lang=en", headers=bearer(token))
    assert refused.status_code == 409


def test_the_case_read_is_private_with_an_etag(app, client):
    token = latest_token(app, file_case(app))
    first = client.get("/api/v1/case", headers=bearer(token))
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert "Authorization" in first.headers["Vary"]
    assert client.get("/api/v1/case", headers=bearer(token) | {
        "If-None-Match": first.headers["ETag"]}).status_code == 304
