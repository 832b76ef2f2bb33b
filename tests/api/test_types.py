"""JSON bodies keep the types the OpenAPI document gives their fields, before any form looks.

A list or a number where the document says string, a string where it says boolean or
integer: 400 with ``invalid_type`` for that field, in the asked language, and nothing stored.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from helpcenter.cases.models import Case
from helpcenter.extensions import db
from tests.api.conftest import VISITOR_A
from tests.cases.partner_helpers import file_case, latest_token

WRONG = {  # a value of another JSON type for each documented type
    "string": [["Lijst", "Naam"], 5, True, {"a": "b"}],
    "boolean": ["true", 1],
    "integer": ["5", 5.5, False],
}
MESSAGES = {
    "en": {"string": "Send this as text (a JSON string).", "boolean": "Send true or false.",
           "integer": "Send a whole number."},
    "nl": {"string": "Stuur dit als tekst (een JSON-string).", "boolean": "Stuur true of false.",
           "integer": "Stuur een geheel getal."},
}


def cases_stored(app) -> int:
    with app.app_context():
        found = db.session.scalar(select(func.count()).select_from(Case))
        db.session.remove()
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", [["Lijst", "Naam"], 5, None, {"first": "Anna"}])
def test_a_name_that_is_not_a_string_files_nothing(app, client, complaint, lang, name):
    response = client.post(f"/api/v1/complaints?lang={lang}", json=dict(complaint, name=name))
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.headers["Content-Language"] == lang
    assert response.json["errors"] == [{"field": "name", "code": "invalid_type",
                                        "message": MESSAGES[lang]["string"]}]
    assert cases_stored(app) == 0


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_consent_must_be_a_boolean_and_every_wrong_member_is_named(app, client, complaint,
                                                                   lang):
    response = client.post(f"/api/v1/complaints?lang={lang}",
                           json=dict(complaint, consent="true", country=["NL"]))
    assert response.status_code == 400
    assert sorted((e["field"], e["code"], e["message"]) for e in response.json["errors"]) == [
        ("consent", "invalid_type", MESSAGES[lang]["boolean"]),
        ("country", "invalid_type", MESSAGES[lang]["string"])]
    assert cases_stored(app) == 0


def test_the_right_types_still_file_and_null_leaves_out_an_optional_field(app, client,
                                                                           complaint, issue):
    assert client.post("/api/v1/complaints", json=complaint).status_code == 201
    filed = client.post("/api/v1/technical-issues", json=dict(issue, device=None))
    assert filed.status_code == 201, filed.json
    token = filed.json["token"]
    answer = client.post("/api/v1/case/accept?lang=en", json={"version": 1.0},
                         headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 409  # the type passed (1.0 is an integer); no resolution yet
    assert cases_stored(app) == 2


def test_a_field_sent_twice_in_multipart_is_refused(app, client, complaint):
    fields = {key: str(value).lower() if value is True else value
              for key, value in complaint.items()}
    response = client.post("/api/v1/complaints?lang=en", content_type="multipart/form-data",
                           data=dict(fields, name=["Lijst", "Naam"]))
    assert response.status_code == 400
    assert response.json["errors"] == [{"field": "name", "code": "invalid_type",
                                        "message": MESSAGES["en"]["string"]}]
    assert cases_stored(app) == 0
    once = client.post("/api/v1/complaints", content_type="multipart/form-data", data=fields)
    assert once.status_code == 201, once.json
    assert cases_stored(app) == 1


def json_bodies(app) -> list[tuple[str, str, dict]]:
    """(path, operation id, schema) of every JSON request body in the served document."""
    document = app.test_client().get("/api/v1/openapi.json").json
    found = []
    for path, item in document["paths"].items():
        for operation in item.values():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                ref = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
                found.append((path, operation["operationId"], document["components"][
                    "schemas"][ref]))
    return found


def documented_type(schema: dict) -> str:
    branches = [schema, *schema.get("anyOf", [])]
    return next(b["type"] for b in branches if b.get("type") not in (None, "null"))


def test_every_documented_member_of_every_json_body_keeps_its_type(app, client, issue,
                                                                    complaint):
    """Driven by the document: each operation refuses every wrong type for each member."""
    token = latest_token(app, file_case(app, "resolved"))
    bodies = {"voteOnArticle": {"answer": "yes", "visitor_id": VISITOR_A},
              "reportTechnicalIssue": issue, "submitComplaint": complaint,
              "reply": {"message": "Een antwoord."}, "disagree": {"reason": "Te weinig."},
              "acceptResolution": {}, "requestMediation": {}}
    found = json_bodies(app)
    assert {operation for _path, operation, _schema in found} == set(bodies)
    checked = 0
    for path, operation, schema in found:
        url = path.replace("{slug}", "submit-a-complaint") + "?lang=en"
        for member, member_schema in schema["properties"].items():
            kind = documented_type(member_schema)
            for value in WRONG[kind]:
                response = client.post(url, json=dict(bodies[operation], **{member: value}),
                                       headers={"Authorization": f"Bearer {token}"})
                assert response.status_code == 400, (operation, member, value)
                assert response.json["errors"] == [{
                    "field": member, "code": "invalid_type",
                    "message": MESSAGES["en"][kind]}], (operation, member, value)
                checked += 1
    assert checked > 60
    assert cases_stored(app) == 1  # only the one made above
