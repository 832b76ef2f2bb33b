"""The vote endpoint: a form POST (no JavaScript) or the same request by fetch (JSON).

While the database is down or locked the vote is not recorded: the article (no JavaScript) or
the panel (JSON) comes back with a notice and what was typed, as a 503 with ``Retry-After``.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
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

from helpcenter import outage
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
    try:
        record_vote(Vote(
            slug=slug,
            lang=g.lang_code,
            article_updated=article.updated,
            helpful=form.answer.data == "yes",
            reason=form.reason.data or None,
            comment=(form.comment.data or "").strip() or None,
        ), new_visitor_key=request.form.get("visitor_key"))
    except outage.DATABASE_ERRORS as error:
        if not outage.is_outage(error):
            raise
        outage.roll_back(error)
        return vote_not_recorded(article, form, wants_json)
    if wants_json:
        panel = render_template("feedback/_vote.html", article=article, vote_form=VoteForm(
            formdata=None), vote_state=current_state(slug, g.lang_code), just_voted=True)
        return jsonify(state=current_state(slug, g.lang_code), html=panel)
    return redirect(url_for("articles.article", section=article.section, slug=slug,
                            _anchor="feedback"), 303)


def vote_not_recorded(article, form: VoteForm,
                      wants_json: bool) -> tuple[Response | str, int, dict]:
    """The database could not take the vote: the panel as it was, with what was typed and a
    notice to try again (503, ``Retry-After``)."""
    headers = {"Retry-After": str(outage.retry_after())}
    message = _("We could not save your answer just now. Please send it again in a minute.")
    state = current_state(article.slug, g.lang_code)
    if wants_json:
        panel = render_template("feedback/_vote.html", article=article, vote_form=form,
                                vote_state=state, vote_unavailable=True)
        return jsonify(error=message, html=panel), 503, headers
    page = render_template("articles/article.html", **article_context(article), vote_form=form,
                           vote_state=state, vote_unavailable=True)
    return page, 503, headers
