"""The case queue: filters, oldest first, paging, counts per status, overdue, escaping."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import insert, update

from helpcenter import clock
from helpcenter.cases import service as cases
from helpcenter.cases.models import Case
from helpcenter.extensions import db
from tests.staff.conftest import logged_in
from tests.staff.console_helpers import NASTY, file_case, with_case

ROW_REFERENCE = re.compile(r'class="reference">(HC-[A-Z0-9-]+)</a>')


def listed(page: str) -> list[str]:
    """The references in the queue, in the order shown."""
    return ROW_REFERENCE.findall(page)


def count_of(page: str, status: str) -> int:
    """The number the queue shows beside ``status``."""
    link = rf'status={status}(?:&amp;[^"]*)?"[^>]*>[^<]*'
    found = re.search(link + r'<span class="count">([\d.,]+)</span>', page)
    return int(found.group(1).replace(",", "").replace(".", ""))


def take_up(app, reference, staff):
    with_case(app, reference, lambda case, who: cases.take_up(case, who, case.version), staff.id)


@pytest.fixture
def queue(app, client, make_staff):
    """Four cases in various states, an English-speaking handler (Anna) logged in, Ben."""
    anna = make_staff(name="Anna Jansen")
    ben = make_staff(name="Ben Smit")
    refs = {
        "nl-complaint": file_case(app, lang="nl"),
        "en-issue": file_case(app, lang="en", kind="technical_issue", topic="account",
                              name="Tom Jones", message="The login page shows an error."),
        "en-complaint": file_case(app, lang="en", topic="payments-and-commission",
                                  country="DE", name="Hans Müller"),
        "resolved": file_case(app, lang="nl"),
    }
    take_up(app, refs["en-issue"], anna)
    take_up(app, refs["en-complaint"], ben)
    take_up(app, refs["resolved"], ben)
    with_case(app, refs["resolved"], lambda case, who: cases.propose_resolution(
        case, "upheld", "U hebt gelijk.", who, case.version), ben.id)
    logged_in(client, anna)
    return refs, anna, ben


def test_queue_shows_open_cases_oldest_first_with_their_facts(client, queue):
    refs, anna, ben = queue
    page = client.get("/en/staff/").text
    assert listed(page) == [refs["nl-complaint"], refs["en-issue"], refs["en-complaint"],
                            refs["resolved"]]
    assert "Ranking in search results" in page and "Account › Logging in" in page
    assert "Complaint" in page and "Technical issue" in page
    assert "Dutch" in page and "English" in page
    assert "Anna Jansen" in page and "Ben Smit" in page and "nobody" in page
    assert "received" in page and "in progress" in page and "resolved" in page
    assert "Cases 1–4 of 4, oldest first" in page
    assert f'href="/en/staff/cases/{refs["nl-complaint"]}"' in page


def test_queue_in_dutch_shows_dutch_labels(client, queue):
    refs, anna, ben = queue
    page = client.get("/nl/staff/").text
    assert '<html lang="nl">' in page
    assert "Wachtrij van zaken" in page and "Zaken 1–4 van 4, oudste eerst" in page
    assert "Klacht" in page and "Technisch probleem" in page
    assert "Nederlands" in page and "Engels" in page
    assert "Positie in zoekresultaten" in page and "Account › Inloggen" in page


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["nl-complaint", "en-issue", "en-complaint", "resolved"]),
    ("status=received", ["nl-complaint"]),
    ("status=in_progress", ["en-issue", "en-complaint"]),
    ("status=resolved", ["resolved"]),
    ("status=closed", []),
    ("status=all", ["nl-complaint", "en-issue", "en-complaint", "resolved"]),
    ("kind=technical_issue", ["en-issue"]),
    ("kind=complaint", ["nl-complaint", "en-complaint", "resolved"]),
    ("topic=payments-and-commission", ["en-complaint"]),
    ("topic=account", ["en-issue"]),
    ("lang=nl", ["nl-complaint", "resolved"]),
    ("lang=en", ["en-issue", "en-complaint"]),
    ("assignee=me", ["en-issue"]),
    ("assignee=none", ["nl-complaint"]),
    ("assignee=BEN", ["en-complaint", "resolved"]),
    ("lang=en&assignee=BEN&kind=complaint", ["en-complaint"]),
    ("overdue=y", []),
])
def test_filters(client, queue, query, expected):
    refs, anna, ben = queue
    query = query.replace("BEN", str(ben.id))
    response = client.get(f"/en/staff/?{query}")
    assert response.status_code == 200
    assert listed(response.text) == [refs[name] for name in expected]
    if not expected:
        assert "No cases match these filters." in response.text


def test_the_filter_form_keeps_its_values_and_works_without_javascript(client, queue):
    refs, anna, ben = queue
    page = client.get(f"/en/staff/?lang=en&assignee={ben.id}&overdue=y").text
    assert '<form method="get" action="/en/staff/" class="queue-filters">' in page
    assert '<option selected value="en">English</option>' in page
    assert f'<option selected value="{ben.id}">Ben Smit</option>' in page
    assert '<input checked id="overdue" name="overdue" type="checkbox" value="y">' in page
    assert "Clear the filters" in page


@pytest.mark.parametrize("query", [
    "status=%3Cscript%3E", "status=", "kind=letter", "topic=..%2F..%2Fetc", "lang=de",
    "assignee=999999", "assignee=abc", "assignee=-1", "overdue=maybe", "page=abc", "page=-3",
    "page=0", "page=99999999999999999999", "status=received&status=closed",
    "topic=%00", "lang=%E2%80%AE",
])
def test_bad_filter_values_are_ignored(client, queue, query):
    refs, anna, ben = queue
    response = client.get(f"/en/staff/?{query}")
    assert response.status_code == 200
    assert refs["nl-complaint"] in listed(response.text)


def test_counts_per_status_follow_the_other_filters(client, queue):
    page = client.get("/en/staff/").text
    assert count_of(page, "received") == 1
    assert count_of(page, "in_progress") == 2
    assert count_of(page, "resolved") == 1
    assert count_of(page, "closed") == 0
    page = client.get("/en/staff/?lang=en").text
    assert count_of(page, "received") == 0 and count_of(page, "in_progress") == 2
    page = client.get("/en/staff/?status=resolved&kind=complaint").text
    assert count_of(page, "in_progress") == 1 and 'aria-current="true">resolved' in page
    assert 'href="/en/staff/?status=received&amp;kind=complaint"' in page


def test_paging_keeps_the_filters(app, client, make_staff):
    references = [file_case(app, lang="en") for _ in range(27)]
    logged_in(client, make_staff())
    first = client.get("/en/staff/?lang=en").text
    assert listed(first) == references[:25]
    assert "Cases 1–25 of 27, oldest first" in first and "Page 1 of 2" in first
    assert 'href="/en/staff/?lang=en&amp;page=2" rel="next"' in first
    second = client.get("/en/staff/?lang=en&page=2").text
    assert listed(second) == references[25:]
    assert "Cases 26–27 of 27" in second
    assert 'href="/en/staff/?lang=en" rel="prev"' in second
    assert listed(client.get("/en/staff/?lang=en&page=40").text) == references[25:]
    assert "Pagina 2 van 2" in client.get("/nl/staff/?lang=en&page=2").text


def test_counts_are_formatted_for_the_language(app, client, make_staff):
    now = clock.utcnow()
    rows = [{"reference": f"HC-TEST-{n:04d}", "idempotency_key": f"bulk{n:028d}",
             "kind": "complaint", "status": "received", "lang": "nl", "name": "Bulk",
             "email": "bulk@example.nl", "topic": "ranking", "ground": "c",
             "message": "Een zaak om te tellen.", "created_at": now, "updated_at": now,
             "last_partner_update_at": now, "version": 1} for n in range(1234)]
    with app.app_context():
        db.session.execute(insert(Case), rows)
        db.session.commit()
    logged_in(client, make_staff())
    english = client.get("/en/staff/").text
    assert "Cases 1–25 of 1,234, oldest first" in english and "Page 1 of 50" in english
    assert '<span class="count">1,234</span>' in english
    dutch = client.get("/nl/staff/").text
    assert "Zaken 1–25 van 1.234, oudste eerst" in dutch
    assert '<span class="count">1.234</span>' in dutch


def test_overdue_flag_follows_the_clock(app, client, make_staff, monkeypatch):
    reference = file_case(app, lang="nl")
    handler = make_staff()
    logged_in(client, handler)
    page = client.get("/en/staff/").text
    assert "Overdue" not in page and 'class="overdue"' not in page
    assert listed(client.get("/en/staff/?overdue=y").text) == []

    later = clock.utcnow() + dt.timedelta(days=14)  # ten working days without news
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    logged_in(client, handler)  # the old session went idle for two weeks
    page = client.get("/en/staff/").text
    assert '<tr class="overdue">' in page and "Overdue" in page
    assert "2 weeks" in page
    assert listed(client.get("/en/staff/?overdue=y").text) == [reference]
    assert "Achterstallig" in client.get("/nl/staff/").text
    assert "Overdue" in client.get(f"/en/staff/cases/{reference}").text


def test_only_open_cases_without_news_are_overdue(app, client, make_staff):
    old, fresh, answered = (file_case(app, lang="nl") for _ in range(3))
    handler = make_staff()
    long_ago = clock.utcnow() - dt.timedelta(days=30)
    with app.app_context():
        db.session.execute(update(Case).where(Case.reference.in_([old, answered]))
                           .values(created_at=long_ago, last_partner_update_at=long_ago))
        db.session.commit()
    take_up(app, answered, handler)  # the partner is told: no longer overdue
    logged_in(client, handler)
    assert listed(client.get("/en/staff/?overdue=y").text) == [old]
    assert fresh in listed(client.get("/en/staff/").text)


def test_partner_text_is_shown_literally_in_the_queue(app, client, make_staff):
    file_case(app, name=NASTY[1], message=" ".join(NASTY))
    logged_in(client, make_staff())
    page = client.get("/en/staff/").text
    assert "<script>alert(1)</script>" not in page
    assert "<svg onload" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;svg onload=alert(1)&gt;" in page
    assert "{{7*7}}" in page and ">49<" not in page


@pytest.mark.parametrize("filters", [
    cases.QueueFilters(),
    cases.QueueFilters(status=None),
    cases.QueueFilters(status="resolved"),
    cases.QueueFilters(status="closed"),
    cases.QueueFilters(kind="complaint", lang="nl"),
    cases.QueueFilters(status=None, unassigned=True),
    cases.QueueFilters(overdue=True),
])
def test_the_total_taken_from_the_counts_is_the_counted_total(app, queue, filters):
    """The queue page takes its total from the counts per status (one scan less)."""
    with app.app_context():
        now = clock.utcnow()
        counted = cases.queue_page(filters, now)
        counts = cases.status_counts(filters, now)
        from_counts = cases.queue_page(filters, now, counts=counts)
        assert from_counts.total == counted.total
        assert [row.case.id for row in from_counts.rows] == [row.case.id for row in counted.rows]
