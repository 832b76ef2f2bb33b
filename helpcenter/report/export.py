"""The report as CSV: one row per figure (machine key, label in the page's language, value)."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext

from helpcenter.report.figures import Report


def report_csv(report: Report) -> str:
    """The CSV text; a hidden small count has the "fewer than 5" text as its value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["key", "label", "value"])
    writer.writerow(["year", gettext("Year"), str(report.year)])
    for figure in report.rows():
        writer.writerow([figure.key, figure.label, figure.machine])
    return out.getvalue()


def report_lines(report: Report) -> list[str]:
    """The figures as aligned text lines for ``flask report build``."""
    lines = [gettext("Complaint Handling Report %(year)s", year=report.year)]
    for figure in report.rows():
        change = f"  ({figure.change})" if figure.change else ""
        lines.append(f"{figure.key:<44} {figure.text:>16}  {figure.label}{change}")
    return lines
