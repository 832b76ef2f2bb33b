"""A partner's query as the index sees it: what each typed word asks for, and what else counts.

Each word the partner typed becomes a *slot*; an article matches a slot when it has any of
the slot's *alternatives* (stem sequences): the word itself, its synonyms from the editors'
table, or, for a word no article uses, the closest word that one does ("comission" →
"commission"). Stop words make no slot. The FTS5 expression is built from our own quoted
stems only, so nothing a partner types is ever query syntax.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from helpcenter.search.stopwords import STOPWORDS
from helpcenter.search.synonyms import Phrase
from helpcenter.search.text import stem, words

MAX_QUERY_TERMS = 12


@dataclass(frozen=True)
class Slot:
    """One thing the query asks for and every phrase that satisfies it (typed one first)."""

    alternatives: tuple[Phrase, ...]

    def expression(self) -> str:
        """``("a" OR "b c")``: a multi-word alternative is an FTS5 phrase."""
        quoted = [f'"{" ".join(alternative)}"' for alternative in self.alternatives]
        return quoted[0] if len(quoted) == 1 else f"({' OR '.join(quoted)})"


@dataclass(frozen=True)
class Query:
    """The slots of a query, the words as searched, and whether a word had to be corrected."""

    slots: tuple[Slot, ...]
    searched: tuple[str, ...]  # the folded words after spelling correction
    corrected: bool

    def expression(self, operator: str) -> str:
        """Every slot joined with ``AND`` or ``OR``."""
        return f" {operator} ".join(slot.expression() for slot in self.slots)

    @property
    def terms(self) -> frozenset[str]:
        """Every stem that counts as a match, for marking words in snippets."""
        return frozenset(s for slot in self.slots for phrase in slot.alternatives for s in phrase)


def parse_query(text: str, lang: str, synonyms: dict[Phrase, tuple[Phrase, ...]],
                known: Collection[str], correct: Callable[[str], str]) -> Query:
    """Turn what was typed into slots.

    ``known`` are the stems the articles use; ``correct`` maps a word they do not use to
    the closest one they do. A word that stays unknown makes no slot: no article could
    match it, and it must not make the others fail.
    """
    typed = words(text)[:MAX_QUERY_TERMS]
    stopwords = STOPWORDS.get(lang, frozenset())
    searched = [word if word in stopwords else correct(word) for word in typed]
    stemmed = [stem(word, lang) for word in searched]
    longest = max((len(phrase) for phrase in synonyms), default=1)
    slots: list[Slot] = []
    only_stopwords: list[Slot] = []
    position = 0
    while position < len(stemmed):
        for size in range(min(longest, len(stemmed) - position), 0, -1):
            phrase = tuple(stemmed[position:position + size])
            if phrase in synonyms:
                slots.append(Slot((phrase, *synonyms[phrase])))
                break
        else:
            size = 1
            slot = Slot(((stemmed[position],),))
            (only_stopwords if searched[position] in stopwords else slots).append(slot)
        position += size
    usable = [slot for slot in slots or only_stopwords
              if any(all(s in known for s in phrase) for phrase in slot.alternatives)]
    return Query(tuple(dict.fromkeys(usable)), tuple(searched), searched != typed)
