"""Many visitors voting at once on a multi-threaded server: every accepted vote is stored."""

import http.client
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from werkzeug.serving import make_server

from helpcenter.extensions import db
from helpcenter.feedback.models import ArticleVote

VOTES = 240
CLIENTS = 24


def post_vote(port: int, answer: str) -> int:
    """One vote from a new visitor (no cookie); return the status code."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/en/feedback/first-steps", body=f"answer={answer}",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_concurrent_votes_are_all_counted(content_app):
    server = make_server("127.0.0.1", 0, content_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            statuses = list(pool.map(
                lambda i: post_vote(server.server_port, "yes" if i % 3 else "no"), range(VOTES)))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    accepted = statuses.count(303)
    assert accepted == VOTES, sorted(set(statuses))
    with content_app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(ArticleVote))
        yes = db.session.scalar(select(func.count()).where(ArticleVote.helpful.is_(True)))
    assert stored == accepted
    assert yes == sum(1 for i in range(VOTES) if i % 3)
