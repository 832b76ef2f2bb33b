"""gunicorn's workers killed (SIGKILL) while partners file complaints, reply and vote.

Several partners, each a thread with its own browser session, keep filing complaints (in
Dutch and English), replying on the case page of their latest complaint, and voting, while
the test kills a worker in the middle of a request several times; gunicorn's arbiter starts
a new one each time. Afterwards every acknowledged reference, reply and vote exists exactly
once, a complaint sent again after a cut-off connection made no second case, and SQLite's
``integrity_check`` passes. The same run on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from deploy.processes import http_status
from tests.deploy.client import Visitor
from tests.faults.clients import Ledger, file_complaint, send_reply, vote
from tests.faults.conftest import ARTICLE_SLUGS, running_gunicorn, sqlite_integrity

PARTNERS = 6
WORKERS = 3
KILLS = 6
KILL_EVERY_S = 2.5
FIND_BUSY_WORKER_S = 5.0  # how long to wait for a worker that is in the middle of a request
RESTART_TIMEOUT_S = 30.0
COMPLAINT_TEXT = "my listing vanished from the search results after the last update."


def partner(number: int, port: int, marker: str, stop: threading.Event) -> Ledger:
    """File, reply on the newest case, vote; again and again until ``stop``."""
    lang = ("en", "nl")[number % 2]
    ledger = Ledger()
    filer = Visitor()  # files the complaints, so this session may open their case pages
    articles = [(article_lang, slug) for slug in ARTICLE_SLUGS for article_lang in ("en", "nl")]
    voter, voted = Visitor(), 0
    reference = None
    step = 0
    try:
        while not stop.is_set():
            tag = f"{marker}-{number}-{step}"
            if step % 3 == 0 or reference is None:
                reference = file_complaint(filer, port, lang,
                                           f"Complaint {tag}: {COMPLAINT_TEXT}", ledger)
            elif step % 3 == 1:
                send_reply(filer, port, lang, reference, f"Reply {tag}", ledger)
            else:
                if voted == len(articles):  # one vote per visitor and article: a new visitor
                    voter, voted = Visitor(), 0
                article_lang, slug = articles[voted]
                voted += 1
                vote(voter, port, article_lang, slug, f"Vote {tag}", ledger)
            step += 1
    except BaseException:
        stop.set()  # one partner refused: the others and the killing stop too
        raise
    return ledger


def kill_workers(server, stop: threading.Event) -> list[tuple[int, bool]]:
    """SIGKILL a worker ``KILLS`` times, each time one busy with a request if one shows up.

    Returns (pid, was busy) per kill.
    """
    killed = []
    for _ in range(KILLS):
        if stop.wait(KILL_EVERY_S):
            break
        deadline = time.monotonic() + FIND_BUSY_WORKER_S
        busy = server.busy_workers()
        while not busy and time.monotonic() < deadline:
            time.sleep(0.01)
            busy = server.busy_workers()
        victims = busy or server.worker_pids()
        if not victims:
            continue
        pid = min(victims)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # a worker of the gunicorn this test started
            killed.append((pid, bool(busy)))
    return killed


def wait_for_workers(server, killed_pids: set[int]) -> set[int]:
    """The arbiter's workers once it has replaced the killed ones and the site answers."""
    deadline = time.monotonic() + RESTART_TIMEOUT_S
    while time.monotonic() < deadline:
        workers = server.worker_pids()
        if len(workers) == WORKERS and http_status(
                f"http://127.0.0.1:{server.port}/readyz") == 200:
            return workers
        time.sleep(0.2)
    return server.worker_pids()


def test_acknowledged_submissions_survive_killed_workers_exactly_once(database_url, tmp_path,
                                                                      fault_content):
    marker = secrets.token_hex(4)
    stop = threading.Event()
    with running_gunicorn(database_url, fault_content, tmp_path, WORKERS) as server:
        first_workers = server.worker_pids()
        with ThreadPoolExecutor(PARTNERS) as pool:
            running = [pool.submit(partner, number, server.port, marker, stop)
                       for number in range(PARTNERS)]
            try:
                killed = kill_workers(server, stop)
            finally:
                stop.set()
            ledgers = [future.result() for future in running]  # raises a partner's failure
        workers = wait_for_workers(server, {pid for pid, _ in killed})
        logs = server.logs()

    assert len(killed) == KILLS, killed
    assert any(busy for _, busy in killed), "no kill hit a worker in the middle of a request"
    assert len(workers) == WORKERS, f"gunicorn did not replace the killed workers: {workers}"
    assert not workers & {pid for pid, _ in killed} and workers != first_workers
    assert logs.count("SIGKILL") >= KILLS
    assert "Traceback" not in logs, logs[-3000:]

    references = {message: ref for ledger in ledgers for message, ref in ledger.references.items()}
    replies = {text: ref for ledger in ledgers for text, ref in ledger.replies.items()}
    unacknowledged = [text for ledger in ledgers for text in ledger.unacknowledged_replies]
    votes = [comment for ledger in ledgers for comment in ledger.votes]
    assert references and replies and votes

    cases = server.rows("SELECT message, reference FROM cases WHERE message LIKE :pattern",
                        pattern=f"Complaint {marker}-%")
    # Every complaint sent (again until acknowledged) is one case, under the reference shown.
    assert sorted(cases) == sorted(references.items())
    assert len({reference for _, reference in cases}) == len(cases)
    filed = server.rows("SELECT c.reference, COUNT(e.id) FROM cases c JOIN case_events e "
                        "ON e.case_id = c.id AND e.action = 'filed' "
                        "WHERE c.message LIKE :pattern GROUP BY c.reference",
                        pattern=f"Complaint {marker}-%")
    assert dict(filed) == dict.fromkeys(references.values(), 1)
    emailed = server.rows("SELECT DISTINCT c.reference FROM cases c JOIN outbox_messages o "
                          "ON o.case_id = c.id WHERE c.message LIKE :pattern",
                          pattern=f"Complaint {marker}-%")
    assert {reference for (reference,) in emailed} == set(references.values())

    stored_replies = server.rows(
        "SELECT m.body, c.reference FROM case_messages m JOIN cases c ON c.id = m.case_id "
        "WHERE m.body LIKE :pattern", pattern=f"Reply {marker}-%")
    counts = Counter(body for body, _ in stored_replies)
    assert {text: counts[text] for text in replies} == dict.fromkeys(replies, 1)
    assert all(counts[text] <= 1 for text in unacknowledged)
    assert set(counts) <= set(replies) | set(unacknowledged)
    assert {body: reference for body, reference in stored_replies if body in replies} == replies

    stored_votes = server.rows("SELECT comment FROM article_votes WHERE comment LIKE :pattern",
                               pattern=f"Vote {marker}-%")
    assert sorted(comment for (comment,) in stored_votes) == sorted(votes)

    if database_url.startswith("sqlite"):
        assert sqlite_integrity(database_url) == ["ok"]
