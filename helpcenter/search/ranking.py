"""The order of results: an article that says in its title what was typed comes first.

FTS5's bm25 finds the candidates and scores them (title weighs most, then tags, then the
body). But bm25 gives no weight at all to a word that most articles use, and in a help
centre of a few dozen articles that is "complaint" in the complaints section. So the
candidates are sorted by where the article's own description says what was asked:

- EXACT: the title's words (stop words aside) are the query's ("klacht indienen" → "Een
  klacht indienen", "mediaton" → "Mediation");
- TITLE: the title has every word of the query (or a synonym of it); among these, the
  shortest title first, the one that is most nearly just the query ("complaint": "Submit a
  complaint" before "Complaint Handling Report" and "How complaints are handled");
- TITLE_DISTINCTIVE: the same, but without the words that most articles use: they say
  nothing about which article is meant ("gast heeft niet betaald" → "Uitbetalingen");
- TAGS, SUMMARY: the title and the tags, or those and the summary, have every word but the
  common ones ("change bank account" → the article tagged "bank details");
- the rest, by bm25.

Editors can therefore make an article come first for a word by putting it in the title,
the tags or the summary.
"""

from __future__ import annotations

from helpcenter.search.query import Query, Slot
from helpcenter.search.synonyms import Phrase

EXACT, TITLE, TITLE_DISTINCTIVE, TAGS, SUMMARY, ELSEWHERE = 5, 4, 3, 2, 1, 0
FIELD_LEVELS = (TITLE_DISTINCTIVE, TAGS, SUMMARY)  # the level of each of ``fields``


def match_level(fields: tuple[Phrase, Phrase, Phrase], title_content: frozenset[str],
                query: Query, distinctive: tuple[Slot, ...]) -> int:
    """How well an article's title, tags and summary (``fields``, as stems) say ``query``."""
    title = fields[0]
    covered: set[str] = set()
    level = TITLE
    for slot in query.slots:
        in_title = next((p for p in slot.alternatives if contains(title, p)), None)
        if in_title is not None:
            covered.update(in_title)
        elif slot in distinctive:
            level = min(level, slot_level(fields, slot))
        else:
            level = min(level, TITLE_DISTINCTIVE)
    return EXACT if level == TITLE and title_content <= covered else level


def slot_level(fields: tuple[Phrase, Phrase, Phrase], slot: Slot) -> int:
    """The first of title, tags, summary that has any of the slot's phrases."""
    for field_level, field in zip(FIELD_LEVELS, fields, strict=True):
        if any(contains(field, phrase) for phrase in slot.alternatives):
            return field_level
    return ELSEWHERE


def contains(sequence: Phrase, phrase: Phrase) -> bool:
    """True when ``phrase`` occurs in ``sequence`` as consecutive stems."""
    if len(phrase) == 1:
        return phrase[0] in sequence
    size = len(phrase)
    return any(sequence[i:i + size] == phrase for i in range(len(sequence) - size + 1))


def rank_key(level: int, title_words: str, bm25: float) -> tuple:
    """The sort key of one candidate: level, then (for title matches) the shorter title, then
    bm25."""
    length = len(title_words) if level in (TITLE, TITLE_DISTINCTIVE) else 0
    return (-level, length, bm25)
