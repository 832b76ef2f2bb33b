"""The complaint-handling report: ``/<lang>/complaint-handling-report[/<year>[.csv]]``.

The pages are the same for every visitor, so they are cached per (year, language, data
version): filing or changing any case changes the version and the page is computed again.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, g, redirect, url_for
from flask_babel import format_datetime, format_number

from helpcenter.cases import service as cases
from helpcenter.clock import utcnow
from helpcenter.pagecache import cached_page
from helpcenter.report.charts import bar_chart
from helpcenter.report.export import report_csv
from helpcenter.report.figures import build_report

bp = Blueprint("report", __name__)


@bp.get("/<lang:lang_code>/complaint-handling-report")
def index():
    """The years with data, newest first."""
    version = cases.data_version()
    return cached_page(("report-index", version), "report/index.html",
                       lambda: {"years": cases.years_with_cases()})


@bp.get("/<lang:lang_code>/complaint-handling-report/latest")
def latest():
    """The newest year's report (the help article links here), or the list when none."""
    years = cases.years_with_cases()
    if not years:
        return redirect(url_for(".index"))
    return redirect(url_for(".year", year=years[0]))


@bp.get("/<lang:lang_code>/complaint-handling-report/<int:year>")
def year(year: int):
    """One year's report, with charts, tables and the CSV link."""
    version = cases.data_version()
    if year not in cases.years_with_cases():
        abort(404)
    return cached_page(("report", year, version), "report/year.html", lambda: year_context(year))


def year_context(year: int) -> dict:
    """Everything the year page shows, computed now."""
    now = utcnow()
    return {"report": build_report(year, now), "computed": format_datetime(now, "long"),
            "bar_chart": bar_chart,
            "min_count": format_number(current_app.config["REPORT_MIN_COUNT"]),
            "answer_days": format_number(current_app.config["CASE_ANSWER_WORKING_DAYS"])}


@bp.get("/<lang:lang_code>/complaint-handling-report/<int:year>.csv")
def year_csv(year: int):
    """The same figures as CSV, labels in the page's language."""
    if year not in cases.years_with_cases():
        abort(404)
    body = report_csv(build_report(year, utcnow()))
    filename = f"complaint-handling-report-{year}-{g.lang_code}.csv"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
