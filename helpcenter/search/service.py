"""The app's search index: built from the content on first use, rebuilt when it changes.

It follows the content store's change detection: when the store's generation moves on, the
next search builds a new index (outside the lock that guards the swap) and replaces the old.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app

from helpcenter.articles.check import register_check
from helpcenter.articles.store import content_store
from helpcenter.search.index import SearchIndex
from helpcenter.search.snippets import snippet
from helpcenter.search.synonyms import check_synonyms

__all__ = ["init_app", "search_index", "snippet"]

EXTENSION_KEY = "helpcenter.search"


class IndexHolder:
    """The current index and the content generation it was built from."""

    def __init__(self) -> None:
        self.index: SearchIndex | None = None
        self.generation = -1
        self.lock = threading.Lock()


def init_app(app: Flask) -> None:
    """Give the app a place for its search index; ``flask content check`` checks synonyms."""
    app.extensions[EXTENSION_KEY] = IndexHolder()
    register_check(check_synonyms)


def search_index() -> SearchIndex:
    """The index for the current content, (re)built when the content changed."""
    store = content_store()
    library = store.library()
    holder: IndexHolder = current_app.extensions[EXTENSION_KEY]
    if holder.index is None or holder.generation != store.generation:
        with holder.lock:
            if holder.index is None or holder.generation != store.generation:
                generation = store.generation
                holder.index = SearchIndex(library, bool(current_app.config["CONTENT_PREVIEW"]))
                holder.generation = generation
    return holder.index
