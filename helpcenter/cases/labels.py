"""Words for case statuses and topics, in the page's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "received": _l("Received"),
    "in_progress": _l("In progress"),
    "waiting_for_partner": _l("Waiting for you"),
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
}


def status_label(status: str) -> str:
    """The partner-facing name of a case status."""
    return str(STATUS_LABELS.get(status, status))


def topic_label(topics, case) -> str:
    """"Account › Logging in" for a technical issue, the topic's label for a complaint."""
    lang = case.lang
    if case.kind == "complaint":
        item = topics.complaint_topics.get(case.topic)
        return item["label"].get(lang, case.topic) if item else case.topic
    item = topics.technical_topics.get(case.topic)
    if item is None:
        return case.topic
    sub = item["subtopics"].get(case.subtopic)
    label = item["label"].get(lang, case.topic)
    return f"{label} › {sub['label'].get(lang, case.subtopic)}" if sub else label


def case_labels() -> dict:
    """Template helpers for case pages."""
    return {"status_label": status_label, "topic_label": topic_label}
