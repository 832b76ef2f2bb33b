"""How a query becomes slots, and the order of results: title first, then tags, summary, bm25."""

import pytest

from helpcenter.search.query import Slot, parse_query
from helpcenter.search.ranking import (
    ELSEWHERE,
    EXACT,
    SUMMARY,
    TAGS,
    TITLE,
    TITLE_DISTINCTIVE,
    match_level,
)
from helpcenter.search.text import stems
from tests.search.test_index import top

SYNONYMS = {("geld",): (("uitbetal",),), ("no", "show"): (("noshow",),)}
KNOWN = {"klacht", "indien", "geld", "uitbetal", "no", "show", "hoe", "ik", "zijn"}


def parse(text, known=KNOWN, correct=lambda word: word):
    return parse_query(text, "nl", SYNONYMS, known, correct)


def test_stop_words_make_no_slot():
    assert parse("hoe dien ik een klacht in").slots == (Slot((("klacht",),)),)


def test_a_query_of_stop_words_only_is_searched_as_typed():
    assert parse("hoe ik").slots == (Slot((("hoe",),)), Slot((("ik",),)))


def test_synonyms_join_the_slot_of_the_typed_word():
    assert parse("geld").slots == (Slot((("geld",), ("uitbetal",))),)


def test_a_phrase_synonym_takes_the_words_in_a_row():
    assert parse("no show klacht").slots == (
        Slot((("no", "show"), ("noshow",))), Slot((("klacht",),)))
    assert parse("show no").slots == (Slot((("show",),)), Slot((("no",),)))


def test_a_word_no_article_uses_makes_no_slot():
    # it could never match, and must not make the other words fail
    assert parse("klacht zzyzx").slots == (Slot((("klacht",),)),)


def test_corrections_are_searched_and_reported():
    query = parse("klahct", correct=lambda word: {"klahct": "klacht"}.get(word, word))
    assert query.slots == (Slot((("klacht",),)),)
    assert query.searched == ("klacht",) and query.corrected


def test_the_expression_is_only_quoted_stems():
    query = parse("geld no show")
    assert query.expression("AND") == '("geld" OR "uitbetal") AND ("no show" OR "noshow")'


def level(title, query, tags="", summary="", distinctive=None):
    parsed = parse_query(query, "en", {("money",): (("payout",),)}, set(stems(
        f"{title} {tags} {summary} {query} payout", "en")), lambda word: word)
    tag_stems = tuple(stems(tags, "en"))
    fields = (tuple(stems(title, "en")), tag_stems, tuple(stems(summary, "en")))
    content = frozenset(stems(title, "en")) - {"a", "the"}
    return match_level(fields, content, parsed,
                       parsed.slots if distinctive is None else distinctive(parsed))


@pytest.mark.parametrize(
    ("title", "query", "expected"),
    [("Submit a complaint", "submit complaints", EXACT),
     ("Payouts", "money", EXACT),  # by a synonym
     ("Submit a complaint", "complaint", TITLE),
     ("Complaint Handling Report", "complaint handling", TITLE),
     ("Submit a complaint", "complaint status", ELSEWHERE)],
)
def test_title_levels(title, query, expected):
    assert level(title, query) == expected


def test_common_words_need_not_be_in_the_title():
    only_payout = lambda parsed: parsed.slots[1:]  # noqa: E731 - "guest" is in most articles
    assert level("Payouts", "guest money", distinctive=only_payout) == TITLE_DISTINCTIVE
    assert level("Payouts", "guest money") == ELSEWHERE


def test_tags_then_summary():
    assert level("Change your details", "bank details", tags="account, bank details") == TAGS
    assert level("Change your details", "email address",
                 summary="How to change the email address") == SUMMARY


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [("complaint", "en", ["submit-a-complaint"]),  # the example: before the report
     ("klacht", "nl", ["submit-a-complaint"]),
     ("report", "en", ["report-a-technical-issue"]),  # the shortest title with the word
     ("mediation", "en", ["mediation"])],
)
def test_the_closest_title_comes_first(query, lang, expected):
    assert top(query, lang, 1) == expected


def test_a_title_match_beats_a_body_full_of_the_word():
    ranked = top("complaint", "en", 10)
    assert ranked.index("submit-a-complaint") < ranked.index("complaint-handling-report")
