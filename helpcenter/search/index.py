"""The search index: SQLite FTS5 in memory, one table per language, over pre-stemmed text.

Stemming and accent folding happen in Python (``text.py``), so FTS5 only sees plain words:
the query is built from our own quoted terms and can never be FTS syntax (``query.py``:
stop words, the editors' synonyms, spelling correction). FTS5's bm25 finds and scores the
candidates; ``ranking.py`` puts title matches first. ``SearchIndex`` is the one backend
today; another (an external server) would offer the same methods.
"""

from __future__ import annotations

import difflib
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass, field

from helpcenter.articles.library import Article, ContentLibrary
from helpcenter.i18n import LANGUAGES
from helpcenter.search.query import MAX_QUERY_TERMS, Query, Slot, parse_query
from helpcenter.search.ranking import match_level, rank_key
from helpcenter.search.spelling import Speller
from helpcenter.search.stopwords import STOPWORDS
from helpcenter.search.synonyms import Phrase, Synonyms, load_synonyms
from helpcenter.search.text import plain_text, stem, words

# One FTS5 table per language; bm25 column weights: title stems, title words, tags, body.
CREATE_SQL = ("CREATE VIRTUAL TABLE docs_{lang} USING fts5(title, title_words, tags, body, "
              "tokenize='unicode61', prefix='2 3')")
INSERT_SQL = ("INSERT INTO docs_{lang} (rowid, title, title_words, tags, body) "
              "VALUES (?, ?, ?, ?, ?)")
SEARCH_SQL = ("SELECT rowid, bm25(docs_{lang}, 10.0, 4.0, 5.0, 1.0) AS score FROM docs_{lang} "
              "WHERE docs_{lang} MATCH ? ORDER BY score LIMIT ?")
CANDIDATES = 50  # bm25's best, ranked again in Python (with a few dozen articles: every match)
SUGGEST_CANDIDATES = 20  # titles the suggestions are picked from, closest first
TAG_BOUNDARY = "|"  # between the stems of two tags: no word is one, so no phrase spans two tags


@dataclass(frozen=True)
class Document:
    """One article in one language, as the index and the results page need it."""

    slug: str
    section: str
    lang: str
    title: str
    summary: str
    body: str = field(repr=False)  # the Markdown body, for snippets
    # what ranking compares: stems of title, tags and summary; title stems that are not stop
    # words; the title's folded words
    fields: tuple[Phrase, Phrase, Phrase] = field(repr=False)
    title_content: frozenset[str] = field(repr=False)
    folded_title: str = field(repr=False)


@dataclass(frozen=True)
class Hit:
    """A matching article and the query terms it was found with."""

    document: Document
    terms: frozenset[str]  # stems of the query, its synonyms and corrections


