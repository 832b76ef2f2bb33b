"""The OpenAPI document and its reference page."""

from __future__ import annotations

import re


def test_the_document_is_openapi_3_1_with_problems_and_links(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    filing = document["paths"]["/api/v1/technical-issues"]["post"]
    assert set(filing["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "application/problem+json" in filing["responses"]["400"]["content"]
    assert "Retry-After" in filing["responses"]["429"]["headers"]
    link = filing["responses"]["201"]["links"]["getCase"]
    assert link["parameters"]["header.Authorization"] == "Bearer {$response.body#/token}"
    case = document["paths"]["/api/v1/case"]["get"]
    assert case["security"] == [{"caseToken": []}] and "401" in case["responses"]
    assert not any("422" in op["responses"] for path in document["paths"].values()
                   for op in path.values())
    assert document["components"]["schemas"]["VoteIn"]["examples"]


def test_the_reference_page_lists_every_operation_in_both_languages(client):
    document = client.get("/api/v1/openapi.json").json
    operations = {f"{method.upper()} {path}" for path, item in document["paths"].items()
                  for method in item}
    for lang, heading in (("en", "API reference"), ("nl", "API-naslag")):
        response = client.get(f"/api/v1/docs?lang={lang}")
        page = response.get_data(as_text=True)
        assert response.mimetype == "text/html" and f'<html lang="{lang}">' in page
        assert f"<h1>{heading}</h1>" in page
        shown = set(re.findall(r'<h2 id="[^"]+"><code>([A-Z]+ [^<]+)</code></h2>', page))
        assert shown == operations
        assert "<script" not in page.split("</main>")[0].split("<main")[-1]
        assert " style=" not in page
        assert "``" not in page and "<code>visitor_id</code>" in page  # docstring literals


def test_the_document_names_the_topic_keys_of_the_content(client):
    document = client.get("/api/v1/openapi.json").json
    topics = client.get("/api/v1/topics?lang=en").json
    issue = document["components"]["schemas"]["TechnicalIssueIn"]["properties"]
    complaint = document["components"]["schemas"]["ComplaintIn"]["properties"]
    assert issue["topic"]["enum"] == sorted(t["key"] for t in topics["technical_issue"])
    assert complaint["topic"]["enum"] == sorted(t["key"] for t in topics["complaint"])
    assert set(issue["subtopic"]["enum"]) == {s["key"] for t in topics["technical_issue"]
                                              for s in t["subtopics"]}


def test_requests_reach_the_views_without_spectree_which_only_documents(app, client,
                                                                        monkeypatch):
    """spectree's request-time wrapper (no validation: it only copied every response) is
    not run; the document still describes every operation with its models."""
    from spectree.plugins.flask_plugin import FlaskPlugin

    def not_at_request_time(*args, **kwargs):
        raise AssertionError("spectree's wrapper ran")

    monkeypatch.setattr(FlaskPlugin, "validate", not_at_request_time)
    article = client.get("/api/v1/articles/submit-a-complaint?lang=en")
    assert article.status_code == 200 and article.json["slug"] == "submit-a-complaint"
    refused = client.post("/api/v1/complaints?lang=en", json={"name": 5})
    assert refused.status_code == 400
    operation = client.get("/api/v1/openapi.json").json["paths"][
        "/api/v1/articles/{slug}"]["get"]
    assert operation["operationId"] == "getArticle"
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Article"}
