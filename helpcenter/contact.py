"""Where the "contact us" links of every page point: the complaint and technical-issue routes."""

from __future__ import annotations

from flask import current_app, url_for

TECHNICAL_ISSUE_FORM = "cases.technical_issue"
COMPLAINT_FORM = "cases.complaint"


def technical_issue_url(topic: str | None = None, subtopic: str | None = None) -> str:
    """The technical-issue form with ``topic``/``subtopic`` filled in.

    Until the form exists (the cases feature), the guidance article on reporting an issue.
    """
    if TECHNICAL_ISSUE_FORM in current_app.view_functions:
        return url_for(TECHNICAL_ISSUE_FORM, topic=topic, subtopic=subtopic)
    return url_for("articles.article", section="technical-issues", slug="report-a-technical-issue")


def complaint_url() -> str:
    """The complaint form; until it exists, the guidance article on submitting a complaint."""
    if COMPLAINT_FORM in current_app.view_functions:
        return url_for(COMPLAINT_FORM)
    return url_for("articles.article", section="complaints", slug="submit-a-complaint")


def contact_context() -> dict:
    """Template globals for the contact routes."""
    return {"technical_issue_url": technical_issue_url, "complaint_url": complaint_url}
