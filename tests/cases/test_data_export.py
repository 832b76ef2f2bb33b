""""Download my data": the signed-in partner's cases as JSON, and nobody else's."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from helpcenter.clock import frozen_at
from tests.cases.conftest import PNG
from tests.cases.sign_in_helpers import file_for, signed_in, staff_does

ANNA, BOB = "anna@example.nl", "bob@example.com"


def download(client, lang: str = "nl") -> dict:
    """The partner's data file, checked to be a private download."""
    response = client.get(f"/{lang}/my-cases/my-data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="my-cases-')
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    return json.loads(response.get_data(as_text=True))


def test_the_export_holds_the_partners_cases_messages_and_file_names(app):
    complaint = file_for(app, ANNA, "nl", "complaint", "Ik sta onderaan.", with_file=True)
    issue = file_for(app, "ANNA@example.NL", "en", "technical_issue", "Login fails.")
    bobs = file_for(app, BOB, "en", "complaint", "Bob's own complaint.")
    staff_does(app, complaint, "take_up")
    staff_does(app, complaint, "request_information", "Kunt u een schermafbeelding sturen?")
    staff_does(app, complaint, "add_note", "Intern: partner belt vaak.")
    staff_does(app, bobs, "take_up")
    data = download(signed_in(app, ANNA))
    assert data["email"] == ANNA
    assert data["generated_at"].endswith("Z")
    assert [case["reference"] for case in data["cases"]] == [complaint, issue]
    first, second = data["cases"]
    assert first["kind"] == "complaint" and first["lang"] == "nl"
    assert first["message"] == "Ik sta onderaan." and first["name"] == "Partner"
    assert first["status"] == "waiting_for_partner"
    assert first["attachments"] == [{"filename": "zoekresultaten.png",
                                     "content_type": "image/png", "size": len(PNG),
                                     "received_at": first["created_at"]}]
    assert [(m["from"], m["kind"], m["text"]) for m in first["messages"]] == [
        ("staff", "request_info", "Kunt u een schermafbeelding sturen?")]
    assert [(entry["by"], entry["action"], entry["to_status"])
            for entry in first["history"]] == [
        ("partner", "filed", "received"), ("staff", "assigned", "in_progress"),
        ("staff", "request_info", "waiting_for_partner")]
    assert second["kind"] == "technical_issue" and second["subtopic"] == "login"
    text = json.dumps(data)
    assert "Intern: partner belt vaak." not in text  # no internal note
    assert "Hanna Bakker" not in text  # nor the handler's name
    assert "Bob" not in text and bobs not in text
    assert "data" not in first["attachments"][0]  # metadata only, never the bytes


def test_the_export_is_made_on_demand(app):
    file_for(app, ANNA)
    anna = signed_in(app, ANNA)
    assert len(download(anna)["cases"]) == 1
    file_for(app, ANNA, "en", "technical_issue")
    assert len(download(anna, "en")["cases"]) == 2


def test_each_partner_downloads_only_their_own(app):
    annas = file_for(app, ANNA)
    bobs = file_for(app, BOB, "en")
    anna, bob = signed_in(app, ANNA), signed_in(app, BOB, "en")
    for _ in range(2):  # one after the other, with both signed in at once
        assert [case["reference"] for case in download(anna)["cases"]] == [annas]
        assert [case["reference"] for case in download(bob, "en")["cases"]] == [bobs]
    anna.post("/nl/my-cases/sign-out")
    response = anna.get("/nl/my-cases/my-data.json")
    assert response.status_code == 303 and response.mimetype != "application/json"
    assert [case["reference"] for case in download(bob, "en")["cases"]] == [bobs]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_export_without_signing_in(app, lang):
    file_for(app, ANNA)
    response = app.test_client().get(f"/{lang}/my-cases/my-data.json")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{lang}/my-cases/sign-in"
    assert ANNA not in response.get_data(as_text=True)


@pytest.mark.parametrize(("now", "day"), [
    (dt.datetime(2026, 1, 31, 23, 30), "2026-02-01"),  # 00:30 in Amsterdam (winter time)
    (dt.datetime(2026, 6, 30, 22, 5), "2026-07-01"),  # 00:05 in Amsterdam (summer time)
    (dt.datetime(2026, 7, 1, 21, 55), "2026-07-01"),  # 23:55 in Amsterdam: still that day
])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_file_is_named_after_the_local_date(app, now, day, lang):
    """The file carries the date the partner sees on the page: Amsterdam's, not UTC's."""
    file_for(app, ANNA)
    with frozen_at(now):
        client = signed_in(app, ANNA, lang)
        response = client.get(f"/{lang}/my-cases/my-data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="my-cases-{day}.json"'
