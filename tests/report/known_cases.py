"""A known set of cases across year boundaries, made through the real case actions.

Every figure of the 2025 report (and the 2024 one it is compared with) follows from these by
hand; the tests check them exactly. Times are UTC; Amsterdam is UTC+1 in winter, UTC+2 in
summer. Each step runs at its own moment (``frozen_at``), so events carry real times.
"""

from __future__ import annotations

import datetime as dt
import itertools

from helpcenter.cases import service as cases
from helpcenter.clock import frozen_at
from helpcenter.extensions import db
from helpcenter.staff.models import StaffUser

SERIAL = itertools.count(1)
T = dt.datetime


def file(kind: str, topic: str, ground: str, at: dt.datetime, country: str = "NL"):
    """File a complaint or technical issue at ``at``."""
    fields = {"idempotency_key": f"known-{next(SERIAL):020d}", "name": "Anna de Vries",
              "email": "anna@example.nl", "message": "Er gaat iets mis.", "topic": topic,
              "kind": kind, "ground": ground, "country": country,
              "requester_type": "partner" if kind == "complaint" else None,
              "subtopic": "login" if kind == "technical_issue" else None}
    with frozen_at(at):
        return cases.file_case(fields, [], "nl").case


def run(case, staff, *steps) -> None:
    """Apply ``(action, moment[, outcome])`` steps to ``case`` in order."""
    for step in steps:
        action, at = step[0], step[1]
        with frozen_at(at):
            if action == "take_up":
                cases.take_up(case, staff, case.version)
            elif action == "resolve":
                cases.propose_resolution(case, step[2], "Uitleg.", staff, case.version)
            elif action == "accept":
                cases.accept_resolution(case)
            elif action == "disagree":
                cases.disagree(case, "Dat klopt niet.")
            elif action == "mediation":
                cases.request_mediation(case)
            elif action == "close":
                cases.close(case, staff, case.version)
            elif action == "withdraw":
                cases.withdraw(case)


def make_known_cases() -> None:
    """2024: 3 complaints, 1 technical issue; 2025: 8 complaints, 2 technical issues."""
    staff = StaffUser(email="handler@example.com", name="Hanna", role="handler",
                      password_hash="-", active=True)
    db.session.add(staff)
    db.session.commit()
    c = "complaint"
    # 2024
    p1 = file(c, "ranking", "c", T(2024, 3, 4, 9))
    run(p1, staff, ("take_up", T(2024, 3, 5, 9)), ("resolve", T(2024, 3, 14, 9), "upheld"))
    p2 = file(c, "ranking", "c", T(2024, 6, 3, 8))
    run(p2, staff, ("take_up", T(2024, 6, 10, 8)), ("resolve", T(2024, 6, 23, 8), "not_upheld"))
    # 31 December 2024, 21:00 in Amsterdam; resolved in January: open at the end of 2024
    p3 = file(c, "ranking", "c", T(2024, 12, 31, 20))
    run(p3, staff, ("take_up", T(2025, 1, 2, 9)),
        ("resolve", T(2025, 1, 3, 20), "partly_upheld"))
    file("technical_issue", "account", "b", T(2024, 5, 1, 8))
    # 2025. 23:30 UTC on 31 December 2024 is 00:30 on 1 January 2025 in Amsterdam.
    a1 = file(c, "ranking", "c", T(2024, 12, 31, 23, 30))
    run(a1, staff, ("take_up", T(2025, 1, 2, 9)), ("resolve", T(2025, 1, 10, 23, 30), "upheld"),
        ("accept", T(2025, 1, 12, 9)), ("close", T(2025, 1, 13, 9)))
    a2 = file(c, "ranking", "c", T(2025, 2, 3, 9))
    run(a2, staff, ("take_up", T(2025, 2, 5, 9)), ("resolve", T(2025, 2, 7, 9), "not_upheld"),
        ("disagree", T(2025, 2, 8, 9)), ("mediation", T(2025, 2, 9, 9)))
    a3 = file(c, "ranking", "c", T(2025, 3, 3, 9))
    run(a3, staff, ("take_up", T(2025, 3, 6, 9)),
        ("resolve", T(2025, 3, 9, 21), "partly_upheld"), ("disagree", T(2025, 3, 10, 9)))
    a4 = file(c, "ranking", "c", T(2025, 4, 7, 8))
    run(a4, staff, ("withdraw", T(2025, 4, 9, 8)))
    a5 = file(c, "ranking", "c", T(2025, 12, 30, 10))
    run(a5, staff, ("take_up", T(2025, 12, 31, 10)), ("resolve", T(2026, 1, 5, 10), "upheld"))
    file(c, "ranking", "c", T(2025, 12, 31, 10))  # never answered: open at the end of 2025
    b1 = file(c, "terms-and-conditions", "a", T(2025, 5, 5, 7))
    run(b1, staff, ("take_up", T(2025, 5, 5, 9)), ("resolve", T(2025, 5, 6, 7), "not_upheld"),
        ("accept", T(2025, 5, 7, 9)))
    b2 = file(c, "terms-and-conditions", "a", T(2025, 6, 2, 7))
    run(b2, staff, ("take_up", T(2025, 6, 3, 7)), ("resolve", T(2025, 6, 4, 7), "upheld"),
        ("close", T(2025, 6, 20, 7)))
    t1 = file("technical_issue", "account", "b", T(2025, 7, 1, 7))
    run(t1, staff, ("take_up", T(2025, 7, 1, 9)), ("resolve", T(2025, 7, 4, 7), "upheld"))
    file("technical_issue", "account", "b", T(2025, 8, 1, 7))


