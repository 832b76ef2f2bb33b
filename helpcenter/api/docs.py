"""The OpenAPI document at ``/api/v1/openapi.json`` and its reference page at ``/api/v1/docs``.

The page is our own template, rendered on the server from the same document: no script, no
CDN, readable without JavaScript and in the site's style.
"""

from __future__ import annotations

import json

from flask import render_template
from markupsafe import Markup, escape

from helpcenter.api.responses import read_response
from helpcenter.api.spec import finish_document, spec
from helpcenter.api.views import bp
from helpcenter.articles import service as articles

METHOD_ORDER = ("get", "post", "put", "patch", "delete")


def document() -> dict:
    """The finished OpenAPI 3.1 document of this app's operations, with the topic keys the
    content defines today (``content/topics.yaml``) as the choices of the filing bodies."""
    doc = finish_document(spec.spec)
    topics = articles.topics()
    choices = {
        "TechnicalIssueIn": {"topic": sorted(topics.technical_topics), "subtopic": sorted(
            {sub for item in topics.technical_topics.values() for sub in item["subtopics"]})},
        "ComplaintIn": {"topic": sorted(topics.complaint_topics)},
    }
    schemas = doc.get("components", {}).get("schemas", {})
    for name, fields in choices.items():
        for form_name in (name, name.replace("In", "Form")):
            properties = schemas.get(form_name, {}).get("properties", {})
            for field, values in fields.items():
                if field in properties and values:
                    properties[field]["enum"] = values
    return doc


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document, generated from the operations and their models."""
    return read_response(document())


@bp.get("/docs")
def reference():
    """The reference page: every operation with its parameters, body, answers, examples."""
    doc = document()
    schemas = doc.get("components", {}).get("schemas", {})
    operations = [operation_view(path, method, op, schemas)
                  for path, item in doc["paths"].items()
                  for method, op in sorted(item.items(), key=lambda m: METHOD_ORDER.index(m[0]))]
    tags = []
    for operation in operations:
        if operation["tag"] not in tags:
            tags.append(operation["tag"])
    page = render_template("api/docs.html", info=doc["info"], tags=tags, operations=operations,
                           with_code=with_code)
    response = read_response({"page": page})  # the ETag is the page's
    if response.status_code == 200:
        response.set_data(page)
        response.mimetype = "text/html"
    return response


def with_code(text: str) -> Markup:
    """A description with its ``literal`` parts (the docstrings' notation) as ``<code>``; the
    rest escaped."""
    parts = str(text or "").split("``")
    if len(parts) % 2 == 0:  # an unpaired marker: shown as it is
        return escape(text)
    return Markup("").join(Markup("<code>%s</code>") % part if index % 2 else escape(part)
                           for index, part in enumerate(parts))


def schema_name(schema: dict | None) -> str | None:
    """``Problem`` for ``{"$ref": "#/components/schemas/Problem"}``."""
    if not schema:
        return None
    ref = schema.get("$ref") or (schema.get("items") or {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else schema.get("type")


def fields_of(name: str | None, schemas: dict) -> list[dict]:
    """The properties of a body model: name, type, required, description."""
    schema = schemas.get(name or "", {})
    required = set(schema.get("required", []))
    return [{"name": prop, "type": type_text(spec_), "required": prop in required,
             "description": spec_.get("description", "")}
            for prop, spec_ in schema.get("properties", {}).items()]


def type_text(schema: dict) -> str:
    """A short type: ``string``, ``integer (1-100)``, ``"yes" | "no"``, ``string or null``."""
    if "enum" in schema:
        return " | ".join(json.dumps(value) for value in schema["enum"])
    if "const" in schema:
        return json.dumps(schema["const"])
    if "anyOf" in schema:
        return " or ".join(type_text(part) for part in schema["anyOf"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {type_text(schema.get('items', {}))}"
    if schema.get("format") == "binary":
        return "file"
    return kind


def example_of(name: str | None, schemas: dict) -> str | None:
    """The model's example as indented JSON."""
    examples = schemas.get(name or "", {}).get("examples")
    return json.dumps(examples[0], indent=2, ensure_ascii=False) if examples else None


def operation_view(path: str, method: str, op: dict, schemas: dict) -> dict:
    """What the page shows of one operation."""
    body = op.get("requestBody", {}).get("content", {})
    return {
        "id": op.get("operationId", f"{method}-{path}"),
        "method": method.upper(), "path": path, "summary": op.get("summary", ""),
        "description": op.get("description", ""), "tag": (op.get("tags") or ["other"])[0],
        "bearer": bool(op.get("security")),
        "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                        "type": type_text(p.get("schema", {})),
                        "description": p.get("description", "")}
                       for p in op.get("parameters", [])],
        "bodies": [{"media_type": media, "fields": fields_of(schema_name(c.get("schema")),
                                                             schemas),
                    "example": example_of(schema_name(c.get("schema")), schemas)}
                   for media, c in body.items()],
        "responses": [{"status": status, "description": r.get("description", ""),
                       "media_type": next(iter(r.get("content", {})), None),
                       "schema": schema_name(next(iter(r.get("content", {}).values()),
                                                  {}).get("schema")),
                       "example": example_of(schema_name(next(iter(
                           r.get("content", {}).values()), {}).get("schema")), schemas)
                       if status.startswith("2") else None}
                      for status, r in sorted(op.get("responses", {}).items())],
    }