class SearchIndex:
    """Full-text search over the articles of one content version, in every language."""

    def __init__(self, library: ContentLibrary, drafts: bool = False,
                 synonyms: Synonyms | None = None):
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()  # one connection; queries take well under a millisecond
        self._documents: dict[int, Document] = {}
        self._vocabulary: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
        self._known: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}  # stems
        self._frequency: dict[str, Counter] = {lang: Counter() for lang in LANGUAGES}  # stem → docs
        self._spellers: dict[str, Speller] = {}
        self._counts: Counter = Counter()  # articles per language
        self._synonyms = synonyms if synonyms is not None else load_synonyms(library.root)[0]
        self._build(library, drafts)

    def _build(self, library: ContentLibrary, drafts: bool) -> None:
        for lang in LANGUAGES:
            self._db.execute(CREATE_SQL.format(lang=lang))
        rows: dict[str, list[tuple]] = {lang: [] for lang in LANGUAGES}
        for rowid, article in enumerate(library.articles.values(), start=1):
            if article.draft and not drafts or article.lang not in LANGUAGES:
                continue
            document, row, found_words, found_stems = index_article(article)
            self._documents[rowid] = document
            self._frequency[article.lang].update(found_stems)
            self._vocabulary[article.lang].update(found_words)
            self._counts[article.lang] += 1
            rows[article.lang].append((rowid, *row))
        for lang, lang_rows in rows.items():
            self._db.executemany(INSERT_SQL.format(lang=lang), lang_rows)
            self._known[lang] = set(self._frequency[lang])
            self._known[lang].update(s for phrase in self._synonyms.get(lang, {}) for s in phrase)
            self._spellers[lang] = Speller(self._vocabulary[lang])

    def parse(self, query: str, lang: str) -> Query:
        """``query`` as slots: stop words dropped, synonyms added, unknown words corrected."""
        return parse_query(query, lang, self._synonyms.get(lang, {}), self._known.get(lang, ()),
                           lambda word: self._correct(word, lang))

    def search(self, query: str, lang: str, limit: int = 20) -> list[Hit]:
        """Articles matching every word of ``query`` (else any word), best first."""
        parsed = self.parse(query, lang)
        if not parsed.slots:
            return []
        found = self._match(parsed.expression("AND"), lang, CANDIDATES)
        if not found and len(parsed.slots) > 1:
            found = self._match(parsed.expression("OR"), lang, CANDIDATES)
        distinctive = self._distinctive(parsed.slots, lang)
        found.sort(key=lambda pair: rank_key(
            match_level(pair[0].fields, pair[0].title_content, parsed, distinctive),
            pair[0].folded_title, pair[1]))
        terms = parsed.terms
        return [Hit(document, terms) for document, _score in found[:limit]]

    def _distinctive(self, slots: tuple[Slot, ...], lang: str) -> tuple[Slot, ...]:
        """The slots found in at most half the articles: those bm25 gives any weight."""
        frequency = self._frequency.get(lang, Counter())
        half = self._counts[lang] / 2
        found = tuple(slot for slot in slots if max(
            min(frequency[s] for s in phrase) for phrase in slot.alternatives) <= half)
        return found or slots

    def suggest(self, partial: str, lang: str, limit: int = 6) -> list[Document]:
        """Titles for a query still being typed: the last word may be unfinished.

        Titles that start with what was typed come first, then the shortest, so "een klac"
        and "klac" offer "Een klacht indienen" before "Onderwerpen van klachten"; stop words
        need not be in the article.
        """
        typed = words(partial)[:MAX_QUERY_TERMS]
        if not typed:
            return []
        *complete, last = typed
        stopwords = STOPWORDS.get(lang, frozenset())
        expression = [f'"{stem(word, lang)}"' for word in complete if word not in stopwords]
        expression.append(f'{{title title_words}} : ("{last}"* OR "{stem(last, lang)}"*)')
        found = self._match(" AND ".join(expression), lang, SUGGEST_CANDIDATES)
        wanted = " ".join(typed)
        found.sort(key=lambda pair: (not pair[0].folded_title.startswith(wanted),
                                     len(pair[0].folded_title), pair[1]))
        return [document for document, _score in found[:limit]]

    def did_you_mean(self, query: str, lang: str) -> str | None:
        """The query with each unknown word replaced by the closest known one, if any."""
        parsed = self.parse(query, lang)
        return " ".join(parsed.searched) if parsed.corrected else None

    def _correct(self, word: str, lang: str) -> str:
        """``word``, or the closest word of the articles when no article knows it."""
        if stem(word, lang) in self._known.get(lang, ()) or lang not in self._spellers:
            return word
        return self._spellers[lang].correct(word)

    def closest_titles(self, query: str, lang: str, limit: int = 3) -> list[Document]:
        """The titles that look most like ``query``: a last resort when nothing matched.

        Only titles with a word that starts like a typed word are compared, so the cost does
        not grow with the number of articles ("bemiddelingsverzoek" → "Bemiddeling").
        """
        typed = words(query)[:MAX_QUERY_TERMS]
        prefixes = dict.fromkeys(word[:3] for word in typed if len(word) >= 3)
        if not prefixes:
            return []
        expression = "{title_words} : (" + " OR ".join(f'"{p}"*' for p in prefixes) + ")"
        wanted = " ".join(typed)[:200]
        scored = [(difflib.SequenceMatcher(None, wanted, document.folded_title).ratio(), document)
                  for document, _score in self._match(expression, lang, CANDIDATES)]
        scored.sort(key=lambda pair: (-pair[0], pair[1].title))
        return [document for score, document in scored[:limit] if score > 0.3]

    def _match(self, expression: str, lang: str, limit: int) -> list[tuple[Document, float]]:
        with self._lock:
            if lang not in LANGUAGES:
                return []
            rows = self._db.execute(SEARCH_SQL.format(lang=lang), (expression, limit)).fetchall()
        return [(self._documents[rowid], score) for rowid, score in rows]


def index_article(article: Article) -> tuple[Document, tuple[str, str, str, str], list[str],
                                              set[str]]:
    """One article as the index keeps it: its ``Document``, its row (title stems, title
    words, tag stems, body stems), every word it uses (for spelling correction) and every
    stem (for how many articles use a word)."""
    lang = article.lang
    title_words = words(article.title)
    title_stems = tuple(stem(word, lang) for word in title_words)
    stopwords = STOPWORDS[lang]
    content = frozenset(s for w, s in zip(title_words, title_stems, strict=True)
                        if w not in stopwords)
    tags = [tag for tag in article.meta.get("tags") or [] if isinstance(tag, str)]
    tag_stems: list[str] = []
    for tag in tags:
        tag_stems += [TAG_BOUNDARY] if tag_stems else []
        tag_stems += [stem(word, lang) for word in words(tag)]
    summary_stems = tuple(stem(word, lang) for word in words(article.summary))
    body_words = words(f"{article.summary} {plain_text(article.body)}")
    body_stems = [stem(word, lang) for word in body_words]
    document = Document(article.slug, article.section, lang, article.title, article.summary,
                        article.body, (title_stems, tuple(tag_stems), summary_stems), content,
                        " ".join(title_words))
    tag_stems = [s for s in tag_stems if s != TAG_BOUNDARY]
    row = (" ".join(title_stems), " ".join(title_words), " ".join(tag_stems),
           " ".join(body_stems))
    return (document, row, [*title_words, *words(" ".join(tags)), *body_words],
            {*title_stems, *tag_stems, *body_stems})