# key → (English text, Dutch text, CSV value) of the 2025 report
EXPECTED_2025 = {
    "complaints.total": ("8", "8", "8"),
    "complaints.topic.ranking": ("6", "6", "6"),
    "complaints.topic.terms-and-conditions": ("fewer than 5", "minder dan 5", None),
    "complaints.ground.a": ("2", "2", "2"),
    "complaints.ground.b": ("0", "0", "0"),
    "complaints.ground.c": ("6", "6", "6"),
    "complaints.days.average": ("4.5 days", "4,5 dagen", "4.5"),
    "complaints.days.median": ("4.0 days", "4,0 dagen", "4.0"),
    "complaints.answered_in_time.percent": ("71.4%", "71,4%", "71.4"),
    "complaints.outcome.upheld": ("2", "2", "2"),
    "complaints.outcome.partly_upheld": ("1", "1", "1"),
    "complaints.outcome.not_upheld": ("2", "2", "2"),
    "complaints.outcome.withdrawn": ("1", "1", "1"),
    "complaints.outcome.open_at_year_end": ("2", "2", "2"),
    "complaints.decision.accepted": ("2", "2", "2"),
    "complaints.decision.disagreed": ("2", "2", "2"),
    "complaints.mediation_requests": ("1", "1", "1"),
    "technical.total": ("2", "2", "2"),
    "technical.topic.account": ("fewer than 5", "minder dan 5", None),
    "technical.days.average": ("3.0 days", "3,0 dagen", "3.0"),
    "technical.days.median": ("3.0 days", "3,0 dagen", "3.0"),
}
# key → (English, Dutch) change against 2024
EXPECTED_CHANGES = {
    "complaints.total": ("+5 compared with 2024", "+5 ten opzichte van 2024"),
    "complaints.topic.ranking": ("", ""),  # 2024 had fewer than 5: not compared
    "complaints.ground.a": ("+2 compared with 2024", "+2 ten opzichte van 2024"),
    "complaints.ground.b": ("unchanged compared with 2024", "ongewijzigd ten opzichte van 2024"),
    "complaints.ground.c": ("+3 compared with 2024", "+3 ten opzichte van 2024"),
    "complaints.days.average": ("−6.5 compared with 2024", "−6,5 ten opzichte van 2024"),
    "complaints.days.median": ("−6.0 compared with 2024", "−6,0 ten opzichte van 2024"),
    "complaints.answered_in_time.percent": (
        "+4.7 percentage points compared with 2024",
        "+4,7 procentpunt ten opzichte van 2024"),
    "complaints.outcome.upheld": ("+1 compared with 2024", "+1 ten opzichte van 2024"),
    "complaints.outcome.open_at_year_end": ("+1 compared with 2024",
                                            "+1 ten opzichte van 2024"),
    "complaints.mediation_requests": ("+1 compared with 2024", "+1 ten opzichte van 2024"),
    "technical.total": ("+1 compared with 2024", "+1 ten opzichte van 2024"),
    "technical.days.average": ("", ""),  # no technical issue of 2024 has an outcome
}
