"""``flask feedback report``: worst first, reasons, comments, version comparison, filters, CSV."""

import csv
import datetime as dt
import io

import pytest

from helpcenter.extensions import db
from helpcenter.feedback.models import ArticleVote


def add_votes(app, slug, lang, version, yes, no, reason=None, comment=None, when=None):
    when = when or dt.datetime(2026, 7, 1)
    with app.app_context():
        for index in range(yes + no):
            db.session.add(ArticleVote(
                slug=slug, lang=lang, article_updated=dt.date.fromisoformat(version),
                visitor_hash=f"{slug}-{lang}-{version}-{index}", helpful=index < yes,
                reason=reason if index >= yes else None,
                comment=comment if index >= yes else None,
                created_at=when, updated_at=when))
        db.session.commit()


@pytest.fixture
def voted(content_app):
    add_votes(content_app, "first-steps", "en", "2026-05-01", yes=1, no=4, reason="unclear",
              comment="Too vague")
    add_votes(content_app, "first-steps", "en", "2026-06-01", yes=4, no=1)
    add_votes(content_app, "stale", "nl", "2026-05-02", yes=0, no=2, reason="inaccurate",
              comment="Klopt niet meer", when=dt.datetime(2026, 9, 1))
    add_votes(content_app, "english-only", "en", "2026-06-01", yes=3, no=0)
    return content_app


def test_report_worst_first_with_trend(voted):
    result = voted.test_cli_runner().invoke(args=["feedback", "report"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    order = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert order == ["nl/guides/stale", "en/guides/first-steps", "en/guides/english-only"]
    assert ("helpful 50%  yes 5  no 5  latest version 2026-06-01: 80% "
            "(previous 2026-05-01: 20%, better)") in result.output
    assert "reasons: unclear 4" in result.output
    assert "[inaccurate] Klopt niet meer" in result.output


def test_report_filters(voted):
    runner = voted.test_cli_runner()
    output = runner.invoke(args=["feedback", "report", "--lang", "nl"]).output
    assert "stale" in output and "first-steps" not in output
    output = runner.invoke(args=["feedback", "report", "--since", "2026-08-01"]).output
    assert "stale" in output and "first-steps" not in output
    output = runner.invoke(args=["feedback", "report", "--section", "nowhere"]).output
    assert output.strip() == "No votes yet."
    assert runner.invoke(args=["feedback", "report", "--since", "yesterday"]).exit_code == 2


def test_report_csv(voted):
    result = voted.test_cli_runner().invoke(args=["feedback", "report", "--csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    first = next(row for row in rows if row["slug"] == "first-steps")
    assert (first["yes"], first["no"], first["helpful_ratio"]) == ("5", "5", "0.500")
    assert (first["latest_ratio"], first["previous_ratio"]) == ("0.800", "0.200")
    assert first["reasons"] == "unclear=4"
