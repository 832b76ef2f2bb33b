"""The report's figures with their keys, labels and formatting in the current language.

``build_report`` turns the raw numbers of the cases feature (``YearFigures``) into rows that
the page, the charts, the CSV and ``flask report build`` all show the same way: a machine
key, a label, the value and the change against the previous year. A topic with fewer than
``REPORT_MIN_COUNT`` cases is never shown as a number ("fewer than 5").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from flask_babel import format_decimal, format_number, format_percent, get_locale, gettext
from flask_babel import lazy_gettext as _l

from helpcenter.articles import service as articles
from helpcenter.cases import service as cases
from helpcenter.i18n import local_today

OUTCOME_KEYS = ("upheld", "partly_upheld", "not_upheld", "withdrawn")
OUTCOME_LABELS = {
    "upheld": _l("Upheld"),
    "partly_upheld": _l("Partly upheld"),
    "not_upheld": _l("Not upheld"),
    "withdrawn": _l("Withdrawn"),
    "open_at_year_end": _l("Still open at the end of the year"),
}


@dataclass(frozen=True)
class Figure:
    """One figure: ``value`` is None when it is hidden (too small) or cannot be computed."""

    key: str
    label: str
    value: float | int | None
    text: str  # the value as the page shows it
    change: str = ""  # "+3 compared with 2025", or ""
    machine: str = ""  # the value for the CSV: plain digits, or the "fewer than 5" text


@dataclass(frozen=True)
class Report:
    """A year's report: figure groups for complaints and for technical issues."""

    year: int
    to_date: bool
    previous_year: int | None  # set when the previous year has data to compare with
    complaints: dict[str, list[Figure]]
    technical: dict[str, list[Figure]]

    def rows(self) -> list[Figure]:
        """Every figure once, in page order (the CSV and the command)."""
        return [figure for groups in (self.complaints, self.technical)
                for group in groups.values() for figure in group]


def min_count() -> int:
    """Below this a topic's count is not published."""
    return int(current_app.config["REPORT_MIN_COUNT"])


def fewer_than() -> str:
    """"fewer than 5" in the current language."""
    return gettext("fewer than %(count)s", count=format_number(min_count()))


def count_figure(key: str, label: str, value: int, before: int | None,
                 year: int | None, hide_small: bool = False) -> Figure:
    """A count, hidden when small and ``hide_small``; with its change against ``before``."""
    if hide_small and 0 < value < min_count():
        return Figure(key, label, None, fewer_than(), "", fewer_than())
    change = ""
    if before is not None and year is not None and not (hide_small and before < min_count()):
        change = change_text(format_number(abs(value - before)), value - before, year)
    return Figure(key, label, value, format_number(value), change, str(value))


def days_figure(key: str, label: str, value: float | None, before: float | None,
                year: int | None) -> Figure:
    """A number of days to one decimal."""
    if value is None:
        return Figure(key, label, None, gettext("not available"), "", "")
    value = round(value, 1)
    change = ""
    if before is not None and year is not None:
        diff = round(value - round(before, 1), 1)
        change = change_text(format_decimal(abs(diff), format="#,##0.0"), diff, year)
    return Figure(key, label, value, gettext("%(days)s days",
                                             days=format_decimal(value, format="#,##0.0")),
                  change, f"{value:.1f}")


def share_figure(key: str, label: str, part: int, whole: int, before: float | None,
                 year: int | None) -> Figure:
    """A share as a percentage to one decimal (machine value: the percentage)."""
    if not whole:
        return Figure(key, label, None, gettext("not available"), "", "")
    share = round(part / whole, 3)
    change = ""
    if before is not None and year is not None:
        diff = round((share - before) * 100, 1)
        change = change_text(gettext("%(points)s percentage points",
                                     points=format_decimal(abs(diff), format="#,##0.0")),
                             diff, year)
    return Figure(key, label, share, format_percent(share, format="#,##0.0%"), change,
                  f"{share * 100:.1f}")


def change_text(amount: str, diff: float, year: int) -> str:
    """"+3 compared with 2025" / "−3 …" / "unchanged compared with 2025"."""
    if not diff:
        return gettext("unchanged compared with %(year)s", year=year)
    sign = "+" if diff > 0 else "−"
    return gettext("%(change)s compared with %(year)s", change=sign + amount, year=year)


