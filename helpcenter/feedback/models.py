"""The vote table: one row per visitor, article and language."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from helpcenter.clock import utcnow
from helpcenter.extensions import db


class ArticleVote(db.Model):
    """A visitor's answer to "Was this article helpful?" on one article in one language.

    ``article_updated`` is the ``updated`` date of the article version the vote was cast on,
    so editors can compare versions. The visitor is stored only as a keyed hash.
    """

    __tablename__ = "article_votes"
    __table_args__ = (
        UniqueConstraint("slug", "lang", "visitor_hash", name="uq_article_votes_visitor"),
        Index("ix_article_votes_slug_lang", "slug", "lang"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))
    lang: Mapped[str] = mapped_column(String(5))
    article_updated: Mapped[dt.date] = mapped_column(Date)
    visitor_hash: Mapped[str] = mapped_column(String(64))
    helpful: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(40))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
