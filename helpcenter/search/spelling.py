"""Spelling correction from the articles' own words: "comission" → "commission".

A word that no article uses is replaced by the article word it most looks like, but only
when that is a typing slip away: one letter wrong, missing, extra, or two letters swapped
(two such slips in a word of 8 letters or more). Failing that, a word that is an article's
word plus a short ending the stemmer does not know is that word ("jaarverslagen" →
"jaarverslag"). So "hoog" is not turned into "hoogte" and "klachtformulier" not into
"contactformulier": a real word the articles do not use is left alone (and then matches
nothing).
"""

from __future__ import annotations

import difflib
import threading

MIN_LENGTH = 4  # shorter words are too easily "corrected" into another word
MAX_ENDING = 3  # letters an inflected form may add to an article's word
MAX_CACHED = 10_000  # corrections kept; queries are anyone's text, so the cache is bounded


class Speller:
    """Corrects words against one language's vocabulary (the folded words of its articles)."""

    def __init__(self, vocabulary: set[str]):
        self._vocabulary = vocabulary
        self._by_length: dict[int, list[str]] = {}
        for word in vocabulary:
            self._by_length.setdefault(len(word), []).append(word)
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()

    def correct(self, word: str) -> str:
        """``word`` itself if it is known, too short or a number; else its correction, if any."""
        if len(word) < MIN_LENGTH or word.isdigit() or word in self._vocabulary:
            return word
        found = self._cache.get(word)
        if found is None:
            found = self._closest(word) or word
            with self._lock:
                if len(self._cache) >= MAX_CACHED:
                    self._cache.clear()
                self._cache[word] = found
        return found

    def _closest(self, word: str) -> str | None:
        allowed = 1 if len(word) < 8 else 2
        nearby = [w for size in range(len(word) - allowed, len(word) + allowed + 1)
                  for w in self._by_length.get(size, ())]
        for candidate in difflib.get_close_matches(word, nearby, n=3, cutoff=0.7):
            if edit_distance(word, candidate, allowed) <= allowed:
                return candidate
        for cut in range(1, MAX_ENDING + 1):
            if len(word) - cut >= MIN_LENGTH and word[:-cut] in self._vocabulary:
                return word[:-cut]
        return None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``; stops past
    ``limit`` and then returns ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)
