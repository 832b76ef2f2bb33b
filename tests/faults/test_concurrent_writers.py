"""100 partners writing at the same moment to one SQLite database, through gunicorn.

Several worker processes with several threads each (gunicorn's threaded workers) share the
SQLite file, so writers really contend for its single write lock. Every complaint and vote
must be acknowledged (no "database is locked", no 500) and stored exactly once.
"""

from __future__ import annotations

import secrets
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import tests.deploy.client
from tests.deploy.client import Visitor, hidden_value
from tests.faults.clients import complaint_form, page_text
from tests.faults.conftest import ARTICLE_SLUGS, running_gunicorn, sqlite_integrity, sqlite_url

WRITERS = 100
WRITES_EACH = 2  # one complaint and one vote, in either order
WORKERS = 4
THREADS = 10  # per worker: 40 requests at once, within SQLAlchemy's 15 connections a process
ANSWER_TIMEOUT_S = 120  # a request may queue behind all the others on a busy 2-core machine
COMPLAINT_TEXT = "two guests were charged twice for the same reservation this week."


def writer(number: int, port: int, marker: str, start: threading.Barrier) -> list[tuple]:
    """Get the complaint form, wait for the others, then file and vote in turn.

    Returns (what, identifying text, status, reference or body excerpt) per write.
    """
    lang = ("en", "nl")[number % 2]
    visitor = Visitor()
    try:
        page = visitor.get(port, f"/{lang}/complaint")
        assert page.status == 200, page_text(page.body)
        token = hidden_value(page.body, "csrf_token")
    except BaseException:
        start.abort()  # the others stop waiting
        raise
    start.wait()
    done = []
    for step in range(WRITES_EACH):
        tag = f"{marker}-{number}-{step}"
        if (number + step) % 2 == 0:
            message = f"Complaint {tag}: {COMPLAINT_TEXT}"
            form = complaint_form(page.body, message) | {
                "csrf_token": token, "idempotency_key": uuid.uuid4().hex}
            reply = visitor.post(port, f"/{lang}/complaint", form)
            done.append(("complaint", message, reply.status,
                         (reply.header("Location") or page_text(reply.body)).rsplit("/", 1)[-1]))
        else:
            comment = f"Vote {tag}"
            slug = ARTICLE_SLUGS[(number + step) % len(ARTICLE_SLUGS)]
            reply = visitor.post(port, f"/{lang}/feedback/{slug}",
                                 {"answer": "no", "reason": "incomplete", "comment": comment})
            done.append(("vote", comment, reply.status, page_text(reply.body)[:300]))
    return done


def test_a_hundred_concurrent_writers_on_sqlite_are_all_stored_once(tmp_path, fault_content,
                                                                   monkeypatch):
    monkeypatch.setattr(tests.deploy.client, "TIMEOUT_S", ANSWER_TIMEOUT_S)
    marker = secrets.token_hex(4)
    url = sqlite_url(tmp_path)
    with running_gunicorn(url, fault_content, tmp_path, WORKERS, THREADS) as server:
        start = threading.Barrier(WRITERS, timeout=ANSWER_TIMEOUT_S)
        with ThreadPoolExecutor(WRITERS) as pool:
            running = [pool.submit(writer, number, server.port, marker, start)
                       for number in range(WRITERS)]
            writes = [write for future in running for write in future.result()]
        logs = server.logs()

    assert len(writes) == WRITERS * WRITES_EACH
    refused = [write for write in writes if write[2] != 303]
    assert not refused, f"{len(refused)} writes not acknowledged, e.g. {refused[:3]}"
    assert "database is locked" not in logs and "Database unavailable" not in logs
    assert "Traceback" not in logs, logs[-3000:]

    complaints = {message: reference for what, message, _, reference in writes
                  if what == "complaint"}
    votes = sorted(comment for what, comment, _, _ in writes if what == "vote")
    assert len(complaints) == len(set(complaints.values())) == WRITERS * WRITES_EACH // 2
    cases = server.rows("SELECT message, reference FROM cases WHERE message LIKE :pattern",
                        pattern=f"Complaint {marker}-%")
    assert sorted(cases) == sorted(complaints.items())
    stored_votes = server.rows("SELECT comment FROM article_votes WHERE comment LIKE :pattern",
                               pattern=f"Vote {marker}-%")
    assert sorted(comment for (comment,) in stored_votes) == votes
    assert sqlite_integrity(url) == ["ok"]
