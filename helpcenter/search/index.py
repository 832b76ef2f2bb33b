"""The search index: SQLite FTS5 in memory, one table per language, over pre-stemmed text.

Stemming and accent folding happen in Python (``text.py``), so FTS5 only sees plain words:
the query is built from our own quoted terms and can never be FTS syntax. ``SearchIndex``
is the one backend today; another (an external server) would offer the same three methods.
"""

from __future__ import annotations

import difflib
import sqlite3
import threading
from dataclasses import dataclass

from helpcenter.articles.library import ContentLibrary
from helpcenter.i18n import LANGUAGES
from helpcenter.search.text import plain_text, stem, stems, words

MAX_QUERY_TERMS = 12
# One FTS5 table per language; bm25 column weights: title stems, title words, body stems.
CREATE_SQL = ("CREATE VIRTUAL TABLE docs_{lang} USING fts5(title, title_words, body, "
              "tokenize='unicode61', prefix='2 3')")
INSERT_SQL = "INSERT INTO docs_{lang} (rowid, title, title_words, body) VALUES (?, ?, ?, ?)"
SEARCH_SQL = ("SELECT rowid FROM docs_{lang} WHERE docs_{lang} MATCH ? "
              "ORDER BY bm25(docs_{lang}, 10.0, 4.0, 1.0) LIMIT ?")


@dataclass(frozen=True)
class Document:
    """One article in one language, as the index and the results page need it."""

    slug: str
    section: str
    lang: str
    title: str
    summary: str
    text: str  # the body without Markdown markup, for snippets


@dataclass(frozen=True)
class Hit:
    """A matching article and the query terms it was found with."""

    document: Document
    terms: frozenset[str]  # stems of the query


class SearchIndex:
    """Full-text search over the articles of one content version, in every language."""

    def __init__(self, library: ContentLibrary, drafts: bool = False):
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()  # one connection; queries take well under a millisecond
        self._documents: dict[int, Document] = {}
        self._vocabulary: dict[str, set[str]] = {}
        self._titles: dict[str, list[Document]] = {}
        self._build(library, drafts)

    def _build(self, library: ContentLibrary, drafts: bool) -> None:
        for lang in LANGUAGES:
            self._db.execute(CREATE_SQL.format(lang=lang))
        rows: dict[str, list[tuple]] = {lang: [] for lang in LANGUAGES}
        for rowid, article in enumerate(library.articles.values(), start=1):
            if article.draft and not drafts:
                continue
            text = plain_text(article.body)
            document = Document(article.slug, article.section, article.lang, article.title,
                                article.summary, text)
            self._documents[rowid] = document
            title_words = words(article.title)
            body_words = words(f"{article.summary} {text}")
            vocabulary = self._vocabulary.setdefault(article.lang, set())
            vocabulary.update(title_words, body_words)
            self._titles.setdefault(article.lang, []).append(document)
            rows[article.lang].append((
                rowid,
                " ".join(stem(word, article.lang) for word in title_words),
                " ".join(title_words),
                " ".join(stem(word, article.lang) for word in body_words),
            ))
        for lang, lang_rows in rows.items():
            self._db.executemany(INSERT_SQL.format(lang=lang), lang_rows)

    def search(self, query: str, lang: str, limit: int = 20) -> list[Hit]:
        """Articles matching every word of ``query`` (else any word), best first."""
        terms = stems(query, lang)[:MAX_QUERY_TERMS]
        if not terms:
            return []
        quoted = [f'"{term}"' for term in dict.fromkeys(terms)]
        hits = self._match(" AND ".join(quoted), lang, limit)
        if not hits and len(quoted) > 1:
            hits = self._match(" OR ".join(quoted), lang, limit)
        found = frozenset(terms)
        return [Hit(document, found) for document in hits]

    def suggest(self, partial: str, lang: str, limit: int = 6) -> list[Document]:
        """Titles for a query still being typed: the last word may be unfinished."""
        typed = words(partial)[:MAX_QUERY_TERMS]
        if not typed:
            return []
        *complete, last = typed
        expression = [f'"{stem(word, lang)}"' for word in complete]
        expression.append(f'{{title title_words}} : ("{last}"* OR "{stem(last, lang)}"*)')
        return self._match(" AND ".join(expression), lang, limit)

    def did_you_mean(self, query: str, lang: str) -> str | None:
        """The query with each unknown word replaced by the closest known one, if any."""
        vocabulary = self._vocabulary.get(lang, set())
        typed = words(query)[:MAX_QUERY_TERMS]
        corrected = []
        for word in typed:
            if word in vocabulary or len(word) < 3:
                corrected.append(word)
                continue
            close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
            corrected.append(close[0] if close else word)
        return " ".join(corrected) if corrected != typed else None

    def closest_titles(self, query: str, lang: str, limit: int = 3) -> list[Document]:
        """The titles that look most like ``query``: a last resort when nothing matched."""
        wanted = " ".join(words(query))[:200]
        scored = [
            (difflib.SequenceMatcher(None, wanted, " ".join(words(doc.title))).ratio(), doc)
            for doc in self._titles.get(lang, [])
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1].title))
        return [doc for score, doc in scored[:limit] if score > 0.3]

    def _match(self, expression: str, lang: str, limit: int) -> list[Document]:
        with self._lock:
            if lang not in LANGUAGES:
                return []
            rows = self._db.execute(SEARCH_SQL.format(lang=lang), (expression, limit)).fetchall()
        return [self._documents[rowid] for (rowid,) in rows]
