"""The complaint-handling report with 100,000 cases: the year page cold (computed) and cached.

Fills a temporary SQLite database (or ``--database-url``, e.g. your own PostgreSQL database —
never one that matters: the tables are created and filled there) with ``--cases`` cases over
two years plus their events, by bulk inserts (the service functions would take an hour), then
asks the test client for ``/en/complaint-handling-report/<year>``. After a first view (templates
compiled), each round changes a complaint of that year and times the next view, which computes
that year's complaint figures again (target: median under 300 ms; the previous year's and the
technical issues' figures, unchanged, are reused); then the same page from the page cache.

    .venv/bin/python bench/report.py [--cases 100000] [--year 2025] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import flask_migrate
from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpcenter import create_app  # noqa: E402
from helpcenter.cases.models import Case, CaseEvent  # noqa: E402
from helpcenter.extensions import db  # noqa: E402

TOPICS = (("ranking", "c"), ("account-restriction", "c"), ("terms-and-conditions", "a"),
          ("data-access", "a"), ("payments-and-commission", "c"), ("other", "c"))
OUTCOMES = ("upheld", "partly_upheld", "not_upheld", "withdrawn", None)
BATCH = 5000


def fill(count: int, year: int, rng: random.Random, open_cases: int | None = None,
         now: dt.datetime | None = None) -> None:
    """``count`` cases spread over ``year - 1`` and ``year``, each with 2–3 events.

    By default about a fifth are still open. With ``open_cases``, exactly that many are open
    (in progress, filed in the 30 days before ``now``: what the staff queue shows) and the
    others are closed, over the two years.
    """
    start = dt.datetime(year - 1, 1, 1)
    span = dt.datetime(year + 1, 1, 1) - start
    first_open = count - open_cases + 1 if open_cases is not None else count + 1
    now = now or dt.datetime(year + 1, 1, 1)
    cases, events = [], []
    for number in range(1, count + 1):
        created = start + span * rng.random()
        technical = rng.random() < 0.15
        topic, ground = ("account", "b") if technical else rng.choice(TOPICS)
        outcome = rng.choice(OUTCOMES if open_cases is None else OUTCOMES[:-1])
        if number >= first_open:
            created, outcome = now - dt.timedelta(days=30) * rng.random(), None
        resolved = created + dt.timedelta(hours=rng.uniform(2, 24 * 30)) if outcome else None
        answered = min(created + dt.timedelta(hours=rng.uniform(1, 24 * 5)), now)
        decision = rng.choice(("accepted", "disagreed", None)) if outcome else None
        cases.append({
            "id": number, "reference": f"HC-B{number:010d}", "idempotency_key": f"b{number}",
            "kind": "technical_issue" if technical else "complaint",
            "status": "closed" if outcome else "in_progress", "lang": rng.choice(("nl", "en")),
            "name": "Bench", "email": "bench@example.invalid", "topic": topic,
            "ground": ground, "message": "Bench.", "country": "NL",
            "created_at": created, "updated_at": resolved or answered, "version": 3,
            "answer_due_at": created + dt.timedelta(days=3), "first_answered_at": answered,
            "outcome": outcome, "resolved_at": resolved if outcome != "withdrawn" else None,
            "closed_at": resolved, "decision": decision,
            "mediation_requested_at": resolved if decision == "disagreed" and rng.random() < .3
            else None,
        })
        events.append({"case_id": number, "actor": "partner", "action": "filed",
                       "to_status": "received", "created_at": created})
        events.append({"case_id": number, "actor": "staff", "action": "assigned",
                       "from_status": "received", "to_status": "in_progress",
                       "created_at": answered})
        if len(cases) == BATCH:
            flush(cases, events)
    flush(cases, events)


def flush(cases: list, events: list) -> None:
    """Insert and clear the pending rows."""
    if cases:
        db.session.execute(insert(Case), cases)
        db.session.execute(insert(CaseEvent), events)
        db.session.commit()
    cases.clear()
    events.clear()


def complaint_of(year: int) -> int:
    """The id of a complaint received in ``year``: the one each round changes."""
    return db.session.scalar(select(Case.id).where(
        Case.kind == "complaint", Case.created_at >= dt.datetime(year, 1, 15),
        Case.created_at < dt.datetime(year, 12, 15)).order_by(Case.id).limit(1))


def change_a_case(case_id: int, number: int) -> None:
    """Add a case handler's note to a complaint of the report's year: the data version moves
    on, so the page and that year's complaint figures are computed again (the worst case: a
    change to the previous year's cases or to a technical issue recomputes less)."""
    db.session.execute(insert(CaseEvent), [{
        "case_id": case_id, "actor": "staff", "action": "note",
        "created_at": dt.datetime(2000, 1, 1) + dt.timedelta(minutes=number)}])
    db.session.commit()


def main() -> None:
    """Fill, then time the cold and the cached year page."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=7, help="cold computations to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        app = create_app({"INSTANCE_PATH": folder, "SECRET_KEY": "bench", "DATABASE_URL": url})
        with app.app_context():
            flask_migrate.upgrade()
            began = time.perf_counter()
            fill(args.cases, args.year, random.Random(1))  # noqa: S311 - not a secret
            if db.engine.dialect.name == "postgresql":  # as autovacuum would, after a bulk load
                with db.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE cases")
                    connection.exec_driver_sql("VACUUM ANALYZE case_events")
            print(f"filled {args.cases:,} cases in {time.perf_counter() - began:.1f} s")
        client = app.test_client()
        path = f"/en/complaint-handling-report/{args.year}"
        # The process's first view of the page compiles its templates and loads the topics:
        # start-up work, not the figures. Then each round changes a case (a new event, as a
        # case handler's action makes), which changes the data version, so the next view
        # computes every figure again: that is "cold".
        assert client.get(path).status_code == 200
        with app.app_context():
            changed_case = complaint_of(args.year)
        cold, cold_cpu = [], []  # wall clock; this process's CPU time (steadier on a busy machine)
        for round_number in range(args.rounds):
            with app.app_context():
                change_a_case(changed_case, round_number)
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            cold.append((time.perf_counter() - began) * 1000)
            cold_cpu.append((time.process_time() - began_cpu) * 1000)
            assert response.status_code == 200, response.status_code
        warm = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            client.get(path)
            warm.append((time.perf_counter() - began) * 1000)
        verdict = "OK" if statistics.median(cold) < 300 else "SLOW"
        print(f"cold (computed after a case changed): median {statistics.median(cold):.0f} ms, "
              f"min {min(cold):.0f}, max {max(cold):.0f} over {args.rounds} rounds   "
              f"target < 300 ms   {verdict}")
        print(f"  CPU time of those views: median {statistics.median(cold_cpu):.0f} ms, "
              f"min {min(cold_cpu):.0f} (the wall clock waits for the CPU on a busy machine)")
        print(f"cached: median {statistics.median(warm):.1f} ms, max {max(warm):.1f} ms")
        if args.database_url:
            with app.app_context():
                db.drop_all()


if __name__ == "__main__":
    main()
