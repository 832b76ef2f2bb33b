"""The editors' pages: the feedback report and the content status, in both languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from helpcenter.extensions import db
from helpcenter.feedback.models import ArticleVote
from tests.articles.conftest import content_app, content_dir  # noqa: F401
from tests.staff.conftest import logged_in
from tests.staff.console_helpers import NASTY


def add_votes(app, slug, lang, version, yes, no, reason=None, comment=None):
    """``yes`` + ``no`` votes from different visitors on one version of an article."""
    when = dt.datetime(2026, 7, 1, 12)
    with app.app_context():
        for index in range(yes + no):
            db.session.add(ArticleVote(
                slug=slug, lang=lang, article_updated=dt.date.fromisoformat(version),
                visitor_hash=f"{slug}-{lang}-{version}-{index}", helpful=index < yes,
                reason=reason if index >= yes else None,
                comment=comment if index >= yes else None, created_at=when, updated_at=when))
        db.session.commit()


@pytest.fixture
def editor(content_app, make_staff):  # noqa: F811
    """A client of the test content, logged in as an editor."""
    add_votes(content_app, "first-steps", "en", "2026-05-01", yes=1, no=4, reason="unclear",
              comment="Too vague")
    add_votes(content_app, "first-steps", "en", "2026-06-01", yes=4, no=1)
    add_votes(content_app, "stale", "nl", "2026-05-02", yes=0, no=2, reason="inaccurate",
              comment=" ".join(NASTY))
    add_votes(content_app, "english-only", "en", "2026-06-01", yes=3, no=0)
    return logged_in(content_app.test_client(), make_staff(role="editor", app=content_app))


def test_feedback_report_worst_first_with_reasons_comments_and_trend(editor):
    page = editor.get("/en/staff/feedback").text
    titles = re.findall(r'<h2><a href="/(?:en|nl)/guides/([a-z-]+)"', page)
    assert titles == ["stale", "first-steps", "english-only"]
    assert "50% helpful" in page and "Yes: 5" in page and "No: 5" in page
    flat = " ".join(page.split())
    assert ("Version of June 1, 2026: 80% helpful (version of May 1, 2026: 20%; "
            "<strong>better</strong>)") in flat
    assert "It is hard to understand: 4" in page
    assert "The information is wrong or out of date: 2" in page
    assert "Too vague" in page
    assert "no earlier version received votes" in page


def test_feedback_report_in_dutch_and_filtered_by_language(editor):
    page = editor.get("/nl/staff/feedback?lang=nl").text
    assert '<html lang="nl">' in page and "Feedback op artikelen" in page
    assert re.findall(r'<h2><a href="/(?:en|nl)/guides/([a-z-]+)"', page) == ["stale"]
    assert "0% nuttig" in page and "Opgegeven redenen" in page
    assert "<li>De informatie klopt niet of is verouderd: 2</li>" in page
    assert editor.get("/en/staff/feedback?lang=xx").status_code == 200


def test_feedback_comments_are_shown_literally(editor):
    page = editor.get("/en/staff/feedback").text
    assert "<script>alert(1)</script>" not in page and "<svg onload" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "{{7*7}}" in page


def test_content_status_lists_every_article_and_language(editor):
    page = editor.get("/en/staff/content").text
    rows = dict(re.findall(r'<th scope="row">([^<]+) <span class="hint">([a-z-]+)</span>', page))
    assert set(rows.values()) == {"first-steps", "english-only", "secret-plan", "stale"}
    english_only = page.split("english-only</span>")[1].split("</tr>")[0]
    assert "present" in english_only and "missing" in english_only
    assert "draft" in page.split("secret-plan</span>")[1].split("</tr>")[0]
    assert "stale" in page.split(">stale</span>")[1].split("</tr>")[0]
    dutch = editor.get("/nl/staff/content").text
    assert "Status van de inhoud" in dutch and "ontbreekt" in dutch and "verouderd" in dutch
    assert "Oude vertaling" in dutch and "Eerste stappen" in dutch
