"""What editors learn from the votes: per article and language, worst first.

Counts come from the vote rows (never from stored counters). For each article the latest
version that received votes is compared with the version before it, so an editor sees
whether an edit helped.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from helpcenter.articles.library import ContentLibrary
from helpcenter.extensions import db
from helpcenter.feedback.models import ArticleVote

LATEST_COMMENTS = 3
USEFUL_MIN_VOTES = 3
USEFUL_CACHE_SECONDS = 300


@dataclass
class VersionScore:
    """Votes on one version (the article's ``updated`` date) of an article."""

    version: dt.date
    yes: int = 0
    no: int = 0

    @property
    def ratio(self) -> float:
        """Share of Yes votes, 0 to 1."""
        return self.yes / (self.yes + self.no) if self.yes + self.no else 0.0


@dataclass
class ArticleFeedback:
    """Everything the report shows for one article in one language."""

    slug: str
    lang: str
    title: str
    section: str
    versions: list[VersionScore] = field(default_factory=list)  # oldest first
    reasons: Counter = field(default_factory=Counter)
    comments: list[tuple[dt.datetime, str | None, str]] = field(default_factory=list)

    yes = property(lambda self: sum(v.yes for v in self.versions))
    no = property(lambda self: sum(v.no for v in self.versions))

    @property
    def ratio(self) -> float:
        """Share of Yes votes over all versions."""
        total = self.yes + self.no
        return self.yes / total if total else 0.0

    @property
    def latest(self) -> VersionScore | None:
        """The newest version that has votes."""
        return self.versions[-1] if self.versions else None

    @property
    def previous(self) -> VersionScore | None:
        """The version before the newest one that has votes."""
        return self.versions[-2] if len(self.versions) > 1 else None


def feedback_report(
    library: ContentLibrary,
    section: str | None = None,
    lang: str | None = None,
    since: dt.date | None = None,
) -> list[ArticleFeedback]:
    """Per article and language: votes by version, reasons and latest comments; worst first."""
    filters = []
    if lang:
        filters.append(ArticleVote.lang == lang)
    if since:
        filters.append(ArticleVote.updated_at >= dt.datetime.combine(since, dt.time()))
    rows: dict[tuple[str, str], ArticleFeedback] = {}

    def entry(slug: str, lang_: str) -> ArticleFeedback | None:
        article = library.articles.get((slug, lang_))
        article_section = article.section if article else ""
        if section and article_section != section:
            return None
        if (slug, lang_) not in rows:
            rows[(slug, lang_)] = ArticleFeedback(
                slug, lang_, article.title if article else slug, article_section)
        return rows[(slug, lang_)]

    counts = db.session.execute(
        select(ArticleVote.slug, ArticleVote.lang, ArticleVote.article_updated,
               ArticleVote.helpful, func.count())
        .where(*filters)
        .group_by(ArticleVote.slug, ArticleVote.lang, ArticleVote.article_updated,
                  ArticleVote.helpful)
        .order_by(ArticleVote.article_updated)
    )
    for slug, lang_, version, helpful, count in counts:
        found = entry(slug, lang_)
        if found is None:
            continue
        if not found.versions or found.versions[-1].version != version:
            found.versions.append(VersionScore(version))
        if helpful:
            found.versions[-1].yes += count
        else:
            found.versions[-1].no += count

    reasons = db.session.execute(
        select(ArticleVote.slug, ArticleVote.lang, ArticleVote.reason, func.count())
        .where(*filters, ArticleVote.reason.is_not(None))
        .group_by(ArticleVote.slug, ArticleVote.lang, ArticleVote.reason)
    )
    for slug, lang_, reason, count in reasons:
        if (found := rows.get((slug, lang_))) is not None:
            found.reasons[reason] = count

    latest: dict[tuple[str, str], list] = defaultdict(list)
    comments = db.session.execute(
        select(ArticleVote.slug, ArticleVote.lang, ArticleVote.updated_at, ArticleVote.reason,
               ArticleVote.comment)
        .where(*filters, ArticleVote.comment.is_not(None))
        .order_by(ArticleVote.updated_at.desc())
        .limit(5000)
    )
    for slug, lang_, when, reason, comment in comments:
        if (slug, lang_) in rows and len(latest[(slug, lang_)]) < LATEST_COMMENTS:
            latest[(slug, lang_)].append((when, reason, comment))
    for key, found in rows.items():
        found.comments = latest.get(key, [])
    return sorted(rows.values(), key=lambda r: (r.ratio, -r.no, r.slug, r.lang))


def most_useful_slugs(lang: str, limit: int = 5) -> list[str]:
    """The articles most often found helpful in ``lang`` (at least a few votes).

    Kept for a few minutes per process: the home page asks on every view.
    """
    cache = current_app.extensions.setdefault("helpcenter.most_useful", {})
    cached = cache.get(lang)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    yes = func.sum(func.cast(ArticleVote.helpful, db.Integer))
    total = func.count()
    rows = db.session.execute(
        select(ArticleVote.slug)
        .where(ArticleVote.lang == lang)
        .group_by(ArticleVote.slug)
        .having(total >= USEFUL_MIN_VOTES)
        .order_by((yes * 1.0 / total).desc(), total.desc(), ArticleVote.slug)
        .limit(limit)
    )
    slugs = [slug for (slug,) in rows]
    cache[lang] = (time.monotonic() + USEFUL_CACHE_SECONDS, slugs)
    return slugs
