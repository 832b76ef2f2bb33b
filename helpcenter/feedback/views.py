"""The vote endpoint: a form POST (no JavaScript) or the same request by fetch (JSON)."""

from __future__ import annotations

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

from helpcenter.articles.store import content_store
from helpcenter.articles.views import article_context
from helpcenter.extensions import csrf, limiter
from helpcenter.feedback.forms import VoteForm
from helpcenter.feedback.service import Vote, current_state, record_vote

bp = Blueprint("feedback", __name__)


def vote_limit() -> str:
    """Votes per client address: generous for a shared office, tight for a script."""
    return current_app.config["FEEDBACK_RATE_LIMIT"]


@bp.post("/<lang:lang_code>/feedback/<slug>")
@csrf.exempt  # the page holds no token; helpcenter.crossorigin refuses forged votes
@limiter.limit(vote_limit)
def vote(slug: str):
    """Record the visitor's answer; back to the article (no JS) or the new panel (JSON)."""
    wants_json = request.accept_mimetypes.best == "application/json"
    article = content_store().library().article(slug, g.lang_code)
    if article is None or article.updated is None:
        abort(404)
    form = VoteForm()
    if not form.validate():
        if wants_json:
            panel = render_template("feedback/_vote.html", article=article, vote_form=form,
                                    vote_state=current_state(slug, g.lang_code))
            return jsonify(errors=form.errors, html=panel), 400
        page = render_template("articles/article.html", **article_context(article),
                               vote_form=form, vote_state=current_state(slug, g.lang_code))
        return page, 400
    record_vote(Vote(
        slug=slug,
        lang=g.lang_code,
        article_updated=article.updated,
        helpful=form.answer.data == "yes",
        reason=form.reason.data or None,
        comment=(form.comment.data or "").strip() or None,
    ))
    if wants_json:
        panel = render_template("feedback/_vote.html", article=article, vote_form=VoteForm(
            formdata=None), vote_state=current_state(slug, g.lang_code), just_voted=True)
        return jsonify(state=current_state(slug, g.lang_code), html=panel)
    return redirect(url_for("articles.article", section=article.section, slug=slug,
                            _anchor="feedback"), 303)
