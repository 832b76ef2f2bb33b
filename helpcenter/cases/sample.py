"""A realistic year of sample cases (``flask cases sample``), seeded and reproducible.

Every case is filed and moved through the same service functions the site uses, each step
at its own moment (``clock.frozen_at``), so the report, the queue and the case pages show
them exactly as real cases. Steps that would lie in the future are not taken: the current
year's late cases are still open. Running it again adds nothing (each sample case has a
fixed idempotency key). Sample addresses are ``@example.invalid``; the emails the actions
queue for them are removed from the outbox, so nothing is ever sent to them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import delete, func, select

from helpcenter.articles import service as articles
from helpcenter.cases import partner_actions, staff_actions
from helpcenter.cases.filing import file_case, find_by_idempotency_key
from helpcenter.cases.lifecycle import mediation_possible
from helpcenter.cases.models import Case
from helpcenter.cases.workdays import start_of_day_utc
from helpcenter.clock import frozen_at, utcnow
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.staff.models import StaffUser

SAMPLE_DOMAIN = "example.invalid"
HANDLER_EMAIL = f"sample-handler@{SAMPLE_DOMAIN}"
NO_PASSWORD = "!"  # not an Argon2 hash: no password matches it  # noqa: S105
COUNTRIES = (("NL", 40), ("DE", 15), ("BE", 10), ("FR", 10), ("ES", 8), ("GB", 7),
             ("US", 5), ("CH", 5))
OUTCOME_WEIGHTS = (("upheld", 25), ("partly_upheld", 20), ("not_upheld", 45))
NAMES = ("Anna de Vries", "Jan Jansen", "Sophie Bakker", "Lukas Müller", "Marie Dubois",
         "Emma Peeters", "Tom Smith", "Carlos García")


@dataclass(frozen=True)
class Sampled:
    """How many sample cases a run made, and how many it found already there."""

    made: int
    existing: int


def has_cases() -> bool:
    """Whether the database holds any case at all (``--if-empty`` leaves it alone then)."""
    return bool(db.session.scalar(select(func.count()).select_from(Case)))


def sample_handler() -> StaffUser:
    """The case handler the sample steps are taken by; nobody can log in as it."""
    handler = db.session.scalar(select(StaffUser).where(StaffUser.email == HANDLER_EMAIL))
    if handler is None:
        handler = StaffUser(email=HANDLER_EMAIL, name="Sample case handler", role="handler",
                            password_hash=NO_PASSWORD, active=True)
        db.session.add(handler)
        db.session.commit()
    return handler


def make_sample_year(year: int, count: int, timezone: str, seed: int = 0) -> Sampled:
    """File ``count`` cases spread over ``year`` (up to now) and walk each of them."""
    rng = random.Random(f"{year}:{count}:{seed}")  # noqa: S311 - sample data, reproducible
    start = start_of_day_utc(dt.date(year, 1, 1), timezone)
    end = min(start_of_day_utc(dt.date(year + 1, 1, 1), timezone), utcnow())
    if end <= start:
        return Sampled(0, 0)
    handler = sample_handler()
    topics = articles.topics()
    made = existing = 0
    for number in range(count):
        key = f"sample-{year}-{seed}-{number}"
        filed_at = start + (end - start) * rng.random()
        plan = rng.random()  # drawn for every case, so one case never shifts the next
        if find_by_idempotency_key(key) is not None:
            existing += 1
            continue
        case = file_sample(rng, key, filed_at, topics)
        walk(rng, case, handler, filed_at, plan)
        made += 1
    db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.recipient.like(f"%@{SAMPLE_DOMAIN}")))
    db.session.commit()
    return Sampled(made, existing)


def file_sample(rng: random.Random, key: str, at: dt.datetime, topics) -> Case:
    """File one complaint (85 %) or technical issue at ``at``."""
    country = weighted(rng, COUNTRIES)
    name = rng.choice(NAMES)
    fields = {"idempotency_key": key, "name": name,
              "email": f"partner{rng.randrange(10**6)}@{SAMPLE_DOMAIN}",
              "message": "Sample case for the complaint-handling report.",
              "country": country}
    if rng.random() < 0.85:
        topic = rng.choice(list(topics.complaint_topics))
        fields |= {"kind": "complaint", "topic": topic, "requester_type": "partner",
                   "ground": topics.complaint_topics[topic].get("ground", "c")}
    else:
        topic = rng.choice(list(topics.technical_topics))
        subtopics = list(topics.technical_topics[topic].get("subtopics", {})) or [None]
        fields |= {"kind": "technical_issue", "topic": topic,
                   "subtopic": rng.choice(subtopics), "ground": "b", "location": "extranet"}
    with frozen_at(at):
        return file_case(fields, [], "nl" if rng.random() < 0.55 else "en").case


def weighted(rng: random.Random, choices) -> str:
    """One of ``(value, weight)`` pairs."""
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def walk(rng: random.Random, case: Case, handler: StaffUser, at: dt.datetime,
         plan: float) -> None:
    """Take the case through a realistic path; stop at the first step that lies in the future."""
    now = utcnow()
    moment = at

    def step(hours: float, action) -> bool:
        nonlocal moment
        moment = moment + dt.timedelta(hours=hours)
        if moment >= now:
            return False
        with frozen_at(moment):
            action()
        return True

    if plan < 0.06:  # withdrawn before anyone answered
        step(rng.uniform(2, 60), lambda: partner_actions.withdraw(case))
        return
    if not step(rng.choice((1, 3, 6, 20, 30, 50, 75, 100)),
                lambda: staff_actions.take_up(case, handler, case.version)):
        return
    if rng.random() < 0.15:
        if not step(rng.uniform(4, 48), lambda: staff_actions.request_information(
                case, "Could you send a screenshot?", handler, case.version)):
            return
        if not step(rng.uniform(6, 120), lambda: partner_actions.partner_reply(
                case, "Here it is.")):
            return
    outcome = weighted(rng, OUTCOME_WEIGHTS)
    if not step(rng.uniform(12, 24 * 25), lambda: staff_actions.propose_resolution(
            case, outcome, "Sample explanation.", handler, case.version)):
        return
    answer = rng.random()
    if answer < 0.03:
        step(rng.uniform(2, 48), lambda: partner_actions.withdraw(case))
        return
    if answer < 0.63:
        if not step(rng.uniform(2, 72), lambda: partner_actions.accept_resolution(case)):
            return
    elif answer < 0.88:
        if not step(rng.uniform(2, 96), lambda: partner_actions.disagree(
                case, "I do not agree.")):
            return
        if mediation_possible(case.country) and rng.random() < 0.4 and not step(
                rng.uniform(2, 96), lambda: partner_actions.request_mediation(case)):
            return
    if rng.random() < 0.9:
        step(rng.uniform(24, 240), lambda: staff_actions.close(case, handler, case.version))
