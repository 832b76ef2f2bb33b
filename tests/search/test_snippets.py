"""Snippets keep the article's blocks apart: no heading runs into a paragraph, no cell into
the next."""

from itertools import pairwise

import pytest

from helpcenter.search.snippets import candidate_passages, snippet
from helpcenter.search.text import Block, stems, text_blocks
from tests.search.test_quality import LIBRARY

MARKDOWN = """Intro that is wrapped
over two lines.

## Report a no-show

You can report a no-show until 48 hours after arrival. Later is too late.

- **First** item with [a link](other.md)
- Second item

| Step | When |
|---|---|
| The guest pays | At booking |

> A quote.
"""


def terms(text, lang="en"):
    return frozenset(stems(text, lang))


def test_blocks_keep_their_boundaries():
    assert text_blocks(MARKDOWN) == (
        Block("Intro that is wrapped over two lines."),
        Block("Report a no-show", heading=True),
        Block("You can report a no-show until 48 hours after arrival. Later is too late."),
        Block("First item with a link"),
        Block("Second item"),
        Block("Step — When"),
        Block("The guest pays — At booking"),
        Block("A quote."),
    )


def test_a_heading_comes_with_a_separator_and_the_sentence_under_it():
    result = str(snippet(MARKDOWN, terms("report no-show"), "en"))
    assert result == ("<mark>Report</mark> a <mark>no</mark>-<mark>show</mark> — You can "
                      "<mark>report</mark> a <mark>no</mark>-<mark>show</mark> until 48 hours "
                      "after arrival.")


def test_table_cells_are_separated():
    assert str(snippet(MARKDOWN, terms("guest"), "en")) == (
        "The <mark>guest</mark> pays — At booking")


def test_a_heading_at_the_end_stands_alone():
    assert list(candidate_passages("Text.\n\n## Last")) == ["Text.", "Last"]


@pytest.mark.parametrize("article", sorted(LIBRARY.articles.values(), key=lambda a: a.file.path),
                         ids=lambda a: a.file.path.name)
def test_every_passage_of_a_shipped_article_stays_in_its_block(article):
    blocks = text_blocks(article.body)
    assert any(block.heading for block in blocks)  # every shipped article has sections
    assert not any("|" in block.text or block.text.startswith("#") for block in blocks)
    for passage in candidate_passages(article.body):
        inside = any(passage in block.text for block in blocks)
        after_heading = any(
            heading.heading and passage.startswith(heading.text + " — ")
            and following.text.startswith(passage[len(heading.text) + 3:])
            for heading, following in pairwise(blocks))
        assert inside or after_heading, passage


def test_results_page_shows_the_separator(client):
    page = client.get("/nl/search?q=no-show+melden").get_data(as_text=True)
    assert "<mark>melden</mark> — " in page