def share_of(figures) -> float | None:
    """The answered-in-time share of a previous year, for the change."""
    return figures.answered_in_time / figures.answer_base if figures.answer_base else None


def build_report(year: int, now: dt.datetime) -> Report:
    """The report of ``year`` in the current language, computed at ``now``."""
    complaints = cases.year_figures("complaint", year, now)
    technical = cases.year_figures("technical_issue", year, now)
    before_c = cases.year_figures("complaint", year - 1, now)
    before_t = cases.year_figures("technical_issue", year - 1, now)
    has_before = bool(before_c.total or before_t.total)
    previous = year - 1 if has_before else None
    return Report(year, year >= local_today().year, previous,
                  complaint_groups(complaints, before_c if has_before else None, previous),
                  technical_groups(technical, before_t if has_before else None, previous))


def topic_labels(kind: str) -> dict[str, str]:
    """Topic key → label in the current language, in the order of ``topics.yaml``."""
    lang = str(get_locale())
    topics = articles.topics()
    source = topics.complaint_topics if kind == "complaint" else topics.technical_topics
    return {key: item["label"].get(lang, key) for key, item in source.items()}


def by_topic(prefix: str, kind: str, now, before, year) -> list[Figure]:
    """One figure per topic with cases (in the order of ``topics.yaml``, unknown keys last)."""
    labels = topic_labels(kind)
    keys = [key for key in labels if key in now.by_topic]
    keys += sorted(key for key in now.by_topic if key not in labels)
    return [count_figure(f"{prefix}.topic.{key}", labels.get(key, key), now.by_topic[key],
                         before.by_topic.get(key, 0) if before else None, year,
                         hide_small=True)
            for key in keys]


def complaint_groups(now, before, year) -> dict[str, list[Figure]]:
    """The complaints' figures, grouped as the page shows them."""
    lang = str(get_locale())
    grounds = articles.topics().grounds
    ago = before if before is not None else None

    def count(key, label, attr):
        return count_figure(key, str(label), getattr(now, attr),
                            getattr(ago, attr) if ago else None, year)

    return {
        "total": [count("complaints.total", _l("Complaints received"), "total")],
        "topics": by_topic("complaints", "complaint", now, ago, year),
        "grounds": [
            count_figure(f"complaints.ground.{key}",
                         gettext("Ground %(letter)s: %(label)s", letter=key,
                                 label=grounds.get(key, {}).get(lang, key)),
                         now.by_ground.get(key, 0),
                         ago.by_ground.get(key, 0) if ago else None, year)
            for key in ("a", "b", "c")],
        "time": [
            days_figure("complaints.days.average", str(_l("Average time to outcome")),
                        now.average_days, ago.average_days if ago else None, year),
            days_figure("complaints.days.median", str(_l("Median time to outcome")),
                        now.median_days, ago.median_days if ago else None, year),
            share_figure("complaints.answered_in_time.percent",
                         str(_l("Answered within the promised time")), now.answered_in_time,
                         now.answer_base, share_of(ago) if ago else None, year)],
        "outcomes": [
            count_figure(f"complaints.outcome.{key}", str(OUTCOME_LABELS[key]),
                         now.outcomes.get(key, 0),
                         ago.outcomes.get(key, 0) if ago else None, year)
            for key in OUTCOME_KEYS
        ] + [count("complaints.outcome.open_at_year_end",
                   OUTCOME_LABELS["open_at_year_end"], "open_at_year_end")],
        "decisions": [
            count("complaints.decision.accepted", _l("Outcome accepted by the partner"),
                  "accepted"),
            count("complaints.decision.disagreed", _l("Partner disagreed with the outcome"),
                  "disagreed"),
            count("complaints.mediation_requests", _l("Requests for mediation"),
                  "mediation_requests")],
    }


def technical_groups(now, before, year) -> dict[str, list[Figure]]:
    """The technical issues' figures: counted apart from the complaints."""
    return {
        "total": [count_figure("technical.total", str(_l("Technical issues reported")),
                               now.total, before.total if before else None, year)],
        "topics": by_topic("technical", "technical_issue", now, before, year),
        "time": [
            days_figure("technical.days.average", str(_l("Average time to outcome")),
                        now.average_days, before.average_days if before else None, year),
            days_figure("technical.days.median", str(_l("Median time to outcome")),
                        now.median_days, before.median_days if before else None, year)],
    }
