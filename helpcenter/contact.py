"""Where the "contact us" links of every page point: the complaint and technical-issue forms."""

from __future__ import annotations

from flask import url_for


def technical_issue_url(topic: str | None = None, subtopic: str | None = None) -> str:
    """The technical-issue form, with ``topic``/``subtopic`` filled in when given."""
    return url_for("cases.technical_issue", topic=topic, subtopic=subtopic)


def complaint_url() -> str:
    """The complaint form in the Dispute resolution centre."""
    return url_for("cases.complaint")


def contact_context() -> dict:
    """Template globals for the contact routes."""
    return {"technical_issue_url": technical_issue_url, "complaint_url": complaint_url}
