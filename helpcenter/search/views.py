"""Search pages: results at ``/<lang>/search?q=``, suggestions while typing as JSON."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, render_template, request, url_for

from helpcenter.articles.store import content_store
from helpcenter.pagecache import shared_response
from helpcenter.search.service import search_index, search_results

bp = Blueprint("search", __name__)
MAX_QUERY_LENGTH = 200


def query_text() -> str:
    """The ``q`` parameter, stripped and cut to a sane length (it is only ever text)."""
    return request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]


@bp.get("/<lang:lang_code>/search")
def results():
    """The results page; when nothing matches, the closest titles and the contact routes."""
    query = query_text()
    found = search_results(query, g.lang_code)
    return shared_response(render_template("search/results.html", query=query,
                                           results=found.results, corrected=found.corrected,
                                           closest=found.closest))


@bp.get("/<lang:lang_code>/search/suggest")
def suggest():
    """Up to six article titles for what has been typed so far, each with its section."""
    query = query_text()
    documents = search_index().suggest(query, g.lang_code) if len(query) >= 2 else []
    library = content_store().library()
    return jsonify(suggestions=[
        {"title": doc.title,
         "section": section_title(library, doc.section),
         "url": url_for("articles.article", section=doc.section, slug=doc.slug)}
        for doc in documents
    ])


def section_title(library, key: str) -> str:
    """The section's title in the page's language (its folder name if it has none)."""
    section = library.section(key, g.lang_code)
    return section.title if section else key
