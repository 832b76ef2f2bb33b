"""Reads: sections, articles, search, suggestions and topics, in the asked language.

The same content store, render cache and search index as the pages, so an article reads the
same through the API as on the site, and a search ranks the same. Drafts appear only when the
site runs in preview mode, as on the pages.
"""

from __future__ import annotations

from flask import current_app, g, request, url_for

from helpcenter.api import schemas
from helpcenter.api.inputs import paginate
from helpcenter.api.problems import Problem
from helpcenter.api.responses import content_read
from helpcenter.api.spec import read, spec
from helpcenter.api.views import bp
from helpcenter.articles import service as articles
from helpcenter.i18n import relative_date
from helpcenter.search import service as search

MAX_QUERY_LENGTH = 200
MAX_SUGGESTIONS = 6


def drafts() -> bool:
    """Drafts only in preview mode (``CONTENT_PREVIEW``), as on the pages."""
    return bool(current_app.config["CONTENT_PREVIEW"])


def page_url(article) -> str:
    """The article's page on the site."""
    return url_for("articles.article", lang_code=article.lang, section=article.section,
                   slug=article.slug)


def summary(article) -> dict:
    """An article as a list shows it."""
    return {"slug": article.slug, "section": article.section, "lang": article.lang,
            "title": article.title, "summary": article.summary,
            "updated": article.updated.isoformat() if article.updated else None,
            "url": page_url(article)}


@bp.get("/sections")
@spec.validate(query=schemas.PageQuery, resp=read(schemas.SectionPage), tags=["articles"],
               skip_validation=True, operation_id="listSections")
def sections():
    """The sections with articles in this language, in the editors' order."""
    return content_read(section_list)


def section_list() -> dict:
    """A page of the sections with articles."""
    library = articles.library()
    found = []
    for key in library.section_keys():
        count = len(library.in_section(key, g.lang_code, drafts=drafts()))
        if count:
            info = library.section(key, g.lang_code)
            found.append({"key": key, "title": info.title if info else key,
                          "description": info.description if info else "",
                          "url": url_for("articles.section", lang_code=g.lang_code,
                                         section=key), "article_count": count})
    return paginate(found, lambda item: item)


@bp.get("/sections/<section>/articles")
@spec.validate(query=schemas.PageQuery, resp=read(schemas.ArticlePage), tags=["articles"],
               skip_validation=True, operation_id="listSectionArticles")
def section_articles(section: str):
    """One section's articles in this language, in the editors' order (404: no such section)."""
    library = articles.library()
    found = library.in_section(section, g.lang_code, drafts=drafts())
    if not found and library.section(section, g.lang_code) is None:
        raise Problem(404)
    return content_read(lambda: paginate(found, summary))


@bp.get("/articles")
@spec.validate(query=schemas.PageQuery, resp=read(schemas.ArticlePage), tags=["articles"],
               skip_validation=True, operation_id="listArticles")
def all_articles():
    """Every article in this language, section by section."""
    library = articles.library()
    found = [article for key in library.section_keys()
             for article in library.in_section(key, g.lang_code, drafts=drafts())]
    return content_read(lambda: paginate(found, summary))


@bp.get("/articles/<slug>")
@spec.validate(query=schemas.LangQuery, resp=read(schemas.Article), tags=["articles"],
               skip_validation=True, operation_id="getArticle")
def article(slug: str):
    """An article as its page shows it: rendered and sanitized HTML, headings, related
    articles, the other language and whether this translation is stale.

    An article that exists only in the other language is a 404 naming its URL there.
    """
    library = articles.library()
    found = library.article(slug, g.lang_code, drafts=drafts())
    if found is None:
        other = library.find(slug, g.lang_code, drafts=drafts())
        raise Problem(404, other_language_url=page_url(other) if other else None)
    return content_read(lambda: article_json(found))


def article_json(found) -> dict:
    """Everything the article's page shows, as JSON."""
    library = articles.library()
    rendered = articles.rendered(found)
    translation = library.other_language(found, drafts=drafts())
    related = (library.article(s, found.lang, drafts=drafts()) for s in found.related)
    return summary(found) | {
        "updated_label": relative_date(found.updated) if found.updated else None,
        "reading_minutes": rendered.reading_minutes,
        "html": rendered.html,
        "headings": [{"level": h.level, "text": h.text, "anchor": h.anchor}
                     for h in rendered.headings],
        "related": [summary(a) for a in related if a is not None],
        "other_language": {"lang": translation.lang, "title": translation.title,
                           "url": page_url(translation)} if translation else None,
        "stale": library.is_stale(found),
    }


def query_text() -> str:
    """``q``, stripped and cut as the search page cuts it."""
    return request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]


@bp.get("/search")
@spec.validate(query=schemas.SearchQuery, resp=read(schemas.SearchPage), tags=["search"],
               skip_validation=True, operation_id="search")
def search_articles():
    """Articles for ``q``, best first: the site's index and ranking, with snippets."""
    return content_read(search_results)


def search_results() -> dict:
    """A page of results for ``q``."""
    query = query_text()
    index = search.search_index()
    library = articles.library()
    hits = index.search(query, g.lang_code) if query else []
    corrected = index.did_you_mean(query, g.lang_code) if hits else None

    def hit(found) -> dict:
        article = library.article(found.document.slug, g.lang_code, drafts=True)
        return summary(article) | {"snippet": search.snippet(
            found.document.body, found.terms, g.lang_code)}

    return paginate(hits, hit) | {"corrected": corrected}


@bp.get("/search/suggestions")
@spec.validate(query=schemas.SuggestQuery, resp=read(schemas.Suggestions), tags=["search"],
               skip_validation=True, operation_id="suggest")
def suggestions():
    """Up to six titles for what has been typed (two characters or more)."""
    return content_read(suggestion_list)


def suggestion_list() -> dict:
    """The titles for ``q``."""
    query = query_text()
    documents = search.search_index().suggest(query, g.lang_code) if len(query) >= 2 else []
    library = articles.library()
    return {"items": [
        {"title": doc.title,
         "section": (library.section(doc.section, g.lang_code).title
                     if library.section(doc.section, g.lang_code) else doc.section),
         "url": url_for("articles.article", lang_code=g.lang_code, section=doc.section,
                        slug=doc.slug)}
        for doc in documents[:MAX_SUGGESTIONS]]}


@bp.get("/topics")
@spec.validate(query=schemas.LangQuery, resp=read(schemas.Topics), tags=["cases"],
               skip_validation=True, operation_id="listTopics")
def topics():
    """The topics of both forms, with their labels (and the technical subtopics)."""
    return content_read(topic_list)


def topic_list() -> dict:
    """Both forms' topics in the asked language."""
    found = articles.topics()
    return {
        "complaint": [{"key": key, "label": item["label"][g.lang_code],
                       "ground": item["ground"], "subtopics": None}
                      for key, item in found.complaint_topics.items()],
        "technical_issue": [{"key": key, "label": item["label"][g.lang_code], "ground": None,
                             "subtopics": [{"key": sub_key, "label": sub["label"][g.lang_code]}
                                           for sub_key, sub in item["subtopics"].items()]}
                            for key, item in found.technical_topics.items()],
    }
