"""The snippet under a search result: the best passage, with the matched words marked."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from helpcenter.search.text import fold, stem

TOKEN = re.compile(r"\w+|\W+", re.UNICODE)
SENTENCE = re.compile(r"(?<=[.!?:])\s+|\n+")
MAX_WORDS = 32


def snippet(text: str, terms: frozenset[str], lang: str) -> Markup:
    """The sentence with most query words (cut to ~32 words), matched words in <mark>."""
    sentences = [s.strip() for s in SENTENCE.split(text) if s.strip()]
    if not sentences:
        return Markup("")

    def score(sentence: str) -> int:
        return sum(stem(fold(word), lang) in terms for word in re.findall(r"\w+", sentence))

    best = max(sentences, key=score)
    return highlight(shorten(best, terms, lang), terms, lang)


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
