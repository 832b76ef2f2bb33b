"""Votes: recording them (one per visitor, article and language, exact under concurrency)
and, for editors, the report of what partners found unhelpful.

A vote is an upsert on the unique (slug, lang, visitor) key: the database decides whether it
is new or a change, so concurrent votes never overwrite each other and no counter is ever
read and written back. Totals are counted from the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from flask import current_app, session
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from helpcenter import outage
from helpcenter.articles import service as articles
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.feedback.forms import REASON_LABELS, VoteForm
from helpcenter.feedback.models import ArticleVote
from helpcenter.feedback.report import ArticleFeedback, feedback_report, most_useful_slugs

VISITOR_KEY = "visitor"
VISITOR_KEY_FORMAT = re.compile(r"[0-9a-f]{32}")
VOTES_KEY = "votes"
MAX_REMEMBERED = 200


@dataclass(frozen=True)
class Vote:
    """What a visitor answered on one article."""

    slug: str
    lang: str
    article_updated: dt.date
    helpful: bool
    reason: str | None = None
    comment: str | None = None


def is_visitor_id(value: object) -> bool:
    """Whether ``value`` can be a visitor's id: 32 hex digits, random on the client's side."""
    return isinstance(value, str) and VISITOR_KEY_FORMAT.fullmatch(value) is not None


def visitor_hash(new_visitor_key: str | None = None, *, visitor_id: str | None = None) -> str:
    """A keyed hash of the visitor's random id (kept in the signed session cookie).

    A visitor without an id gets ``new_visitor_key`` as theirs when it is a random key the
    article page's script made (32 hex digits), else a new random id: the same vote sent again
    after its answer was lost then counts once. The raw id never reaches the database, and
    without the secret key the hash cannot be linked back to a cookie.

    ``visitor_id``: a client without a session (the JSON API's app) keeps its own id and
    sends it with every vote (``is_visitor_id``); the session is then not touched.
    """
    visitor = visitor_id if visitor_id is not None else session.get(VISITOR_KEY)
    if not isinstance(visitor, str):
        fresh = new_visitor_key and VISITOR_KEY_FORMAT.fullmatch(new_visitor_key)
        visitor = new_visitor_key if fresh else secrets.token_urlsafe(16)
        session[VISITOR_KEY] = visitor
        session.permanent = True
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, visitor.encode(), hashlib.sha256).hexdigest()


def record_vote(vote: Vote, new_visitor_key: str | None = None, *,
                visitor_id: str | None = None) -> None:
    """Insert the visitor's vote, or change the one they cast before, in one statement.

    ``new_visitor_key``: the page's key, used as the visitor's id if they have none yet.
    ``visitor_id``: the id a client without a session keeps (the JSON API); nothing is
    remembered in a session then.
    """
    values = {
        "slug": vote.slug,
        "lang": vote.lang,
        "article_updated": vote.article_updated,
        "visitor_hash": visitor_hash(new_visitor_key, visitor_id=visitor_id),
        "helpful": vote.helpful,
        "reason": vote.reason if not vote.helpful else None,
        "comment": vote.comment if not vote.helpful else None,
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(ArticleVote).values(**values)
    changed = {name: statement.excluded[name] for name in
               ("article_updated", "helpful", "reason", "comment", "updated_at")}
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["slug", "lang", "visitor_hash"], set_=changed))
    db.session.commit()
    if visitor_id is None:
        remember(vote)


def remember(vote: Vote) -> None:
    """Keep the answer in the session, so the article page shows it without a query."""
    votes = session.get(VOTES_KEY)
    votes = dict(votes) if isinstance(votes, dict) else {}
    votes.pop(f"{vote.lang}:{vote.slug}", None)
    votes[f"{vote.lang}:{vote.slug}"] = vote_state(vote)
    session[VOTES_KEY] = dict(list(votes.items())[-MAX_REMEMBERED:])


def vote_state(vote: Vote) -> str:
    """``yes``, ``no``, or ``no-detailed`` once a reason or comment was given."""
    if vote.helpful:
        return "yes"
    return "no-detailed" if (vote.reason or vote.comment) else "no"


def current_state(slug: str, lang: str) -> str | None:
    """The visitor's answer on this article, as remembered in their session."""
    votes = session.get(VOTES_KEY)
    state = votes.get(f"{lang}:{slug}") if isinstance(votes, dict) else None
    return state if state in ("yes", "no", "no-detailed") else None


def vote_panel(slug: str, lang: str) -> dict:
    """What the article page needs for ``feedback/_vote.html``: a blank form, the answer so far."""
    return {"vote_form": VoteForm(formdata=None), "vote_state": current_state(slug, lang)}


def most_useful(lang: str, limit: int = 5) -> list[str]:
    """The slugs partners found most helpful in ``lang`` (only articles with a few votes).

    None while the database is unavailable: the home page then shows the featured articles
    and keeps being served.
    """
    try:
        return most_useful_slugs(lang, limit)
    except outage.DATABASE_ERRORS as error:
        if not outage.is_outage(error):
            raise
        outage.roll_back(error)
        return []


def editor_report(lang: str | None = None) -> list[ArticleFeedback]:
    """The editors' report over the current articles: per article and language, worst first.

    The same rows as ``flask feedback report``: votes per article version (the trend),
    reasons and the latest comments.
    """
    return feedback_report(articles.library(), lang=lang)


def reason_label(reason: str | None) -> str:
    """The words the partner chose from for a "No" reason, in the current language."""
    return str(REASON_LABELS.get(reason, reason or ""))
