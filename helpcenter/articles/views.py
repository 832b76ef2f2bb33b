"""Article pages: the home page, sections, articles and the visitor's saved articles."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from helpcenter.articles import saved
from helpcenter.articles.forms import SaveArticleForm
from helpcenter.articles.library import Article, ContentLibrary
from helpcenter.articles.store import content_store
from helpcenter.extensions import csrf
from helpcenter.feedback import service as feedback
from helpcenter.pagecache import cached_page

bp = Blueprint("articles", __name__)

HOME_ARTICLES = 6  # "Most useful articles" on the home page: voted first, then featured
CARD_ARTICLES = 4  # a section's top articles on its card on the home page


def show_drafts() -> bool:
    """Drafts are visible only when the site runs in preview mode for editors."""
    return bool(current_app.config["CONTENT_PREVIEW"])


@bp.get("/<lang:lang_code>/")
def home():
    """Search first, the most useful articles, the sections as cards, cases and contact."""
    store = content_store()
    library = store.library()
    useful = tuple(feedback.most_useful(g.lang_code, HOME_ARTICLES))

    def context() -> dict:
        sections = [
            (library.section(key, g.lang_code), key,
             library.in_section(key, g.lang_code, drafts=show_drafts()))
            for key in library.section_keys()
        ]
        return {"sections": [entry for entry in sections if entry[2]],
                "most_useful": most_useful_articles(library, useful),
                "card_articles": CARD_ARTICLES}

    return cached_page(("home", g.lang_code, store.generation, useful), "articles/home.html",
                       context)


def most_useful_articles(library: ContentLibrary, useful: tuple[str, ...]) -> list[Article]:
    """The articles partners voted most helpful; while those are few, the editors' featured.

    Featured articles (``featured: true`` in the front matter) fill the list up to
    ``HOME_ARTICLES``, so a new site, or a new language, does not open on an empty list.
    """
    voted = [library.article(slug, g.lang_code) for slug in useful]
    chosen = [a for a in voted if a is not None]
    for article in library.featured(g.lang_code, drafts=show_drafts()):
        if len(chosen) >= HOME_ARTICLES:
            break
        if all(a.slug != article.slug for a in chosen):
            chosen.append(article)
    return chosen


@bp.get("/<lang:lang_code>/<section>/", strict_slashes=False)
def section(section: str):
    """One section's articles in order.

    The route also matches without the trailing slash, so an unknown ``/nl/anything`` is a
    404 straight away instead of a redirect to ``/nl/anything/`` and then a 404.
    """
    store = content_store()
    library = store.library()
    articles = library.in_section(section, g.lang_code, drafts=show_drafts())
    info = library.section(section, g.lang_code)
    if not articles and info is None:
        abort(404)
    if not request.path.endswith("/"):
        return redirect(url_for(".section", section=section), 308)
    return cached_page(
        ("section", section, g.lang_code, store.generation),
        "articles/section.html",
        lambda: {"section": info, "section_key": section, "articles": articles,
                 "all_sections": section_titles(library)},
    )


def section_titles(library: ContentLibrary) -> list[tuple[str, str]]:
    """``(key, title)`` of every section with articles in this language, in order."""
    return [(key, info.title if info else key)
            for key in library.section_keys()
            if library.in_section(key, g.lang_code, drafts=show_drafts())
            for info in [library.section(key, g.lang_code)]]


@bp.get("/<lang:lang_code>/<section>/<slug>")
def article(section: str, slug: str):
    """An article; or, when it exists only in the other language, a page that says so."""
    store = content_store()
    library = store.library()
    found = library.article(slug, g.lang_code, drafts=show_drafts())
    if found is None:
        return article_elsewhere(slug)
    if found.section != section:  # the editors moved it to another section
        return redirect(url_for(".article", section=found.section, slug=slug), 301)
    state = (saved.is_saved(slug), feedback.current_state(slug, g.lang_code))
    return cached_page(
        ("article", slug, g.lang_code, store.generation, state),
        "articles/article.html",
        lambda: article_context(found) | feedback.vote_panel(slug, g.lang_code),
        last_modified=dt.datetime.fromtimestamp(found.file.mtime_ns // 10**9, dt.UTC),
    )


def article_context(found: Article) -> dict:
    """What the article template shows, apart from the vote panel's state."""
    store = content_store()
    library = store.library()
    translation = library.other_language(found, drafts=show_drafts())
    return {
        "article": found,
        "rendered": store.rendered(found),
        "section": library.section(found.section, g.lang_code),
        "in_section": library.in_section(found.section, found.lang, drafts=show_drafts()),
        "related": related_articles(found),
        "translation": translation,
        "stale": library.is_stale(found),
        "is_saved": saved.is_saved(found.slug),
        "alternate_languages": [a.lang for a in (found, translation) if a is not None],
    }


def article_elsewhere(slug: str):
    """Say the article is not in this language and link the other language (404 status)."""
    other = content_store().library().find(slug, g.lang_code, drafts=show_drafts())
    if other is None:
        abort(404)
    return render_template("articles/missing.html", other=other), 404


def related_articles(article: Article) -> list[Article]:
    """The related articles that exist in the article's language."""
    library = content_store().library()
    found = (library.article(slug, article.lang, drafts=show_drafts())
             for slug in article.related)
    return [a for a in found if a is not None]


@bp.get("/<lang:lang_code>/saved")
def saved_list():
    """The articles the visitor saved, in this language where possible."""
    library = content_store().library()
    articles = []
    for slug in saved.saved_slugs():
        found = library.find(slug, g.lang_code, drafts=show_drafts())
        if found is not None:
            articles.append(found)
    return render_template("articles/saved.html", articles=articles)


@bp.post("/<lang:lang_code>/saved")
@csrf.exempt  # the page holds no token; helpcenter.crossorigin refuses forged requests
def save_article():
    """Save or remove an article; back to the article (no JS) or JSON (fetch)."""
    form = SaveArticleForm()
    library = content_store().library()
    wants_json = request.accept_mimetypes.best == "application/json"
    target = library.find(form.slug.data, g.lang_code) if form.validate() else None
    if target is None:
        if wants_json:
            return jsonify(error=_("This article cannot be saved.")), 400
        abort(400)
    now_saved = form.action.data == "save"
    saved.set_saved(form.slug.data, now_saved)
    if wants_json:
        return jsonify(saved=now_saved,
                       label=_("Remove from saved") if now_saved else _("Save"),
                       status=_("Saved") if now_saved else _("Removed from saved articles"))
    if request.form.get("next") == "saved":
        return redirect(url_for(".saved_list"), 303)
    return redirect(url_for(".article", section=target.section, slug=target.slug,
                            lang_code=target.lang), 303)
