"""Words and times on console pages, in the staff member's language.

Statuses and outcomes are named by the case service; the console adds what only staff read:
who wrote a thread entry, what a timeline line means, ages and "3 days ago".
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from flask_babel import (
    format_date,
    format_number,
    format_percent,
    format_time,
    format_timedelta,
    get_locale,
    gettext,
)
from flask_babel import lazy_gettext as _l

from helpcenter import clock
from helpcenter.cases import service as cases

KIND_LABELS = {"complaint": _l("Complaint"), "technical_issue": _l("Technical issue")}

ENTRY_LABELS = {
    "filing": _l("Original message from the partner"),
    "message": _l("Message from the partner"),
    "note": _l("Internal note"),
    "update": _l("Message to the partner"),
    "request_info": _l("Request for information"),
    "resolution": _l("Proposed resolution"),
    "disagreement": _l("The partner disagrees"),
    "withdrawal": _l("The partner withdrew the case"),
    "reminder": _l("Automatic progress update"),
}

ACTION_LABELS = {
    "filed": _l("Filed by the partner"),
    "assigned": _l("Assigned"),
    "note": _l("Internal note added"),
    "message": _l("Message"),
    "request_info": _l("Information requested"),
    "resolution": _l("Resolution proposed"),
    "closed": _l("Closed"),
    "accepted": _l("The partner accepted the resolution"),
    "disagreed": _l("The partner disagreed"),
    "mediation_requested": _l("The partner requested mediation"),
    "withdrawn": _l("The partner withdrew the case"),
    "reminded": _l("Automatic progress update sent"),
    "link_reissued": _l("A new case link was emailed"),
}

ACTOR_LABELS = {"partner": _l("Partner"), "staff": _l("Case handler"), "system": _l("System")}

DETAIL_LABELS = {
    "partner": _l("Partner"),
    "guest": _l("Guest"),
    "extranet": _l("Extranet"),
    "pulse-app": _l("Pulse app"),
}


def kind_label(kind: str) -> str:
    """"Complaint" / "Klacht"."""
    return str(KIND_LABELS.get(kind, kind))


def entry_label(kind: str) -> str:
    """What a thread entry is: a message from the partner, an internal note …"""
    return str(ENTRY_LABELS.get(kind, kind))


def action_label(action: str) -> str:
    """What a timeline line records."""
    return str(ACTION_LABELS.get(action, action))


def actor_label(actor: str) -> str:
    """Who acted: partner, case handler or the system."""
    return str(ACTOR_LABELS.get(actor, actor))


def detail_label(value: str | None) -> str:
    """Requester type and location in words: "Guest", "Pulse app"."""
    return str(DETAIL_LABELS.get(value, value or ""))


def country_name(code: str | None) -> str:
    """"Nederland" / "Netherlands" for ``NL``."""
    if not code:
        return ""
    return Locale.parse(str(get_locale())).territories.get(code, code)


def day(date: dt.date) -> str:
    """"27 november 2026" / "November 27, 2026"."""
    return format_date(date, "long")


def when(moment: dt.datetime) -> str:
    """"24 nov 2026 om 17:12": in the site's time zone, without seconds."""
    return gettext("%(date)s at %(time)s", date=format_date(moment, "medium"),
                   time=format_time(moment, "short"))


def age(moment: dt.datetime) -> str:
    """How long ago, without the word "ago": "3 days", "2 uur"."""
    return format_timedelta(clock.utcnow() - moment, threshold=1.0)


def ago(moment: dt.datetime) -> str:
    """"3 days ago" / "3 dagen geleden"."""
    return format_timedelta(moment - clock.utcnow(), threshold=1.0, add_direction=True)


def console_labels() -> dict:
    """Template helpers for console pages."""
    return {"kind_label": kind_label, "entry_label": entry_label, "action_label": action_label,
            "actor_label": actor_label, "detail_label": detail_label,
            "country_name": country_name, "day": day, "when": when, "age": age, "ago": ago,
            "status_name": cases.status_name, "outcome_label": cases.outcome_label,
            "format_number": format_number, "percent": format_percent}
