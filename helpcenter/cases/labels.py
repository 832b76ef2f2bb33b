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
    "accepted": _l("Resolution accepted"),
    "disagreed": _l("You disagree with the resolution"),
    "mediation_requested": _l("Mediation requested"),
    "closed": _l("Closed"),
    "withdrawn": _l("Withdrawn"),
}
# What the status means for the partner, in one sentence under it on the case page.
STATUS_EXPLANATIONS = {
    "received": _l("We have received your case. A case handler will take it up."),
    "in_progress": _l("A case handler is working on your case."),
    "waiting_for_partner": _l("We have asked you for more information. Please answer below, "
                              "so that we can continue."),
    "resolved": _l("We have offered a resolution. Please tell us whether you accept it."),
    "accepted": _l("You have accepted the resolution. We will close the case."),
    "disagreed": _l("You have told us that you disagree with the resolution. A case handler "
                    "looks at your reasons."),
    "mediation_requested": _l("You have asked for mediation. We will contact you about the "
                              "next steps with the mediator."),
    "closed": _l("This case is closed."),
    "withdrawn": _l("You have withdrawn this case. We have stopped handling it."),
}
# The partner's timeline: what each event was, seen from the partner's side.
EVENT_LABELS = {
    ("partner", "filed"): _l("You submitted the case."),
    ("staff", "assigned"): _l("A case handler took up your case."),
    ("partner", "message"): _l("You sent a message."),
    ("staff", "message"): _l("The case handler sent you a message."),
    ("staff", "request_info"): _l("The case handler asked you for more information."),
    ("staff", "resolution"): _l("The case handler offered a resolution."),
    ("partner", "accepted"): _l("You accepted the resolution."),
    ("partner", "disagreed"): _l("You told us that you disagree with the resolution."),
    ("partner", "mediation_requested"): _l("You asked for mediation."),
    ("partner", "withdrawn"): _l("You withdrew the case."),
    ("staff", "closed"): _l("The case was closed."),
    ("partner", "link_reissued"): _l("A new link to this page was emailed to you."),
    ("system", "reminded"): _l("We sent you a progress update."),
}
AUTHOR_LABELS = {
    "partner": _l("You"),
    "staff": _l("Case handler"),
    "system": _l("Partner Help Centre"),
}
MESSAGE_KIND_LABELS = {
    "request_info": _l("Request for more information"),
    "update": _l("Update"),
    "resolution": _l("Proposed resolution"),
    "disagreement": _l("Why you disagree"),
    "withdrawal": _l("Why you withdrew the case"),
    "reminder": _l("Progress update"),
}


def status_label(status: str) -> str:
    """The partner-facing name of a case status."""
    return str(STATUS_LABELS.get(status, status))


def status_explanation(status: str) -> str:
    """One sentence on what ``status`` means for the partner ("" for an unknown status)."""
    return str(STATUS_EXPLANATIONS.get(status, ""))


def partner_event_label(entry) -> str:
    """A line of the partner's timeline (``TimelineEntry``): what happened, in their words."""
    label = EVENT_LABELS.get((entry.actor, entry.action))
    return str(label) if label else gettext("The case was updated.")


def author_label(entry) -> str:
    """Who wrote a thread entry, as the partner sees it: "You" or "Case handler"."""
    return str(AUTHOR_LABELS.get(entry.author, entry.author))


def message_kind_label(entry, case) -> str:
    """What a thread entry is ("Proposed resolution" …); "" for a plain message."""
    if entry.kind == "filing":
        return gettext("Your complaint") if case.kind == "complaint" else gettext("Your report")
    return str(MESSAGE_KIND_LABELS.get(entry.kind, ""))


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


def machine_time(moment: dt.datetime) -> str:
    """A stored (naive UTC) time for ``<time datetime>``: ``2026-11-24T16:12:05Z``."""
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def long_date(day: dt.date) -> str:
    """"donderdag 26 november 2026" / "Thursday, November 26, 2026"."""
    return format_date(day, "full")


def case_labels() -> dict:
    """Template helpers for case pages."""
    return {"status_label": status_label, "topic_label": topic_label,
            "date_and_time": date_and_time, "status_explanation": status_explanation,
            "partner_event_label": partner_event_label, "author_label": author_label,
            "message_kind_label": message_kind_label, "machine_time": machine_time,
            "long_date": long_date}
