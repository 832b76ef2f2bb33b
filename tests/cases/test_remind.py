"""Progress updates for partners who have waited too long, and the overdue list for staff."""

from __future__ import annotations

import datetime as dt

import pytest

from helpcenter.cases import service as cases
from helpcenter.cases.workdays import local_date
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from tests.cases.lifecycle_helpers import emails, events, new_case, new_staff, walk_to

MONDAY = dt.datetime(2026, 12, 7, 9, 0)  # 10:00 in Amsterdam


@pytest.fixture
def ctx(app):
    with app.test_request_context("/"):
        yield
        db.session.remove()


def last_heard(case, moment: dt.datetime) -> None:
    """Pretend the partner last heard from us at ``moment`` (and filed just before)."""
    case.created_at = case.last_partner_update_at = moment
    db.session.commit()


@pytest.fixture
def five(ctx):
    """Cases in every situation that matters, last told something at different times."""
    staff = new_staff()
    made = {
        "due": walk_to(new_case("nl"), "in_progress", staff),  # Mon 30 Nov: 5 working days
        "not_yet": walk_to(new_case("nl"), "in_progress", staff),  # Tue 1 Dec: 4
        "waiting": walk_to(new_case("nl"), "waiting_for_partner", staff),  # Fri 27 Nov: 6
        "english": new_case("en", name="Tom"),  # received, Fri 20 Nov: 11
        "closed": walk_to(new_case("nl"), "closed", staff),  # over: never reminded
    }
    last_heard(made["due"], dt.datetime(2026, 11, 30, 8, 0))
    last_heard(made["not_yet"], dt.datetime(2026, 12, 1, 8, 0))
    last_heard(made["waiting"], dt.datetime(2026, 11, 27, 8, 0))
    last_heard(made["english"], dt.datetime(2026, 11, 20, 8, 0))
    last_heard(made["closed"], dt.datetime(2026, 11, 2, 8, 0))
    return made


def refs(found) -> set[str]:
    return {case.reference for case in found}


def test_due_after_five_working_days_counted_across_the_weekend(five):
    assert refs(cases.cases_due_reminder(MONDAY)) == refs(
        [five["due"], five["waiting"], five["english"]])
    assert refs(cases.overdue_cases(MONDAY)) == refs(
        [five["due"], five["waiting"], five["english"]])
    assert cases.is_overdue(five["due"], MONDAY) is True
    assert cases.is_overdue(five["not_yet"], MONDAY) is False
    assert cases.is_overdue(five["closed"], MONDAY) is False
    sunday = dt.datetime(2026, 12, 6, 9, 0)  # the weekend adds nothing
    assert refs(cases.cases_due_reminder(sunday)) == refs([five["waiting"], five["english"]])


def test_reminders_in_the_case_language_once_per_period(five):
    sent_before = {name: len(emails(case)) for name, case in five.items()}
    result = cases.send_reminders(MONDAY)
    assert [case.reference for case, _ in result.sent] == [
        five[name].reference for name in ("due", "waiting", "english")]
    new = {name: emails(case)[sent_before[name]:] for name, case in five.items()}
    assert {name: len(mails) for name, mails in new.items()} == {
        "due": 1, "not_yet": 0, "waiting": 1, "english": 1, "closed": 0}
    ref = five["due"].reference
    assert new["due"][0].subject == f"Update over de voortgang van uw zaak {ref}"
    assert new["due"][0].body.startswith(
        f"Beste Anna de Vries,\n\nWe werken nog aan uw zaak {ref}. We zijn die niet vergeten: "
        "de behandelaar neemt contact met u op zodra er nieuws is.\n\n")
    ref = five["waiting"].reference
    assert f"We wachten nog op uw antwoord op onze vraag over zaak {ref}." in new["waiting"][
        0].body
    ref = five["english"].reference
    assert new["english"][0].subject == f"Progress update on your case {ref}"
    assert f"Dear Tom,\n\nWe are still working on your case {ref}." in new["english"][0].body
    assert all(mail.reply_to == cases.reply_address(five[name])  # each case its own address
               for name, mails in new.items() for mail in mails)
    assert events(five["due"])[-1] == ("system", None, "reminded", None, None)
    assert cases.thread(five["due"], for_partner=True)[-1].kind == "reminder"
    assert five["due"].last_reminder_at == MONDAY
    # still overdue for staff: a reminder is no news from a person
    assert refs(result.overdue) == refs([five["due"], five["waiting"], five["english"]])

    again = cases.send_reminders(MONDAY + dt.timedelta(hours=3))
    assert again.sent == [] and sum(len(emails(case)) for case in five.values()) == sum(
        sent_before.values()) + 3

    tuesday = MONDAY + dt.timedelta(days=1)  # only the case that now has 5 working days
    assert [case.reference for case, _ in cases.send_reminders(tuesday).sent] == [
        five["not_yet"].reference]
    next_monday = MONDAY + dt.timedelta(days=7)  # a period after the first reminders
    assert refs(case for case, _ in cases.send_reminders(next_monday).sent) == refs(
        [five["due"], five["waiting"], five["english"]])


def test_an_update_from_a_handler_resets_both_clocks(five):
    staff = new_staff()
    case = five["due"]
    cases.post_update(case, "Nog even geduld.", staff, case.version)
    case.last_partner_update_at = dt.datetime(2026, 12, 4, 8, 0)  # Friday
    db.session.commit()
    assert case not in cases.cases_due_reminder(MONDAY)
    assert cases.is_overdue(case, MONDAY) is False


def test_remind_command_is_idempotent(app, runner):
    with app.test_request_context("/"):
        staff = new_staff()
        case = walk_to(new_case("nl"), "in_progress", staff)
        long_ago = utcnow() - dt.timedelta(days=30)
        last_heard(case, long_ago)
        reference, assignee = case.reference, staff.email
        day = local_date(long_ago, "Europe/Amsterdam").isoformat()
        db.session.remove()
    summary = (f"Overdue cases: 1\n"
               f"  {reference}  in_progress          last update {day}  {assignee}\n")
    first = runner.invoke(args=["cases", "remind"])
    assert first.exit_code == 0, first.output
    assert first.output.endswith(f"Progress updates sent: 1\n  {reference} (nl, in_progress)\n"
                                 + summary)
    assert "Update over de voortgang van uw zaak" in first.output  # the console transport
    second = runner.invoke(args=["cases", "remind"])
    assert second.output == "Progress updates sent: 0\n" + summary
    with app.test_request_context("/"):
        case = cases.case_by_reference(reference)
        mails = emails(case)
        assert [m.subject.split(" HC-")[0] for m in mails] == [
            "We hebben uw klacht", "Uw zaak", "Update over de voortgang van uw zaak"]
        assert mails[-1].sent_at is not None
        assert "\nhttp://localhost:5000/nl/case/" in mails[-1].body
