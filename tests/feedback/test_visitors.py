"""Many visitors on one article, with CSRF on: every one can vote and save, and sees only
their own answer. This is the test that would have caught the page cache handing the first
visitor's CSRF token to everybody else.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpcenter.articles.store import content_store
from helpcenter.feedback.report import feedback_report

ARTICLE = "/en/guides/first-steps"
VOTE = "/en/feedback/first-steps"
SAVE = "/en/saved"
BROWSER = {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}
JSON = {"Accept": "application/json"}


@pytest.fixture
def csrf_app(make_app, content_dir):
    """The real protection on: Flask-WTF's CSRF checks and the cross-origin check."""
    return make_app(CONTENT_DIR=str(content_dir), CONTENT_SCAN_INTERVAL=0,
                    WTF_CSRF_ENABLED=True)


def answer_of(number: int) -> str:
    """Every third visitor says No."""
    return "no" if number % 3 == 0 else "yes"


def counted_votes(app) -> tuple[int, int]:
    """(yes, no) as the editors' feedback report counts them."""
    with app.test_request_context():
        [entry] = feedback_report(content_store().library(), lang="en")
        return entry.yes, entry.no


def visit(client, number: int, use_json: bool) -> None:
    """Read the article, vote and save, as one visitor in one browser."""
    first = client.get(ARTICLE)
    assert first.status_code == 200
    assert "Set-Cookie" not in first.headers
    assert first.headers["Cache-Control"] == "public, max-age=60"
    headers = BROWSER | (JSON if use_json else {})
    vote = client.post(VOTE, data={"answer": answer_of(number)}, headers=headers)
    save = client.post(SAVE, data={"slug": "first-steps", "action": "save"}, headers=headers)
    if use_json:
        assert (vote.status_code, vote.json["state"]) == (200, answer_of(number))
        assert (save.status_code, save.json["saved"]) == (200, True)
    else:
        assert (vote.status_code, vote.headers["Location"]) == (
            303, "/en/guides/first-steps#feedback")
        assert save.status_code == 303


def assert_sees_own_state(client, number: int) -> None:
    """The visitor's next view is private and shows their own answer and saved state."""
    page = client.get(ARTICLE)
    body = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in page.headers["Vary"]
    assert "Remove from saved" in body
    if answer_of(number) == "yes":
        assert "Thank you for your feedback" in body
        assert "What was the problem?" not in body
    else:
        assert "Thank you for telling us" in body
        assert "What was the problem?" in body
    assert "Was this article helpful?" not in body
    assert "first-steps" in client.get("/en/saved").get_data(as_text=True)


@pytest.mark.parametrize("visitors", [2, 24])
@pytest.mark.parametrize("use_json", [False, True], ids=["form", "json"])
@pytest.mark.parametrize("warm", [False, True], ids=["cold-cache", "page-cached-first"])
def test_every_visitor_votes_and_saves_one_after_the_other(csrf_app, visitors, use_json, warm):
    if warm:
        assert csrf_app.test_client().get(ARTICLE).status_code == 200
    clients = [csrf_app.test_client() for _ in range(visitors)]
    for number, client in enumerate(clients):
        visit(client, number, use_json)
    for number, client in enumerate(clients):
        assert_sees_own_state(client, number)
    no = sum(1 for number in range(visitors) if answer_of(number) == "no")
    assert counted_votes(csrf_app) == (visitors - no, no)


@pytest.mark.parametrize("use_json", [False, True], ids=["form", "json"])
def test_24_visitors_at_the_same_time(csrf_app, use_json):
    assert csrf_app.test_client().get(ARTICLE).status_code == 200  # the page is cached
    visitors = 24
    start = threading.Barrier(visitors)

    def one_visitor(number: int) -> None:
        client = csrf_app.test_client()
        start.wait(timeout=30)
        visit(client, number, use_json)
        assert_sees_own_state(client, number)

    with ThreadPoolExecutor(max_workers=visitors) as pool:
        for result in [pool.submit(one_visitor, n) for n in range(visitors)]:
            result.result()
    no = sum(1 for number in range(visitors) if answer_of(number) == "no")
    assert counted_votes(csrf_app) == (visitors - no, no)


def test_two_visitors_get_the_same_bytes(csrf_app):
    """Nothing in the public page belongs to one visitor: two first visits are identical."""
    one, two = csrf_app.test_client(), csrf_app.test_client()
    first, second = one.get(ARTICLE), two.get(ARTICLE)
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    assert "csrf_token" not in first.get_data(as_text=True)


def test_a_second_vote_changes_the_first(csrf_app):
    client = csrf_app.test_client()
    client.get(ARTICLE)
    client.post(VOTE, data={"answer": "yes"}, headers=BROWSER)
    client.post(VOTE, data={"answer": "no"}, headers=BROWSER)
    assert counted_votes(csrf_app) == (0, 1)
