"""The app's search index: built from the content on first use, rebuilt when it changes.

It follows the content store's change detection: when the store's generation moves on, the
next search builds a new index (outside the lock that guards the swap) and replaces the old.

The results of a query (hits, snippets, the correction or the closest titles) depend only on
the query, the language and the content, so they are kept per index in a bounded LRU: picking
the snippets is most of a search's work. Nothing of a visitor goes in (the page around the
results is rendered per request).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import Flask, current_app
from markupsafe import Markup

from helpcenter.articles.check import register_check
from helpcenter.articles.library import Section
from helpcenter.articles.store import content_store
from helpcenter.pagecache import LRU
from helpcenter.search.index import Document, SearchIndex
from helpcenter.search.snippets import snippet
from helpcenter.search.synonyms import check_synonyms

__all__ = ["init_app", "search_index", "search_results", "SearchResults", "snippet"]

EXTENSION_KEY = "helpcenter.search"
CACHED_QUERIES = 512  # per index, i.e. per version of the content


class IndexHolder:
    """The current index, the content generation it was built from and its cached results."""

    def __init__(self) -> None:
        # the index with its results cache, swapped as one so a cache never outlives its index
        self.current: tuple[SearchIndex, LRU] | None = None
        self.generation = -1
        self.lock = threading.Lock()


@dataclass(frozen=True)
class Result:
    """One hit as the results page shows it."""

    document: Document
    section: Section | None
    snippet: Markup


@dataclass(frozen=True)
class SearchResults:
    """What a query finds: the hits; else the titles closest to it. ``corrected`` is the
    query as searched when a misspelt word was replaced."""

    results: tuple[Result, ...]
    corrected: str | None
    closest: tuple[Document, ...] | None


def init_app(app: Flask) -> None:
    """Give the app a place for its search index; ``flask content check`` checks synonyms."""
    app.extensions[EXTENSION_KEY] = IndexHolder()
    register_check(check_synonyms)


def search_index() -> SearchIndex:
    """The index for the current content, (re)built when the content changed."""
    return current_search()[0]


def search_results(query: str, lang: str) -> SearchResults:
    """The results page's findings for ``query``, computed once per query and content version."""
    index, cache = current_search()
    key = (lang, query)
    found = cache.get(key)
    if found is None:
        found = find(index, query, lang)
        cache.put(key, found)
    return found


def find(index: SearchIndex, query: str, lang: str) -> SearchResults:
    """Search ``index``: the hits with their snippets, the correction, or the closest titles."""
    library = content_store().library()
    hits = index.search(query, lang) if query else []
    # a misspelt word is searched as the closest word the articles use; the page says so
    corrected = index.did_you_mean(query, lang) if hits else None
    closest = index.closest_titles(query, lang) if query and not hits else None
    results = tuple(
        Result(hit.document, library.section(hit.document.section, lang),
               snippet(hit.document.body, hit.terms, lang))
        for hit in hits)
    return SearchResults(results, corrected, tuple(closest) if closest is not None else None)


def current_search() -> tuple[SearchIndex, LRU]:
    """The index for the current content and its results cache, (re)built together."""
    store = content_store()
    library = store.library()
    holder: IndexHolder = current_app.extensions[EXTENSION_KEY]
    current = holder.current
    if current is None or holder.generation != store.generation:
        with holder.lock:
            if holder.current is None or holder.generation != store.generation:
                generation = store.generation
                index = SearchIndex(library, bool(current_app.config["CONTENT_PREVIEW"]))
                holder.current = (index, LRU(CACHED_QUERIES))
                holder.generation = generation
            current = holder.current
    return current
