"""``flask cases sample``: a reproducible year of cases through the real actions, no emails."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from helpcenter.cases.models import Case, CaseEvent
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage


def snapshot(app):
    with app.app_context():
        rows = db.session.execute(select(Case.idempotency_key, Case.status, Case.outcome,
                                         Case.topic, Case.created_at)
                                  .order_by(Case.idempotency_key)).all()
        events = db.session.scalar(select(func.count()).select_from(CaseEvent))
        outbox = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        return rows, events, outbox


def test_sample_is_reproducible_idempotent_and_sends_nothing(app):
    runner = app.test_cli_runner()
    args = ["cases", "sample", "--year", "2025", "--count", "30"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "2025: 30 sample cases made" in result.output
    rows, events, outbox = snapshot(app)
    assert len(rows) == 30 and outbox == 0
    assert events > 30  # every case was moved by the actions, each move an event
    assert {row.status for row in rows} & {"closed", "accepted"}
    assert all(row.created_at.year in (2024, 2025) for row in rows)
    again = runner.invoke(args=args)
    assert "0 sample cases made, 30 already there" in again.output
    report = runner.invoke(args=["report", "build", "--year", "2025"])
    assert "complaints.total" in report.output
    with app.app_context():  # start afresh: the same seed makes the same cases
        db.session.execute(delete(CaseEvent))
        db.session.execute(delete(Case))
        db.session.commit()
    assert "2025: 30 sample cases made" in runner.invoke(args=args).output
    assert [row[:4] for row in snapshot(app)[0]] == [row[:4] for row in rows]


def test_if_empty_leaves_a_database_with_cases_alone(make_app):
    app = make_app()
    runner = app.test_cli_runner()
    runner.invoke(args=["cases", "sample", "--year", "2025", "--count", "3"])
    result = runner.invoke(args=["cases", "sample", "--count", "3", "--if-empty"])
    assert "no sample cases made" in result.output
    assert len(snapshot(app)[0]) == 3


def test_the_current_year_is_labelled_to_date(app, client):
    """Sample cases of this year (up to now): its page says "to date" and when it was computed."""
    this_year = utcnow().year if utcnow().month > 1 else utcnow().year - 1
    runner = app.test_cli_runner()
    runner.invoke(args=["cases", "sample", "--year", str(this_year), "--count", "10"])
    en = client.get(f"/en/complaint-handling-report/{this_year}").get_data(as_text=True)
    nl = client.get(f"/nl/complaint-handling-report/{this_year}").get_data(as_text=True)
    if this_year == utcnow().year:
        assert "(to date)" in en and "(tot nu toe)" in nl
    assert "Figures computed on" in en and "Cijfers berekend op" in nl
