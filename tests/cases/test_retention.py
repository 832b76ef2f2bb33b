"""``flask cases purge``: personal data of cases closed longer ago than the retention period
goes, what the yearly report counts stays (the report is the same before and after)."""

from __future__ import annotations

import pytest
from sqlalchemy import String, Text, select

from helpcenter.cases import service as cases
from helpcenter.cases.models import Case, CaseAttachment, CaseLink, CaseMessage
from helpcenter.cases.retention import months_before
from helpcenter.cases.uploads import Upload
from helpcenter.clock import frozen_at
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.staff.models import StaffUser
from tests.cases.lifecycle_helpers import shared_app
from tests.report.known_cases import T, make_known_cases, run
from tests.staff.conftest import fast_hashing, logged_in, make_staff  # noqa: F401 - fixtures

PURGE_AT = T(2027, 5, 1, 12)  # 24 months back: cases closed before 1 May 2025 are due
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SECRETS = ("Pieter Geheimnaam", "pieter.geheim@example.nl", "+31 6 12345678", "PROP-778899",
           "Mijn unieke klachttekst over de ranking", "Een geheim antwoord van de partner",
           "geheim-bestand.png")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    for made in shared_app(tmp_path_factory):
        with made.test_request_context("/"):
            make_known_cases()
            file_personal_case()
            db.session.remove()
        yield made


def file_personal_case() -> Case:
    """A complaint full of personal data, with a reply and a file, closed in January 2025."""
    staff = db.session.scalar(select(StaffUser))
    fields = {"idempotency_key": "retention-personal", "name": SECRETS[0], "email": SECRETS[1],
              "phone": SECRETS[2], "property_id": SECRETS[3], "message": SECRETS[4],
              "topic": "ranking", "kind": "complaint", "ground": "c", "country": "NL",
              "requester_type": "partner"}
    with frozen_at(T(2025, 1, 6, 9)):
        case = cases.file_case(fields, [], "nl").case
    run(case, staff, ("take_up", T(2025, 1, 6, 10)))
    with frozen_at(T(2025, 1, 7, 9)):
        cases.partner_reply(case, SECRETS[5],
                            [Upload(SECRETS[6], "image/png", PNG, "a" * 32)])
    run(case, staff, ("resolve", T(2025, 1, 8, 9), "upheld"), ("accept", T(2025, 1, 9, 9)),
        ("close", T(2025, 1, 10, 9)))
    return case


def report_csv(runner, year: int, lang: str) -> str:
    result = runner.invoke(args=["report", "build", "--year", str(year), "--lang", lang, "--csv"])
    assert result.exit_code == 0, result.output
    return result.output


def every_text(app) -> str:
    """Every text column of every table, as one string."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if columns:
                for row in db.session.execute(select(*columns)):
                    found.extend(str(value) for value in row if value)
        db.session.remove()
    return "\n".join(found)


def personal_case(app) -> Case:
    return db.session.scalar(select(Case).where(Case.idempotency_key == "retention-personal"))


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert months_before(T(2027, 5, 1, 12), 24) == T(2025, 5, 1, 12)
    assert months_before(T(2027, 3, 31, 8), 1) == T(2027, 2, 28, 8)
    assert months_before(T(2028, 3, 31), 1) == T(2028, 2, 29)
    assert months_before(T(2027, 1, 15), 13) == T(2025, 12, 15)


def test_a_dry_run_lists_the_cases_due_and_changes_nothing(app):
    runner = app.test_cli_runner()
    before = every_text(app)
    with frozen_at(PURGE_AT):
        result = runner.invoke(args=["cases", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would purge 3 cases closed before 2025-05-01 12:00 UTC" in result.output
    with app.app_context():
        due = db.session.scalars(select(Case.reference).where(
            Case.closed_at < T(2025, 5, 1, 12))).all()
    assert sorted(line.strip() for line in result.output.splitlines()[1:]) == sorted(due)
    assert every_text(app) == before


def test_purging_removes_the_personal_data_and_keeps_the_report(app):
    runner = app.test_cli_runner()
    reports = {(year, lang): report_csv(runner, year, lang)
               for year in (2024, 2025) for lang in ("nl", "en")}
    assert all(secret in every_text(app) for secret in SECRETS)
    with app.app_context():
        kept = db.session.scalar(select(Case).where(Case.closed_at >= T(2025, 5, 1, 12)))
        kept_before = (kept.id, kept.name, kept.email, kept.message)
        db.session.remove()

    with frozen_at(PURGE_AT):
        result = runner.invoke(args=["cases", "purge"])
    assert result.exit_code == 0, result.output
    assert "Purged 3 cases" in result.output

    for (year, lang), before in reports.items():
        assert report_csv(runner, year, lang) == before, (year, lang)
    text = every_text(app)
    for secret in SECRETS:
        assert secret not in text, secret
    with app.app_context():
        case = personal_case(app)
        assert case.purged_at == PURGE_AT
        assert (case.name, case.email, case.phone, case.property_id, case.message) == (
            "", "", None, None, "")
        assert (case.kind, case.topic, case.ground, case.outcome, case.decision) == (
            "complaint", "ranking", "c", "upheld", "accepted")
        assert case.created_at == T(2025, 1, 6, 9) and case.closed_at == T(2025, 1, 10, 9)
        for model in (CaseMessage, CaseAttachment, CaseLink, OutboxMessage):
            assert not db.session.scalars(select(model).where(model.case_id == case.id)).all()
        assert cases.timeline(case)  # who did what, when: still there
        still = db.session.get(Case, kept_before[0])
        assert (still.id, still.name, still.email, still.message) == kept_before
        assert still.purged_at is None
        db.session.remove()

    with frozen_at(PURGE_AT):
        again = runner.invoke(args=["cases", "purge"])
    assert "Purged 0 cases" in again.output


@pytest.mark.parametrize(("lang", "notice", "removed"), [
    ("en", "Personal data removed", "Removed with the personal data."),
    ("nl", "Persoonsgegevens verwijderd", "Verwijderd met de persoonsgegevens."),
])
def test_the_console_says_a_case_was_purged(app, make_staff, lang, notice, removed):  # noqa: F811
    with app.app_context():
        case = personal_case(app)
        reference, purged = case.reference, case.purged_at
        db.session.remove()
    assert purged is not None, "runs after the purge test"
    handler = make_staff(email=f"console-{lang}@example.com", lang=lang)
    client = logged_in(app.test_client(), handler)
    html = client.get(f"/{lang}/staff/cases/{reference}").get_data(as_text=True)
    assert notice in html
    assert removed in html
    assert SECRETS[4] not in html
