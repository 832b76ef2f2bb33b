"""Turning text into search terms: fold accents and case, split into words, stem per language.

The same functions prepare the articles and the query, so "klachten" meets "klacht" and
"é" meets "e". Only word characters survive, so a query can never be query syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

STEMMER_LANGUAGES = {"nl": "dutch", "en": "english"}
WORD = re.compile(r"\w+", re.UNICODE)
NON_ASCII = re.compile(r"[^\x00-\x7f]+")
MAX_WORD_LENGTH = 40
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
BLOCK_START = re.compile(r"^\s*(?:#{1,6}(?=\s|$)|>+|[-*+](?=\s)|\d+[.)](?=\s))\s*")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
INLINE_NOISE = re.compile(r"[*`]+|(?<!\w)_+|_+(?!\w)")  # emphasis and code marks
CELL_SEPARATOR = " — "
MARKDOWN_NOISE = re.compile(r"^\s*[-:| ]+$|^\s*(?:[-*+]|\d+\.)\s+|^\s*[#>]+\s*|[*_`]", re.MULTILINE)


def fold(text: str) -> str:
    """Lowercase without accents: "Één Café" → "een cafe"."""
    # Only the runs of non-ASCII characters need decomposing; ASCII text passes as it is
    # (the same result as folding the whole text, much faster on a long article).
    return NON_ASCII.sub(_fold_run, text.casefold())


def _fold_run(match: re.Match) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group())
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


@dataclass(frozen=True)
class Block:
    """One block of an article as plain text: a heading, a paragraph, a list item, a table row."""

    text: str
    heading: bool = False


@lru_cache(maxsize=1024)
def text_blocks(markdown: str) -> tuple[Block, ...]:
    """The article's blocks without markup, so a snippet never runs one into the next.

    A paragraph's wrapped lines are joined; every heading, list item, quote and table row is a
    block of its own, and the cells of a row are joined with ``CELL_SEPARATOR``.
    """
    blocks: list[Block] = []
    joinable = False  # the last block is a paragraph that the next plain line continues
    for line in LINK.sub(r"\1", markdown).splitlines():
        if not line.strip() or TABLE_RULE.match(line):
            joinable = False
            continue
        heading = bool(HEADING.match(line))
        row = line.lstrip().startswith("|")
        if row:
            cells = [_clean(cell) for cell in line.strip().strip("|").split("|")]
            text = CELL_SEPARATOR.join(cell for cell in cells if cell)
        else:
            text = _clean(line)
        if not text:
            continue
        if joinable and not heading and not row and not BLOCK_START.match(line):
            blocks[-1] = Block(f"{blocks[-1].text} {text}")
            continue
        blocks.append(Block(text, heading))
        joinable = not heading and not row
    return tuple(blocks)


def _clean(text: str) -> str:
    """One line without block markers or emphasis, spaces collapsed."""
    return re.sub(r"\s+", " ", INLINE_NOISE.sub("", BLOCK_START.sub("", text))).strip()


def plain_text(markdown: str) -> str:
    """Markdown without its markup, for indexing: only its words matter, so it is quick."""
    text = MARKDOWN_NOISE.sub("", LINK.sub(r"\1", markdown)).replace("|", " ")
    return re.sub(r"[ \t]+", " ", text).strip()
