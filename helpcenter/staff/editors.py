"""Pages for editors (role editor or admin): the feedback report and the content status.

They show what ``flask feedback report`` and ``flask content status`` print, for an editor
who would rather not open a terminal. Handlers get 403 here.
"""

from __future__ import annotations

from flask import g, render_template, request

from helpcenter.articles import service as articles
from helpcenter.feedback import service as feedback
from helpcenter.i18n import LANGUAGES
from helpcenter.staff.auth import roles_required

EDITOR_ROLES = ("editor", "admin")


def trend(row) -> str | None:
    """"better", "worse" or "same" for the newest voted version against the one before."""
    latest, previous = row.latest, row.previous
    if latest is None or previous is None:
        return None
    if latest.ratio > previous.ratio:
        return "better"
    return "worse" if latest.ratio < previous.ratio else "same"


@roles_required(*EDITOR_ROLES)
def feedback_report():
    """Per article and language: how helpful, why not, the latest comments; worst first."""
    lang = request.args.get("lang")
    lang = lang if lang in LANGUAGES else None
    rows = feedback.editor_report(lang)
    return render_template("staff/feedback.html", rows=rows, lang=lang, languages=LANGUAGES,
                           trend=trend, reason_label=feedback.reason_label)


@roles_required(*EDITOR_ROLES)
def content_status():
    """Every article in every language: present, missing, stale (older than its source) or
    draft."""
    library = articles.library()
    rows = articles.content_status()
    titles = {slug: next((library.articles[(slug, lang)].title for lang in (g.lang_code,
                          *LANGUAGES) if (slug, lang) in library.articles), slug)
              for _section, slug, _states in rows}
    return render_template("staff/content.html", rows=rows, titles=titles, languages=LANGUAGES)
