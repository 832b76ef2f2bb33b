"""The API proved against its own OpenAPI document by Schemathesis, in-process (WSGI).

Every operation gets generated input (valid and invalid, with and without a real case token)
and must never answer 5xx, and every answer must match the document: status code, content
type, headers and body schema. Bounded for CI: a few examples per operation, no shrinking.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode, checks

from tests.cases.partner_helpers import file_case, latest_token

CHECKS = [checks.not_a_server_error, checks.status_code_conformance,
          checks.content_type_conformance, checks.response_headers_conformance,
          checks.response_schema_conformance]


@pytest.fixture(scope="module")
def api_app(tmp_path_factory):
    """One app for the module, with a migrated database, a real case and its token."""
    import flask_migrate

    from tests.conftest import build_app, reset_database

    app = build_app(tmp_path_factory.mktemp("schemathesis"), MAX_CONTENT_LENGTH=2 * 2**20)
    with app.app_context():
        flask_migrate.upgrade()
    app.config["API_TEST_TOKEN"] = latest_token(app, file_case(app, "resolved"))
    yield app
    reset_database(app)


UNDOCUMENTED = {"api.openapi", "api.reference", "api.no_such_operation"}


def operations(app) -> list:
    """Every operation of the document the app serves."""
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in loaded.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_keeps_its_contract(api_app, mode):
    """No 5xx for any input, and every answer as documented, for every operation."""
    found = operations(api_app)
    routes = {(method, rule.rule) for rule in api_app.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and rule.endpoint not in UNDOCUMENTED
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(op.method.upper(), op.path.replace("{", "<").replace("}", ">"))
                  for op in found}
    assert documented == routes  # every operation is in the document, and is tested
    token = api_app.config["API_TEST_TOKEN"]
    for operation in found:
        contract_test(operation, mode, token)()


def contract_test(operation, mode: GenerationMode, token: str):
    """A Hypothesis test of one operation: generated cases, sent and checked."""
    bearer = bool(operation.definition.raw.get("security"))

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=6, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def keeps_contract(case):
        if bearer:  # the real case's token unless the input brings its own
            headers = dict(case.headers or {})
            headers.setdefault("Authorization", f"Bearer {token}")
            case.headers = headers
        case.call_and_validate(checks=CHECKS)

    return keeps_contract


FILINGS = {"/api/v1/technical-issues": "TechnicalIssueIn", "/api/v1/complaints": "ComplaintIn"}


def test_following_a_filed_case_through_the_documents_links(api_app):
    """Stateful: each scenario files the documented examples (explicit examples, which the
    forms accept, where generated bodies almost never are), then Schemathesis follows the
    201's links with the returned token (``Authorization: Bearer {$response.body#/token}``)
    to read, reply, accept, disagree and ask for mediation with generated input. Every
    answer must match the document and no 5xx; the links must have opened the filed case."""
    from hypothesis import strategies as st
    from hypothesis.stateful import Bundle, initialize
    from schemathesis.generation.stateful.state_machine import StepInput
    from schemathesis.specs.openapi.stateful import transition

    # a step as Schemathesis's own rules take it (recorded, so links can name it as parent)
    record_and_step = transition(name="file_example", target=Bundle("catch_all"),
                                 input=st.nothing(), precondition=lambda machine: True)

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    components = schema.raw_schema["components"]["schemas"]
    filings = {op.path: op for op in operations(api_app) if op.path in FILINGS}
    seen: list[tuple[str, int, bool]] = []  # (operation, status, followed a link)
    filed: set[str] = set()

    class Workflow(schema.as_state_machine()):
        def file(self, path: str):
            example = components[FILINGS[path]]["examples"][0]
            case = filings[path].Case(body=example, media_type="application/json")
            return record_and_step(self, StepInput.initial(case))

        @initialize(target=Bundle("catch_all"))
        def file_a_technical_issue(self):
            return self.file("/api/v1/technical-issues")

        @initialize(target=Bundle("catch_all"))
        def file_a_complaint(self):
            return self.file("/api/v1/complaints")

        def after_call(self, response, case):
            super().after_call(response, case)
            authorization = (case.headers or {}).get("Authorization", "")
            if case.path in FILINGS and response.status_code == 201:
                filed.add(response.json()["token"])
            seen.append((f"{case.method} {case.path}", response.status_code,
                         authorization.removeprefix("Bearer ") in filed))

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    Workflow.run(settings=settings(max_examples=40, stateful_step_count=8, deadline=None,
                                   derandomize=True, database=None,
                                   phases=[Phase.generate],
                                   suppress_health_check=list(HealthCheck)))
    assert len(filed) >= 2  # both examples were filed
    followed = {(operation, status) for operation, status, linked in seen if linked}
    assert ("GET /api/v1/case", 200) in followed  # the link's token opened the filed case,
    assert ("POST /api/v1/case/replies", 200) in followed  # a reply was added to it
    assert ("POST /api/v1/case/accept", 409) in followed  # and nothing offered: no accepting
