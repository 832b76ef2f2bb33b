"""The Markdown renderer: structure, contents list, reading time, links and sanitizing."""

from html.parser import HTMLParser

import pytest

from helpcenter.articles.render import ALLOWED_TAGS, render_markdown, slugify, unsafe_html


def resolve(slug):
    return {"mediation": "/nl/complaints/mediation"}.get(slug)


def test_headings_get_anchors_and_make_the_contents_list():
    result = render_markdown("Intro\n\n## Eén stap\n\ntext\n\n### Detail\n\n## Twee\n", resolve)
    assert '<h2 id="een-stap">Eén stap</h2>' in result.html
    assert [(h.level, h.text, h.anchor) for h in result.headings] == [
        (2, "Eén stap", "een-stap"), (3, "Detail", "detail"), (2, "Twee", "twee")]


def test_duplicate_headings_get_distinct_anchors():
    result = render_markdown("## Steps\n\n## Steps\n", resolve)
    anchors = [h.anchor for h in result.headings]
    assert len(set(anchors)) == 2


def test_tables_and_ordered_lists():
    result = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n1. one\n2. two\n", resolve)
    assert "<table>" in result.html and "<td>1</td>" in result.html
    assert "<ol>\n<li>one</li>" in result.html


@pytest.mark.parametrize(("words", "minutes"), [(1, 1), (200, 1), (201, 2), (650, 4)])
def test_reading_time_from_word_count(words, minutes):
    result = render_markdown(" ".join(["word"] * words), resolve)
    assert result.words == words
    assert result.reading_minutes == minutes


@pytest.mark.parametrize(
    ("markdown", "href"),
    [
        ("[m](mediation.md)", "/nl/complaints/mediation"),
        ("[m](../complaints/mediation.md)", "/nl/complaints/mediation"),
        ("[m](mediation.nl.md)", "/nl/complaints/mediation"),
        ("[m](mediation.md#costs)", "/nl/complaints/mediation#costs"),
        ("[m](https://example.org/a.md)", "https://example.org/a.md"),
        ("[m](#local)", "#local"),
    ],
)
def test_article_links_become_urls_in_the_page_language(markdown, href):
    assert f'href="{href}"' in render_markdown(markdown, resolve).html


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    ("markdown", "href"),
    [
        ("[form](/complaint)", "/{lang}/complaint"),
        ("[form](/technical-issue)", "/{lang}/technical-issue"),
        ("[form](/technical-issue?topic=account&subtopic=login)",
         "/{lang}/technical-issue?topic=account&amp;subtopic=login"),
        ("[form](/complaint#top)", "/{lang}/complaint#top"),
        ("[home](/)", "/{lang}/"),
        ("[saved](/saved/)", "/{lang}/saved"),
        ("[as written](/en/complaint)", "/en/complaint"),  # a language chosen by the editor
    ],
)
def test_site_pages_are_linked_in_the_page_language(lang, markdown, href):
    result = render_markdown(markdown, resolve, lang)
    assert f'href="{href.format(lang=lang)}"' in result.html
    assert result.broken_links == []


def test_links_to_unknown_site_pages_are_broken():
    result = render_markdown("Use [the form](/complain).\n\n[x](/complaints/mediation)\n",
                             resolve, "nl")
    assert result.broken_links == [(1, "/complain"), (3, "/complaints/mediation")]
    assert 'href="/complain"' not in result.html


def test_broken_article_links_are_reported_with_their_line():
    result = render_markdown("Intro\n\nSee [x](nowhere.md).\n", resolve)
    assert result.broken_links == [(3, "nowhere.md")]
    assert 'href="#"' in result.html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](jav&#x09;ascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox)",
        "<javascript:alert(1)>",
        "![img](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=//evil.example></iframe>",
        '<div style="position:fixed">x</div>',
        "[x](https://ok.example \"title\" onmouseover=alert(1))",
    ],
)
def test_hostile_markdown_is_neutralised(hostile):
    elements = parse_elements(render_markdown(hostile, resolve).html)
    for tag, attrs in elements:
        assert tag in ALLOWED_TAGS
        assert set(attrs) <= {"href", "title", "rel", "id", "start"}
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), href


def parse_elements(html: str) -> list[tuple[str, dict]]:
    """Every start tag in ``html`` with its attributes, as a browser would parse them."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def test_unsafe_html_is_reported_for_editors():
    body = "Fine.\n\n<div>block</div>\n\nText <b>inline</b> and [x](javascript:alert(1)).\n"
    found = unsafe_html(body)
    assert [line for line, _ in found] == [3, 5, 5, 5]
    assert "raw HTML" in found[0][1] and "javascript" in found[-1][1]


def test_slugify_is_ascii():
    assert slugify("Wat kost bemiddeling? (€)") == "wat-kost-bemiddeling"
