"""Secret case links: the migration that moved them, opening, revoking, reissuing."""

from __future__ import annotations

import datetime as dt
import re

import flask_migrate
import pytest
from sqlalchemy import func, select, text

from helpcenter.cases import service as cases
from helpcenter.cases.models import CaseLink
from helpcenter.cases.references import token_hash
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from tests.cases.lifecycle_helpers import emails, events, new_case, snapshot
from tests.conftest import build_app, reset_database
from tests.mail.sent import email_text

BEFORE_LINKS = "b20d8a6eb985"
FILED_AT = dt.datetime(2026, 11, 2, 9, 30)


@pytest.fixture
def old_app(tmp_path):
    """An app whose database stops at the migration before case links, with one case in it."""
    app = build_app(tmp_path / "instance")
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE_LINKS)
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO cases (id, reference, token_hash, idempotency_key, kind, status, "
                "lang, name, email, topic, ground, message, created_at, updated_at) VALUES "
                "(7, 'HC-AAAA-BBBB', :hash, :key, 'complaint', 'received', 'nl', 'Anna', "
                "'anna@example.nl', 'ranking', 'c', 'Mijn accommodatie is onvindbaar.', "
                ":at, :at)"), {"hash": token_hash("old-token"), "key": "k" * 32, "at": FILED_AT})
            connection.execute(text(
                "INSERT INTO case_attachments (case_id, stored_name, filename, content_type, "
                "size, data, created_at) VALUES (7, 's1', 'a.png', 'image/png', 3, :data, :at)"),
                {"data": b"png", "at": FILED_AT})
            connection.execute(text(
                "INSERT INTO outbox_messages (case_id, recipient, subject, body, lang, "
                "created_at, attempts, next_attempt_at) VALUES (7, 'anna@example.nl', 's', 'b', "
                "'nl', :at, 1, :at)"), {"at": FILED_AT})
        db.engine.dispose()
    yield app
    reset_database(app)


def rows(app, sql: str) -> list[tuple]:
    """Every row ``sql`` returns, as tuples."""
    with app.app_context(), db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_migration_moves_the_link_and_keeps_every_row(old_app):
    with old_app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    assert rows(old_app, "SELECT case_id, token_hash, revoked_at FROM case_links") == [
        (7, token_hash("old-token"), None)]
    assert rows(old_app, "SELECT case_id, filename, message_id FROM case_attachments") == [
        (7, "a.png", None)]
    assert rows(old_app, "SELECT case_id FROM outbox_messages") == [(7,)]
    assert rows(old_app, "SELECT version, status, assignee_id FROM cases") == [
        (1, "received", None)]
    assert [str(value)[:16] for value in rows(old_app,
            "SELECT last_partner_update_at FROM cases")[0]] == ["2026-11-02 09:30"]
    assert rows(old_app, "SELECT case_id, actor, action, from_status, to_status "
                "FROM case_events") == [(7, "partner", "filed", None, "received")]
    with old_app.test_client() as client:  # the token from the old acknowledgement still works
        response = client.get("/nl/case/old-token")
        assert response.status_code == 303
        assert response.headers["Location"] == "/nl/cases/HC-AAAA-BBBB"


def test_migration_downgrades_to_one_link_per_case(old_app):
    with old_app.app_context():
        flask_migrate.upgrade()
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE case_links SET revoked_at = created_at"))
            connection.execute(text(
                "INSERT INTO case_links (case_id, token_hash, created_at) "
                "VALUES (7, :hash, :at)"), {"hash": token_hash("new-token"), "at": FILED_AT})
        flask_migrate.downgrade(revision=BEFORE_LINKS)
        db.engine.dispose()
    assert rows(old_app, "SELECT id, token_hash FROM cases") == [(7, token_hash("new-token"))]
    assert rows(old_app, "SELECT case_id, filename FROM case_attachments") == [(7, "a.png")]
    assert rows(old_app, "SELECT case_id FROM outbox_messages") == [(7,)]


def token_in(body: str, lang: str) -> str:
    """The token of the case link in an email body."""
    match = re.search(rf"\nhttp://localhost/{lang}/case/([\w-]{{43}})\n", body)
    assert match, body
    return match.group(1)


@pytest.fixture
def filed(app):
    """A Dutch complaint, its first link, and its reference."""
    with app.test_request_context("/"):
        case = new_case("nl")
        token = token_in(email_text(emails(case)[0]), "nl")
        yield case.reference, token
        db.session.remove()


def test_reissue_revokes_every_old_link_and_emails_a_new_one(app, client, filed):
    reference, old_token = filed
    page = f"/nl/cases/{reference}"
    assert client.get(f"/nl/case/{old_token}").headers["Location"] == page
    assert client.get(page).status_code == 200
    with app.test_request_context("/"):
        assert cases.reissue_link(f" {reference.lower()} ", " ANNA@Example.NL ") is None
        case = cases.case_by_reference(reference)
        mails = emails(case)
        assert [m.subject for m in mails] == [f"We hebben uw klacht {reference} ontvangen",
                                              f"Uw nieuwe link naar zaak {reference}"]
        assert mails[-1].body.startswith(
            f"Beste Anna de Vries,\n\nU hebt een nieuwe link naar uw zaak {reference} "
            "gevraagd. Hier is die:\nhttp://localhost/nl/case/~secret~\n")
        assert "Eerdere links naar deze zaak werken niet meer." in mails[-1].body
        new_token = token_in(email_text(mails[-1]), "nl")
        assert events(case)[-1] == ("partner", None, "link_reissued", None, None)
        links = db.session.scalars(select(CaseLink).where(CaseLink.case_id == case.id)
                                   .order_by(CaseLink.id)).all()
        assert [link.revoked_at is None for link in links] == [False, True]
        assert cases.open_link(old_token) is None
    assert client.get(page).status_code == 404  # the session made from the old link ends
    assert client.get(f"/nl/case/{old_token}").status_code == 404
    other = app.test_client()
    assert other.get(f"/nl/case/{new_token}").headers["Location"] == page
    assert other.get(page).status_code == 200


@pytest.mark.parametrize(("reference", "email"), [
    ("own", "someone@example.nl"),  # the right case, the wrong address
    ("HC-2222-3333", "anna@example.nl"),  # no such case
    ("own", ""),
    ("", "anna@example.nl"),
])
def test_reissue_with_details_that_do_not_match_changes_nothing(app, filed, reference, email):
    own_reference, token = filed
    reference = own_reference if reference == "own" else reference
    with app.test_request_context("/"):
        case = cases.case_by_reference(own_reference)
        before = snapshot(case)
        assert cases.reissue_link(reference, email) is None
        assert snapshot(case) == before
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        assert cases.open_link(token)[0].id == case.id


def test_reissue_sends_the_link_of_the_matching_case_only(app, filed):
    reference, _token = filed
    with app.test_request_context("/"):
        other = new_case("en", name="Tom")
        cases.reissue_link(other.reference, "anna@example.nl")
        assert len(emails(other)) == 2  # same address, other case: its own link only
        assert len(emails(cases.case_by_reference(reference))) == 1


@pytest.mark.parametrize("token", ["", "x", "a" * 43, "a" * 500])
def test_unknown_tokens_open_nothing(app, token):
    with app.test_request_context("/"):
        assert cases.open_link(token) is None
