"""The search index on the shipped content: Dutch and English word forms, accents, typos."""

import pytest

from helpcenter.articles.store import ContentStore
from helpcenter.config import ROOT
from helpcenter.search.index import SearchIndex
from helpcenter.search.snippets import snippet
from helpcenter.search.text import fold, plain_text, stems

INDEX = SearchIndex(ContentStore(ROOT / "content").library())


def top(query, lang, n=5):
    return [hit.document.slug for hit in INDEX.search(query, lang)][:n]


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [
        ("klachten", "nl", "submit-a-complaint"),          # plural finds singular
        ("klacht indienen", "nl", "submit-a-complaint"),
        ("bemiddelaars", "nl", "mediation"),
        ("uitbetalingen", "nl", "payouts"),
        ("tweestapsverificatie", "nl", "two-factor-authentication"),
        ("factuur commissie", "nl", "invoices-and-commission"),
        ("jaarverslag", "nl", "complaint-handling-report"),
        ("reporting", "en", "report-a-technical-issue"),
        ("complaints", "en", "submit-a-complaint"),
        ("mediators", "en", "mediation"),
        ("payouts missing", "en", "payouts"),
        ("Pulse app", "en", "report-via-pulse-app"),
        ("no-show", "en", "cancellations-and-no-shows"),
        ("CANCELLED reservation", "en", "cancellations-and-no-shows"),
    ],
)
def test_real_queries_find_the_right_article(query, lang, expected):
    assert expected in top(query, lang), top(query, lang, 10)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_results_stay_in_the_language(lang):
    hits = INDEX.search("Pulse extranet", lang)  # words both languages use
    assert hits and {hit.document.lang for hit in hits} == {lang}


def test_title_weighs_more_than_body():
    # "mediation" is in the body of several articles, but one has it in the title
    assert top("mediation", "en", 1) == ["mediation"]


def test_accents_do_not_matter():
    assert fold("Één café naïef") == "een cafe naief"
    assert stems("CAFÉ", "nl") == stems("cafe", "nl")


@pytest.mark.parametrize(
    ("typo", "lang", "fixed"),
    [("klahct", "nl", "klacht"), ("bemiddleing", "nl", "bemiddeling"),
     ("complant", "en", "complaint"), ("invoise", "en", "invoice")],
)
def test_misspellings_are_searched_as_corrected(typo, lang, fixed):
    assert INDEX.did_you_mean(typo, lang) == fixed
    assert top(typo, lang) == top(fixed, lang) != []


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [("hoog", "nl", None),  # a real word the articles do not use stays itself
     ("klachtformulier", "nl", "klachtenformulier"),  # one letter missing
     ("jaarverslagen", "nl", "jaarverslag"),  # an ending the stemmer does not know
     ("tweestapsverficatie", "nl", "tweestapsverificatie"),
     ("mediaton", "en", "mediation"), ("comission", "en", "commission"),
     ("zzyzx", "en", None), ("2fa", "en", None), ("123456", "en", None)],
)
def test_only_typing_slips_are_corrected(word, lang, expected):
    assert INDEX.did_you_mean(word, lang) == expected


def test_closest_titles_when_nothing_matches():
    titles = [doc.title for doc in INDEX.closest_titles("how to submit complant", "en")]
    assert "Submit a complaint" in titles


@pytest.mark.parametrize(
    ("partial", "lang", "title"),
    [("klac", "nl", "Een klacht indienen"), ("two-fa", "en", "Two-factor authentication"),
     ("bemidd", "nl", "Bemiddeling"), ("pay", "en", "Payouts")],
)
def test_suggestions_while_typing(partial, lang, title):
    assert title in [doc.title for doc in INDEX.suggest(partial, lang)]


@pytest.mark.parametrize(
    "query",
    ['"', '""', "*", "klacht*", "AND", "OR OR", "NOT klacht", "NEAR(a b)", "(klacht", "klacht)",
     "title:klacht", "{title}: x", "^klacht", "a" * 10_000, "\x00\x01\x1f", "😀 emoji",
     "klacht AND NEAR", "'; DROP TABLE docs; --", "-klacht", "+klacht", "_", "___"],
)
def test_query_syntax_is_only_text(query):
    for lang in ("nl", "en"):
        INDEX.search(query, lang)
        INDEX.suggest(query, lang)
        INDEX.did_you_mean(query, lang)
        INDEX.closest_titles(query, lang)


def test_snippet_marks_matches_and_escapes():
    text = "First <b>line</b>. The klachten are handled here & now. Last one."
    result = str(snippet(text, frozenset(stems("klacht", "nl")), "nl"))
    assert result == "The <mark>klachten</mark> are handled here &amp; now."


def test_plain_text_drops_markup():
    text = "## Steps\n- See [the guide](x.md), **now**.\n| a | b |\n|---|---|\n> quoted"
    assert plain_text(text) == "Steps\nSee the guide, now.\n a b \n\nquoted"
