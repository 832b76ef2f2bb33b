"""Articles, as other features use them: the content library, its topics, translation status.

``from helpcenter.articles import service as articles``. The store behind it rescans the
content folder at most once a second, so every call sees the editors' latest files.
"""

from __future__ import annotations

from helpcenter.articles.check import translation_status
from helpcenter.articles.library import Article, ContentLibrary
from helpcenter.articles.render import RenderedArticle
from helpcenter.articles.store import content_store
from helpcenter.articles.topics import Topics

__all__ = ["ContentLibrary", "Topics", "content_status", "generation", "library", "rendered",
           "topics"]


def library() -> ContentLibrary:
    """The current content: every article, section and the topics."""
    return content_store().library()


def generation() -> int:
    """A number that changes whenever a content file does (keys for caches of content)."""
    return content_store().generation


def rendered(article: Article) -> RenderedArticle:
    """The article's sanitized HTML, headings and reading time, from the render cache the
    pages use (rendered once per file version)."""
    return content_store().rendered(article)


def topics() -> Topics:
    """The complaint and technical-issue topics with their labels in both languages."""
    return library().topics


def content_status() -> list[tuple[str, str, dict[str, str]]]:
    """Per article: section, slug and per language present / missing / stale / draft.

    The same table as ``flask content status``.
    """
    return translation_status(library())
