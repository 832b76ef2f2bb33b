"""The two moments the report's "answered in time" share is counted from, kept on each case.

``answer_due_at``: the first moment after the answer day promised at filing (local working
days); ``first_answered_at``: a case handler's first answer (a note or a mere reassignment is
none). The migration fills both for cases that existed before it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from helpcenter.cases import service as cases
from helpcenter.cases.models import Case
from helpcenter.clock import frozen_at
from helpcenter.extensions import db
from tests.cases.lifecycle_helpers import new_case, new_staff, shared_app

T = dt.datetime


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    yield from shared_app(tmp_path_factory)


@pytest.fixture
def ctx(app):
    with app.test_request_context("/"):
        yield
        db.session.remove()


@pytest.mark.parametrize(("filed", "due"), [
    # Friday 21:30 in Amsterdam (UTC+1): two working days on is Tuesday; due at its end.
    (T(2025, 1, 10, 20, 30), T(2025, 1, 14, 23, 0)),
    # Friday 23:30 UTC is already Saturday in Amsterdam: Monday, Tuesday → end of Tuesday.
    (T(2025, 1, 10, 23, 30), T(2025, 1, 14, 23, 0)),
    # Summer time (UTC+2): Wednesday → Friday; local midnight is 22:00 UTC.
    (T(2025, 7, 2, 9, 0), T(2025, 7, 4, 22, 0)),
])
def test_a_filed_case_keeps_the_end_of_its_promised_answer_day(ctx, filed, due):
    with frozen_at(filed):
        case = new_case()
    assert case.answer_due_at == due
    assert case.first_answered_at is None


def test_the_first_answer_is_kept_and_notes_or_reassignments_are_none(ctx):
    first, second = new_staff("Hanna Bakker"), new_staff("Joris Smit")
    with frozen_at(T(2025, 3, 3, 9, 0)):
        case = new_case()
    with frozen_at(T(2025, 3, 3, 10, 0)):
        cases.add_note(case, "Even navragen bij het team.", first, case.version)
    assert case.first_answered_at is None
    with frozen_at(T(2025, 3, 3, 11, 0)):
        cases.take_up(case, first, case.version)  # received → in progress: an answer
    with frozen_at(T(2025, 3, 4, 9, 0)):
        cases.assign(case, second.id, first, case.version)  # no move: not an answer
        cases.post_update(case, "We kijken ernaar.", second, case.version)
    db.session.expire_all()
    stored = db.session.get(Case, case.id)
    assert stored.first_answered_at == T(2025, 3, 3, 11, 0)


def test_the_partners_own_actions_are_no_answer(ctx):
    with frozen_at(T(2025, 3, 3, 9, 0)):
        case = new_case()
    with frozen_at(T(2025, 3, 3, 9, 30)):
        cases.withdraw(case)
    db.session.expire_all()
    assert db.session.get(Case, case.id).first_answered_at is None
