"""The 2025 report of a known set of cases: every figure, in both languages, in the page,
the CSV and ``flask report build``; the years list, the cache and small numbers."""

from __future__ import annotations

import csv
import io
import re

import pytest
from markupsafe import escape

from helpcenter.extensions import db
from tests.cases.lifecycle_helpers import shared_app
from tests.report.known_cases import (
    EXPECTED_2025,
    EXPECTED_CHANGES,
    T,
    file,
    make_known_cases,
)

LABELS = {"en": 0, "nl": 1}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    for made in shared_app(tmp_path_factory):
        with made.test_request_context("/"):
            make_known_cases()
            db.session.remove()
        yield made


@pytest.fixture
def client(app):
    return app.test_client()


def rows_of(html: str) -> list[tuple[str, list[str]]]:
    """Every table row of the page in order: its header cell and data cells (tags stripped)."""
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        head = re.search(r'<th scope="row">(.*?)</th>', row, re.S)
        if head:
            cells = [re.sub(r"<[^>]+>", "", c).strip()
                     for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            found.append((head.group(1).strip(), cells))
    return found


def csv_rows(text: str) -> dict[str, tuple[str, str]]:
    return {row["key"]: (row["label"], row["value"]) for row in csv.DictReader(io.StringIO(text))}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_figure_in_the_csv(client, lang):
    response = client.get(f"/{lang}/complaint-handling-report/2025.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = csv_rows(response.get_data(as_text=True))
    assert rows["year"][1] == "2025"
    figures = {key: value for key, value in rows.items() if key != "year"}
    assert set(figures) == set(EXPECTED_2025)
    for key, (en, nl, machine) in EXPECTED_2025.items():
        expected = machine if machine is not None else (en if lang == "en" else nl)
        assert figures[key][1] == expected, key


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_figure_and_change_on_the_page(client, lang):
    """The page's tables show the figures in the CSV's order, each with its CSV label."""
    labels = csv_rows(client.get(f"/{lang}/complaint-handling-report/2025.csv")
                      .get_data(as_text=True))
    del labels["year"]
    html = client.get(f"/{lang}/complaint-handling-report/2025").get_data(as_text=True)
    rows = rows_of(html)
    assert len(rows) == len(labels)
    for (key, (label, _value)), (shown, cells) in zip(labels.items(), rows, strict=True):
        assert shown == str(escape(label)), key
        value, change = cells
        texts = EXPECTED_2025[key]
        assert value == texts[LABELS[lang]], key
        expected_change = EXPECTED_CHANGES.get(key, ("", ""))[LABELS[lang]]
        if key in EXPECTED_CHANGES:
            assert change == (expected_change or "–"), key


def test_labels_and_words_in_both_languages(client):
    en = client.get("/en/complaint-handling-report/2025").get_data(as_text=True)
    nl = client.get("/nl/complaint-handling-report/2025").get_data(as_text=True)
    assert "Complaint Handling Report 2025" in en
    assert "Jaarverslag klachtenafhandeling 2025" in nl
    for word in ("Gegrond", "Deels gegrond", "Ongegrond", "Ingetrokken", "bemiddeling"):
        assert word in nl
    assert "Ranking in search results" in en and "Positie in zoekresultaten" in nl
    assert "(to date)" not in en  # 2025 is over


def test_charts_are_svg_with_title_description_and_labels(client):
    html = client.get("/en/complaint-handling-report/2025").get_data(as_text=True)
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) == 4
    for chart in charts:
        assert "<title" in chart and "<desc" in chart and 'role="img"' in chart
        assert "style=" not in chart
    topics = charts[0]
    assert ">6</text>" in topics and ">fewer than 5</text>" in topics
    assert topics.count("<rect") == 1  # the small topic gets no bar
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    assert "style=" not in html


@pytest.mark.parametrize("lang,expected", [("en", ["4.5 days", "fewer than 5", "71.4%"]),
                                           ("nl", ["4,5 dagen", "minder dan 5", "71,4%"])])
def test_the_command_prints_the_same_figures(app, lang, expected):
    result = app.test_cli_runner().invoke(args=["report", "build", "--year", "2025",
                                                "--lang", lang])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert set(lines) == set(EXPECTED_2025)
    for key, texts in EXPECTED_2025.items():
        assert texts[LABELS[lang]] in lines[key], key
    for text in expected:
        assert text in result.output


def test_the_command_prints_the_csv(app, client):
    result = app.test_cli_runner().invoke(args=["report", "build", "--year", "2025",
                                                "--lang", "nl", "--csv"])
    assert result.exit_code == 0, result.output
    download = client.get("/nl/complaint-handling-report/2025.csv").get_data(as_text=True)
    assert result.output.splitlines() == download.splitlines()


def test_years_with_data_newest_first(client):
    html = client.get("/en/complaint-handling-report").get_data(as_text=True)
    assert html.index("/en/complaint-handling-report/2025") < html.index(
        "/en/complaint-handling-report/2024")
    assert "/en/complaint-handling-report/2026" not in html
    latest = client.get("/nl/complaint-handling-report/latest")
    assert latest.status_code == 302
    assert latest.headers["Location"].endswith("/nl/complaint-handling-report/2025")


def test_a_year_without_data_is_not_found(client):
    assert client.get("/en/complaint-handling-report/2019").status_code == 404
    assert client.get("/en/complaint-handling-report/2019.csv").status_code == 404


def test_the_previous_year_shows_open_at_year_end(client):
    rows = csv_rows(client.get("/en/complaint-handling-report/2024.csv").get_data(as_text=True))
    assert rows["complaints.total"][1] == "3"
    assert rows["complaints.outcome.open_at_year_end"][1] == "1"
    assert rows["complaints.days.average"][1] == "11.0"
    assert rows["complaints.days.median"][1] == "10.0"
    assert rows["complaints.answered_in_time.percent"][1] == "66.7"
    assert rows["complaints.topic.ranking"][1] == "fewer than 5"


def test_the_page_is_cached_until_a_case_changes(app, client):
    """Runs last: it adds a complaint to 2024."""
    first = client.get("/en/complaint-handling-report/2024")
    assert "public" in first.headers["Cache-Control"]
    again = client.get("/en/complaint-handling-report/2024",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    with app.test_request_context("/"):
        file("complaint", "data-access", "a", T(2024, 8, 1, 9))
        db.session.remove()
    changed = client.get("/en/complaint-handling-report/2024")
    assert changed.headers["ETag"] != first.headers["ETag"]
    rows = dict(rows_of(changed.get_data(as_text=True)))
    assert rows["Complaints received"][0] == "4"
