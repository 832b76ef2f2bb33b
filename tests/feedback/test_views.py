"""Voting on an article: with and without JavaScript, in both languages, and bad input."""

import pytest
from sqlalchemy import func, select

from helpcenter.extensions import db
from helpcenter.feedback.models import ArticleVote

URL = "/en/feedback/first-steps"


def votes(app):
    with app.app_context():
        return db.session.scalars(select(ArticleVote).order_by(ArticleVote.id)).all()


def test_vote_yes_without_javascript(content_app, content_client):
    response = content_client.post(URL, data={"answer": "yes"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/guides/first-steps#feedback"
    page = content_client.get("/en/guides/first-steps").get_data(as_text=True)
    assert "Thank you for your feedback" in page
    [vote] = votes(content_app)
    assert (vote.slug, vote.lang, vote.helpful, str(vote.article_updated)) == (
        "first-steps", "en", True, "2026-06-01")
    assert len(vote.visitor_hash) == 64


def test_voting_again_changes_the_vote(content_app, content_client):
    content_client.post(URL, data={"answer": "yes"})
    content_client.post(URL, data={"answer": "no"})
    [vote] = votes(content_app)
    assert vote.helpful is False


def test_no_then_reason_and_comment(content_app, content_client):
    content_client.post(URL, data={"answer": "no"})
    page = content_client.get("/en/guides/first-steps").get_data(as_text=True)
    assert "What was the problem?" in page
    assert "It is hard to understand" in page
    # the route to the technical-issue form, from the article's topic and subtopic
    assert "Report a technical issue" in page.split('id="feedback"')[1]
    content_client.post(URL, data={"answer": "no", "reason": "unclear",
                                   "comment": "Step 2 <b>skips</b> a screen"})
    [vote] = votes(content_app)
    assert (vote.reason, vote.comment) == ("unclear", "Step 2 <b>skips</b> a screen")
    page = content_client.get("/en/guides/first-steps").get_data(as_text=True)
    assert "we have passed this on to our editors" in page


def test_dutch_panel(content_client):
    page = content_client.get("/nl/guides/first-steps").get_data(as_text=True)
    assert "Is dit artikel nuttig?" in page
    assert '<button type="submit" name="answer" value="yes">Ja</button>' in page
    content_client.post("/nl/feedback/first-steps", data={"answer": "no"})
    page = content_client.get("/nl/guides/first-steps").get_data(as_text=True)
    assert "Bedankt dat u het ons laat weten" in page
    assert "Het is moeilijk te begrijpen" in page


def test_vote_with_javascript_returns_the_new_panel(content_app, content_client):
    response = content_client.post(URL, data={"answer": "no"},
                                   headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json["state"] == "no"
    assert 'id="feedback"' in response.json["html"]
    assert "What was the problem?" in response.json["html"]
    assert len(votes(content_app)) == 1


def test_each_visitor_has_one_vote(content_app):
    for _ in range(3):
        content_app.test_client().post(URL, data={"answer": "yes"})
    assert len(votes(content_app)) == 3
    assert len({vote.visitor_hash for vote in votes(content_app)}) == 3


KEY_A, KEY_B = "a" * 32, "0123456789abcdef" * 2


def test_a_first_vote_sent_again_after_a_lost_answer_counts_once(content_app):
    """The page's script sends one random key per page view; a visitor without a session who
    sends the same vote twice (the first answer never arrived, so no cookie) has one vote."""
    for _ in range(2):
        lost = content_app.test_client()  # a new client: the first answer's cookie was lost
        response = lost.post(URL, data={"answer": "no", "comment": "first",
                                        "visitor_key": KEY_A})
        assert response.status_code == 303
    assert [(vote.helpful, vote.comment) for vote in votes(content_app)] == [(False, "first")]


def test_two_visitors_with_their_own_keys_have_a_vote_each(content_app):
    first, second = content_app.test_client(), content_app.test_client()
    first.post(URL, data={"answer": "yes", "visitor_key": KEY_A})
    second.post(URL, data={"answer": "no", "visitor_key": KEY_B})
    first.post(URL, data={"answer": "no", "visitor_key": KEY_A})  # changes the first's vote
    assert sorted(vote.helpful for vote in votes(content_app)) == [False, False]
    assert len({vote.visitor_hash for vote in votes(content_app)}) == 2


def test_a_visitor_with_a_session_keeps_their_id_whatever_key_is_sent(content_app):
    visitor = content_app.test_client()
    visitor.post(URL, data={"answer": "yes"})
    visitor.post(URL, data={"answer": "no", "visitor_key": KEY_B})  # not a new visitor
    other = content_app.test_client()
    other.post(URL, data={"answer": "yes", "visitor_key": KEY_B})  # KEY_B is still unused
    assert sorted(vote.helpful for vote in votes(content_app)) == [False, True]


@pytest.mark.parametrize("key", ["", "A" * 32, "a" * 31, "a" * 33, "../" + "a" * 29, "g" * 32])
def test_a_key_that_is_not_the_scripts_is_not_used(content_app, key):
    for _ in range(2):
        content_app.test_client().post(URL, data={"answer": "yes", "visitor_key": key})
    assert len({vote.visitor_hash for vote in votes(content_app)}) == 2


def test_a_get_changes_nothing(content_app, content_client):
    content_client.get(URL + "?answer=yes", follow_redirects=True)
    assert votes(content_app) == []


@pytest.mark.parametrize(
    ("lang", "data", "message"),
    [
        ("en", {}, "Choose Yes or No."),
        ("nl", {}, "Kies Ja of Nee."),
        ("en", {"answer": "maybe"}, "Choose Yes or No."),
        ("nl", {"answer": "maybe"}, "Kies Ja of Nee."),
        ("en", {"answer": "no", "reason": "because"}, "Choose one of the problems listed."),
        ("nl", {"answer": "no", "reason": "because"}, "Kies een van de genoemde problemen."),
        ("en", {"answer": "no", "comment": "x" * 1001},
         "Keep your comment under 1,000 characters."),
        ("nl", {"answer": "no", "comment": "x" * 1001},
         "Houd uw opmerking korter dan 1.000 tekens."),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(content_app, content_client, lang, data,
                                                    message):
    if "comment" in data or "reason" in data:
        content_client.post(f"/{lang}/feedback/first-steps", data={"answer": "no"})
    before = [(v.helpful, v.reason, v.comment) for v in votes(content_app)]
    response = content_client.post(f"/{lang}/feedback/first-steps", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'<html lang="{lang}">' in page
    if "comment" in data:
        assert data["comment"] in page  # what was typed is kept
        assert 'aria-invalid="true"' in page
    assert [(v.helpful, v.reason, v.comment) for v in votes(content_app)] == before


def test_bad_input_with_javascript_returns_errors(content_client):
    content_client.post(URL, data={"answer": "no"})
    response = content_client.post(URL, data={"answer": "no", "comment": "x" * 1001},
                                   headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "comment" in response.json["errors"]
    assert "Keep your comment under" in response.json["html"]


@pytest.mark.parametrize("url", ["/en/feedback/no-such-article", "/en/feedback/secret-plan",
                                 "/nl/feedback/english-only", "/en/feedback/%2e%2e"])
def test_unknown_article_is_404(content_app, content_client, url):
    assert content_client.post(url, data={"answer": "yes"}).status_code == 404
    assert votes(content_app) == []


def test_vote_needs_no_token_but_a_forged_one_is_refused(make_app, content_dir):
    """With CSRF on, the vote relies on the cross-origin check, not on a token in the page."""
    app = make_app(CONTENT_DIR=str(content_dir), WTF_CSRF_ENABLED=True)
    client = app.test_client()
    forged = client.post(URL, data={"answer": "yes"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert forged.status_code == 403
    assert votes(app) == []
    response = client.post(URL, data={"answer": "yes"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303
    assert len(votes(app)) == 1


def test_rate_limit_per_client_address(make_app, content_dir):
    app = make_app(CONTENT_DIR=str(content_dir), RATELIMIT_ENABLED=True,
                   FEEDBACK_RATE_LIMIT="3 per minute")
    office = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(3):
        assert app.test_client().post(URL, data={"answer": "yes"},
                                      environ_base=office).status_code == 303
    response = app.test_client().post("/nl/feedback/first-steps", data={"answer": "yes"},
                                      environ_base=office)
    assert response.status_code == 429
    assert "Te veel verzoeken" in response.get_data(as_text=True)
    other = app.test_client().post(URL, data={"answer": "yes"},
                                   environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert other.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ArticleVote)) == 4


def test_most_useful_articles_on_home(content_app):
    for answer in ("yes", "yes", "yes"):
        content_app.test_client().post(URL, data={"answer": answer})
    for answer in ("yes", "no", "no"):
        content_app.test_client().post("/en/feedback/stale", data={"answer": answer})
    page = content_app.test_client().get("/en/").get_data(as_text=True)
    useful = page.split("Most useful articles")[1].split("</section>")[0]
    assert useful.index("First steps") < useful.index("Fresh source")


def test_control_characters_are_cleaned_from_comments(content_app, content_client):
    content_client.post(URL, data={"answer": "no"})
    response = content_client.post(URL, data={"answer": "no", "comment": " Step\x00 2\x07 \n"})
    assert response.status_code == 303
    [vote] = votes(content_app)
    assert vote.comment == "Step 2"


def test_after_no_the_technical_issue_form_is_prefilled(content_client):
    content_client.post(URL, data={"answer": "no"})
    panel = content_client.get("/en/guides/first-steps").get_data(as_text=True).split(
        'id="feedback"')[1]
    assert 'href="/en/technical-issue?topic=account&amp;subtopic=other"' in panel
