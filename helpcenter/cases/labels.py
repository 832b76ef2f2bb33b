"""Words for case statuses, topics and times, in the language they are shown in."""

from __future__ import annotations

import datetime as dt

from flask_babel import format_date, format_time, get_locale, gettext
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


def topic_label(topics, case, lang: str | None = None) -> str:
    """"Account › Other" for a technical issue, the topic's label for a complaint, in ``lang``.

    ``lang`` is the language the label is shown in, by default the page's: a case page follows
    the page, whatever language the case was filed in. An email about the case passes the
    case's language.
    """
    lang = lang or str(get_locale())
    if case.kind == "complaint":
        item = topics.complaint_topics.get(case.topic)
        return item["label"].get(lang, case.topic) if item else case.topic
    item = topics.technical_topics.get(case.topic)
    if item is None:
        return case.topic
    sub = item["subtopics"].get(case.subtopic)
    label = item["label"].get(lang, case.topic)
    return f"{label} › {sub['label'].get(lang, case.subtopic)}" if sub else label


def date_and_time(moment: dt.datetime) -> str:
    """"24 nov 2026 om 17:12" / "Nov 24, 2026 at 5:12 PM": in the site's time zone, no seconds.

    Babel's own date-time patterns join date and time with a comma and show seconds; a case
    page reads better with the word a person would use.
    """
    return gettext("%(date)s at %(time)s", date=format_date(moment, "medium"),
                   time=format_time(moment, "short"))


def case_labels() -> dict:
    """Template helpers for case pages."""
    return {"status_label": status_label, "topic_label": topic_label,
            "date_and_time": date_and_time}
