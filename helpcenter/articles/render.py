"""Markdown to safe HTML: CommonMark with tables, our own article links, a contents list.

Two kinds of links are ours, and both come out in the page's language: a link to another
article's file (``mediation.md``) becomes that article's URL, and a link to one of the site's
own pages written without a language (``/complaint``, ``/technical-issue?topic=account``)
gets the page's language in front (``/nl/complaint``). ``SITE_PAGES`` lists those pages; any
other path without a language is reported as a broken link.

Raw HTML is switched off in the parser and the output is sanitized again with nh3, so
neither a careless editor nor a hostile file can put scripts, event handlers or
``javascript:``/``data:`` URLs on a page.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

WORDS_PER_MINUTE = 200
ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "code", "pre", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h2": {"id"}, "h3": {"id"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Pages an article may link as `/complaint`: the Dispute resolution centre's complaint form,
# the technical-issue form, the "Lost your link?" page of the cases, search, saved articles
# and ("") the home page of the help centre. A case page itself needs the partner's link.
SITE_PAGES = frozenset({"", "complaint", "technical-issue", "cases/lost-link", "search",
                        "saved", "complaint-handling-report",
                        "complaint-handling-report/latest"})
LANGUAGE_PREFIX = re.compile(r"/(nl|en)(/|$)")

# Resolves an article link (`mediation.md`) to (url, ok) for the page's language.
LinkResolver = Callable[[str], str | None]


@dataclass
class Heading:
    """One entry of the "What this article is about" list."""

    level: int
    text: str
    anchor: str


@dataclass
class RenderedArticle:
    """What a page view needs from the Markdown, computed once per file version."""

    html: str
    headings: list[Heading]
    reading_minutes: int
    words: int
    broken_links: list[tuple[int, str]] = field(default_factory=list)  # (body line, href)


def slugify(text: str) -> str:
    """Anchor id for a heading: ASCII words joined by hyphens ("Één stap" → "een-stap")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable("table")
    parser.use(anchors_plugin, min_level=2, max_level=3, slug_func=slugify)
    return parser


PARSER = _make_parser()
HTML_DETECTOR = MarkdownIt("commonmark", {"html": True}).enable("table")


def render_markdown(body: str, resolve: LinkResolver, lang: str | None = None) -> RenderedArticle:
    """Render an article body in ``lang``; article links go through ``resolve``.

    Site links (``/complaint``) get ``lang`` in front. Links that ``resolve`` does not know,
    and site links to pages that do not exist, are reported in ``broken_links``.
    """
    tokens = PARSER.parse(body)
    headings: list[Heading] = []
    broken: list[tuple[int, str]] = []
    words = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            headings.append(
                Heading(int(token.tag[1]), tokens[index + 1].content, token.attrGet("id") or "")
            )
        if token.type != "inline":
            continue
        line = token.map[0] + 1 if token.map else 1
        for child in token.children or []:
            if child.type == "text":
                words += len(child.content.split())
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                target = rewrite_link(href, resolve, lang)
                if target is None:
                    broken.append((line, href))
                    child.attrSet("href", "#")
                else:
                    child.attrSet("href", target)
    html = PARSER.renderer.render(tokens, PARSER.options, {})
    return RenderedArticle(
        html=sanitize(html),
        headings=headings,
        reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
        words=words,
        broken_links=broken,
    )


def rewrite_link(href: str, resolve: LinkResolver, lang: str | None = None) -> str | None:
    """Turn a link to an article file or a site page into its URL in ``lang``; None if broken.

    Every other link (another site, an anchor on the page) is left as it is.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href
    if parts.path.startswith("/") and lang is not None:
        return site_link(parts, lang)
    if not parts.path.endswith(".md"):
        return href
    slug = parts.path.rsplit("/", 1)[-1].removesuffix(".md")
    slug = re.sub(r"\.(nl|en)$", "", slug)
    url = resolve(slug)
    if url is None:
        return None
    return f"{url}#{parts.fragment}" if parts.fragment else url


def site_link(parts, lang: str) -> str | None:
    """``/complaint?x#y`` → ``/<lang>/complaint?x#y`` for a page in ``SITE_PAGES``.

    A path that already starts with a language is left alone: the editor chose it.
    """
    if LANGUAGE_PREFIX.match(parts.path):
        return parts.geturl()
    page = parts.path.strip("/")
    if page not in SITE_PAGES:
        return None
    url = f"/{lang}/{page}"
    if parts.query:
        url += f"?{parts.query}"
    return f"{url}#{parts.fragment}" if parts.fragment else url


def sanitize(html: str) -> str:
    """Keep only the tags, attributes and URL schemes an article may use."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
    )


def unsafe_html(body: str) -> list[tuple[int, str]]:
    """Find raw HTML and unsafe links in a body, for ``flask content check``.

    The site never outputs them (the parser escapes raw HTML), but an editor should know
    that what they wrote will not appear as they meant it.
    """
    found = []
    for token in HTML_DETECTOR.parse(body):
        line = token.map[0] + 1 if token.map else 1
        if token.type == "html_block":
            found.append((line, f"raw HTML is not allowed: {token.content.strip()[:60]}"))
        for child in token.children or []:
            if child.type == "html_inline":
                found.append((line, f"raw HTML is not allowed: {child.content[:60]}"))
    for match in re.finditer(r"\]\(\s*<?\s*([a-zA-Z][a-zA-Z0-9+.-]*):", body):
        scheme = match.group(1).lower()
        if scheme not in ALLOWED_SCHEMES:
            line = body.count("\n", 0, match.start()) + 1
            found.append((line, f"unsafe link scheme `{scheme}:`"))
    return found
