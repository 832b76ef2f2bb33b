"""Turning text into search terms: fold accents and case, split into words, stem per language.

The same functions prepare the articles and the query, so "klachten" meets "klacht" and
"é" meets "e". Only word characters survive, so a query can never be query syntax.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

STEMMER_LANGUAGES = {"nl": "dutch", "en": "english"}
WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORD_LENGTH = 40
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKDOWN_NOISE = re.compile(r"^\s*[-:| ]+$|^\s*(?:[-*+]|\d+\.)\s+|^\s*[#>]+\s*|[*_`]", re.MULTILINE)


def fold(text: str) -> str:
    """Lowercase without accents: "Één Café" → "een cafe"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of ``text``; overlong "words" are cut, so nothing is unbounded."""
    return [word[:MAX_WORD_LENGTH] for word in WORD.findall(fold(text)) if word != "_"]


@lru_cache(maxsize=4)
def _stemmer(lang: str):
    return snowballstemmer.stemmer(STEMMER_LANGUAGES.get(lang, "english"))


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """The Snowball stem of one folded word in ``lang``."""
    return _stemmer(lang).stemWord(word)


def stems(text: str, lang: str) -> list[str]:
    """The stems of every word in ``text``."""
    return [stem(word, lang) for word in words(text)]


def plain_text(markdown: str) -> str:
    """Markdown without its markup, for indexing and snippets (no rendering needed)."""
    text = MARKDOWN_NOISE.sub("", LINK.sub(r"\1", markdown)).replace("|", " ")
    return re.sub(r"[ \t]+", " ", text).strip()
