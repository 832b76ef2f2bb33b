"""Helpers for the lifecycle tests: a migrated app shared by a module, staff, cases in any status.

Cases are made through the real actions (filing, taking up, resolving …), never by writing a
status into the table, so each test starts from a state the site can actually reach.
"""

from __future__ import annotations

import itertools

import flask_migrate
from sqlalchemy import func, select

from helpcenter.cases import service as cases
from helpcenter.cases.models import Case, CaseEvent, CaseLink, CaseMessage
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.staff.models import StaffUser
from tests.conftest import build_app, reset_database

SERIAL = itertools.count(1)


def shared_app(tmp_path_factory):
    """An app with a migrated database for a whole module (yields; drops the tables after)."""
    app = build_app(tmp_path_factory.mktemp("lifecycle"))
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    reset_database(app)


def new_staff(name: str = "Hanna Bakker", active: bool = True) -> StaffUser:
    """A handler account (no password needed here)."""
    staff = StaffUser(email=f"staff{next(SERIAL)}@example.com", name=name, role="handler",
                      password_hash="-", active=active)
    db.session.add(staff)
    db.session.commit()
    return staff


def new_case(lang: str = "nl", country: str | None = "NL", name: str = "Anna de Vries",
             message: str = "Mijn accommodatie staat onderaan in de zoekresultaten.") -> Case:
    """A freshly filed complaint (or a technical issue when ``country`` is None)."""
    fields = {"idempotency_key": f"{next(SERIAL):032x}", "name": name,
              "email": "anna@example.nl", "message": message, "topic": "ranking",
              "kind": "complaint" if country else "technical_issue",
              "ground": "c" if country else "b", "country": country,
              "requester_type": "partner" if country else None}
    return cases.file_case(fields, [], lang).case


def walk_to(case: Case, status: str, staff: StaffUser) -> Case:
    """Move ``case`` to ``status`` the way people do it."""
    path = {
        "received": [],
        "in_progress": ["take_up"],
        "waiting_for_partner": ["take_up", "request"],
        "resolved": ["take_up", "resolve"],
        "accepted": ["take_up", "resolve", "accept"],
        "disagreed": ["take_up", "resolve", "disagree"],
        "mediation_requested": ["take_up", "resolve", "disagree", "mediation"],
        "closed": ["take_up", "resolve", "close"],
        "withdrawn": ["withdraw"],
    }[status]
    steps = {
        "take_up": lambda: cases.take_up(case, staff, case.version),
        "request": lambda: cases.request_information(case, "Stuur een schermafbeelding.",
                                                     staff, case.version),
        "resolve": lambda: cases.propose_resolution(case, "not_upheld", "De ranking klopt.",
                                                    staff, case.version),
        "accept": lambda: cases.accept_resolution(case),
        "disagree": lambda: cases.disagree(case, "Dat klopt niet."),
        "mediation": lambda: cases.request_mediation(case),
        "close": lambda: cases.close(case, staff, case.version),
        "withdraw": lambda: cases.withdraw(case),
    }
    for step in path:
        steps[step]()
    assert case.status == status
    return case


def count(model, case: Case) -> int:
    """Rows of ``model`` that belong to ``case``."""
    return db.session.scalar(select(func.count()).select_from(model)
                             .where(model.case_id == case.id))


def snapshot(case: Case) -> tuple:
    """Everything an action could change, to prove a refused one changed nothing."""
    db.session.expire_all()
    row = db.session.get(Case, case.id)
    return (row.status, row.version, row.updated_at, row.assignee_id, row.outcome,
            row.last_partner_update_at, count(CaseEvent, case), count(CaseMessage, case),
            count(OutboxMessage, case), count(CaseLink, case))


def events(case: Case) -> list[tuple]:
    """(actor, staff_id, action, from, to) of every event of ``case``, oldest first."""
    return [(e.actor, e.staff_id, e.action, e.from_status, e.to_status)
            for e in db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                        .order_by(CaseEvent.id))]


def emails(case: Case) -> list[OutboxMessage]:
    """The outbox rows of ``case``, oldest first."""
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id)
                                   .order_by(OutboxMessage.id)))
