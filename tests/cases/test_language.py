"""Case pages speak the page's language: topic labels, dates and the next steps that fit."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from helpcenter.articles.store import content_store
from helpcenter.cases.labels import date_and_time, topic_label
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from tests.mail.sent import email_text


def open_case_page(app, client, lang: str, issue_data: dict) -> str:
    """File ``issue_data`` in ``lang``, open the emailed link; return the case page's path."""
    assert client.post(f"/{lang}/technical-issue", data=issue_data).status_code == 303
    with app.app_context():
        body = email_text(db.session.scalar(select(OutboxMessage)))
    link = re.search(rf"http://localhost(/{lang}/case/\S+)", body).group(1)
    return client.get(link).headers["Location"]


@pytest.mark.parametrize("filed_in", ["nl", "en"])
def test_case_page_topic_follows_the_page_language(app, client, issue_data, filed_in):
    data = {**issue_data, "subtopic": "account/other"}
    path = open_case_page(app, client, filed_in, data)
    english = client.get(path.replace(f"/{filed_in}/", "/en/")).get_data(as_text=True)
    dutch = client.get(path.replace(f"/{filed_in}/", "/nl/")).get_data(as_text=True)
    assert "<dd>Account › Other</dd>" in english and "Anders" not in english
    assert "<dd>Account › Anders</dd>" in dutch and "Other" not in dutch


def test_case_page_date_reads_naturally(app, client, issue_data):
    path = open_case_page(app, client, "en", issue_data)
    dutch = client.get(path.replace("/en/", "/nl/")).get_data(as_text=True)
    english = client.get(path).get_data(as_text=True)
    assert re.search(r"<dd>\d{1,2} [a-z]{3} \d{4} om \d{2}:\d{2}</dd>", dutch)
    assert re.search(r"<dd>[A-Z][a-z]{2} \d{1,2}, \d{4} at \d{1,2}:\d{2}\W(AM|PM)</dd>", english)


@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", "24 nov 2026 om 17:12"),  # Amsterdam is an hour ahead of UTC in November
    ("en", "Nov 24, 2026 at 5:12\u202fPM"),
])
def test_date_and_time(app, lang, expected):
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        assert date_and_time(dt.datetime(2026, 11, 24, 16, 12, 30)) == expected


def test_topic_label_takes_an_explicit_language_for_emails(app):
    case = SimpleNamespace(kind="technical_issue", topic="account", subtopic="other")
    complaint = SimpleNamespace(kind="complaint", topic="ranking", subtopic=None)
    with app.test_request_context("/en/"), force_locale("en"):
        topics = content_store().library().topics
        assert topic_label(topics, case, "nl") == "Account › Anders"
        assert topic_label(topics, case) == "Account › Other"  # the page's language
        assert topic_label(topics, complaint, "nl") == "Positie in zoekresultaten"
        assert topic_label(topics, SimpleNamespace(kind="complaint", topic="gone"), "nl") == "gone"


COMPLAINT_WORDING = {
    "nl": ["voorgestelde oplossing", "/nl/complaints/how-complaints-are-handled",
           "Zo behandelen we klachten"],
    "en": ["offered resolution", "/en/complaints/how-complaints-are-handled",
           "How we handle complaints"],
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_technical_issue_confirmation_has_its_own_next_steps(client, issue_data, lang):
    location = client.post(f"/{lang}/technical-issue", data=issue_data).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert not [text for text in COMPLAINT_WORDING[lang] if text in page]
    assert f'href="/{lang}/technical-issues/report-a-technical-issue"' in page
    solved = {"nl": "Zodra het probleem is opgelost", "en": "When the problem is solved"}
    assert solved[lang] in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_complaint_confirmation_keeps_the_complaint_steps(client, complaint_data, lang):
    location = client.post(f"/{lang}/complaint", data=complaint_data).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert all(text in page for text in COMPLAINT_WORDING[lang])


@pytest.mark.parametrize(("lang", "length", "expected"), [
    ("nl", 29, "Uw tekst is te kort: schrijf minstens 30 tekens."),
    ("en", 29, "Your text is too short: write at least 30 characters."),
    ("nl", 12345, "Uw tekst is te lang: gebruik maximaal 5.000 tekens (nu 12.345)."),
    ("en", 12345, "Your text is too long: use at most 5,000 characters (now 12,345)."),
])
def test_message_length_errors_say_which_way(client, complaint_data, lang, length, expected):
    data = {**complaint_data, "message": "x" * length}
    page = client.post(f"/{lang}/complaint", data=data).get_data(as_text=True)
    assert expected in page


def test_a_line_break_counts_as_one_character_like_the_browser(client, complaint_data):
    message = "\r\n".join(["x" * 99] * 50) + "x"  # 5,000 in the textarea, 5,049 as sent
    data = {**complaint_data, "message": message}
    assert client.post("/en/complaint", data=data).status_code == 303


@pytest.mark.parametrize(("lang", "title", "summary"), [
    ("nl", "<title>Startpagina", "Controleer de volgende punten:"),
    ("en", "<title>Home", "Please correct the following"),
])
def test_dutch_wording(client, complaint_data, lang, title, summary):
    assert title in client.get(f"/{lang}/").get_data(as_text=True)
    page = client.post(f"/{lang}/complaint", data={**complaint_data, "name": ""})
    assert summary in page.get_data(as_text=True)
