"""The snippet under a search result: the best passage, with the matched words marked.

A passage never runs one block into the next: it is a sentence of one paragraph, list item
or table row (whose cells are joined with " — "), or a heading followed by " — " and the
first sentence under it, so "Een no-show melden" reads "Een no-show melden — Van een no-show
spreken we als …" rather than a heading glued to a paragraph.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from helpcenter.search.text import CELL_SEPARATOR, fold, stem, text_blocks

TOKEN = re.compile(r"\w+|\W+", re.UNICODE)
SENTENCE = re.compile(r"(?<=[.!?:])\s+")
MAX_WORDS = 32


def snippet(markdown: str, terms: frozenset[str], lang: str) -> Markup:
    """The passage with most query words (cut to ~32 words), matched words in <mark>."""
    passages = list(candidate_passages(markdown))
    if not passages:
        return Markup("")

    def score(passage: str) -> int:
        return sum(stem(fold(word), lang) in terms for word in re.findall(r"\w+", passage))

    best = max(passages, key=score)
    return highlight(shorten(best, terms, lang), terms, lang)


def candidate_passages(markdown: str):
    """Every sentence of every block; a heading comes with the first sentence under it."""
    blocks = text_blocks(markdown)
    for index, block in enumerate(blocks):
        sentences = [s for s in SENTENCE.split(block.text) if s]
        if not block.heading:
            yield from sentences
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following is None or following.heading:
            yield block.text
        else:
            yield block.text + CELL_SEPARATOR + SENTENCE.split(following.text, maxsplit=1)[0]


def shorten(sentence: str, terms: frozenset[str], lang: str) -> str:
    """At most ``MAX_WORDS`` words, starting a little before the first match."""
    parts = sentence.split()
    if len(parts) <= MAX_WORDS:
        return sentence
    first = next((i for i, part in enumerate(parts)
                  if any(stem(fold(w), lang) in terms for w in re.findall(r"\w+", part))), 0)
    start = max(0, first - 6)
    cut = " ".join(parts[start:start + MAX_WORDS])
    return ("… " if start else "") + cut + " …"


def highlight(text: str, terms: frozenset[str], lang: str) -> Markup:
    """Escape ``text`` and wrap each word whose stem is a query term in <mark>."""
    out = []
    for token in TOKEN.findall(text):
        if token[0].isalnum() or token[0] == "_":
            if stem(fold(token), lang) in terms:
                out.append(Markup("<mark>{}</mark>").format(token))
                continue
        out.append(escape(token))
    return Markup("").join(out)
