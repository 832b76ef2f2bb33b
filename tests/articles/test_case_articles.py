"""What the articles, the confirmation page and the acknowledgement promise about a case.

They send the partner to real pages in the page's language (the form, "Lost your link?", the
article that explains the rest), and a technical issue is not spoken of as a complaint.
"""

import re
import uuid

import pytest
from sqlalchemy import select

from helpcenter.articles.render import render_markdown
from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from tests.articles.test_form_links import article_body

LOST_LINK = "/cases/lost-link"

# Every article that tells the partner how to get back to their case links "Lost your link?".
LOST_LINK_ARTICLES = [
    "complaints/submit-a-complaint",
    "complaints/how-complaints-are-handled",
    "complaints/mediation",
    "complaints/complaint-handling-report",
    "technical-issues/report-a-technical-issue",
]

COMPLAINT = {
    "requester_type": "partner", "name": "Anna de Vries", "email": "anna@example.nl",
    "property_id": "123456", "country": "NL", "topic": "ranking",
    "message": "Sinds vorige week staat mijn accommodatie onderaan in de zoekresultaten.",
    "consent": "y",
}
ISSUE = {
    "location": "extranet", "topic": "account", "subtopic": "account/login",
    "message": "The login page shows an error 500 after I enter my two-factor code.",
    "property_id": "998877", "name": "Tom Jansen", "email": "tom@example.com",
}
FORMS = {"complaint": ("/complaint", COMPLAINT), "technical_issue": ("/technical-issue", ISSUE)}
# Words that belong to complaints only: a technical issue's email must not use them.
COMPLAINT_WORDS = {
    "en": ["complaint", "outcome", "case handler", "resolution", "mediation",
           "disagree"],
    "nl": ["klacht", "uitkomst", "behandelaar", "oplossing", "bemiddeling",
           "niet mee eens"],
}


def file_case(app, client, lang: str, kind: str) -> tuple[str, OutboxMessage]:
    """File a case of ``kind`` in ``lang``: the confirmation page and the acknowledgement."""
    path, data = FORMS[kind]
    response = client.post(f"/{lang}{path}", data={**data, "idempotency_key": uuid.uuid4().hex})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        mail = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
        db.session.expunge(mail)
    return page, mail


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_lost_link_is_a_site_page_an_article_may_link(lang):
    result = render_markdown("[Lost your link?](/cases/lost-link)\n", lambda slug: None, lang)
    assert f'href="/{lang}/cases/lost-link"' in result.html
    assert result.broken_links == []


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("article", LOST_LINK_ARTICLES)
def test_case_articles_link_the_lost_link_page(client, lang, article):
    body = article_body(client, f"/{lang}/{article}")
    assert f'href="/{lang}{LOST_LINK}"' in body
    assert client.get(f"/{lang}{LOST_LINK}").status_code == 200


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_complaint_articles_link_the_process_and_mediation(client, lang):
    handled = article_body(client, f"/{lang}/complaints/how-complaints-are-handled")
    assert f'href="/{lang}/complaints/mediation"' in handled
    assert f'href="/{lang}/complaints/submit-a-complaint"' in handled
    mediation = article_body(client, f"/{lang}/complaints/mediation")
    assert "CEDR" in mediation and "Mediatorsfederatie Nederland" in mediation


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("kind", "article"), [
    ("complaint", "complaints/how-complaints-are-handled"),
    ("technical_issue", "technical-issues/report-a-technical-issue"),
])
def test_confirmation_page_links_lost_link_and_the_article(app, client, lang, kind, article):
    page, _ = file_case(app, client, lang, kind)
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert f'href="/{lang}{LOST_LINK}"' in main
    assert f'href="/{lang}/{article}"' in main
    assert not re.search(rf'href="/{"en" if lang == "nl" else "nl"}/', main)
    solved = {"nl": "5 werkdagen", "en": "5 working days"}  # the progress-update promise
    assert solved[lang] in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_technical_issue_acknowledgement_has_no_complaint_wording(app, client, lang):
    _, mail = file_case(app, client, lang, "technical_issue")
    text = (mail.subject + "\n" + mail.body).lower()
    assert [word for word in COMPLAINT_WORDS[lang] if word in text] == []
    assert re.search(rf"http://localhost/{lang}/case/\S+", mail.body)
    assert f"http://localhost/{lang}{LOST_LINK}\n" in mail.body


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_complaint_acknowledgement_explains_the_whole_route(app, client, lang):
    _, mail = file_case(app, client, lang, "complaint")
    text = mail.body.lower()
    assert all(word in text for word in COMPLAINT_WORDS[lang])
    assert f"http://localhost/{lang}{LOST_LINK}\n" in mail.body


def test_acknowledgement_links_lost_link_on_the_site_origin(make_app):
    app = make_app(SITE_ORIGIN="https://help.example.com")
    _, mail = file_case(app, app.test_client(), "nl", "technical_issue")
    assert "https://help.example.com/nl/cases/lost-link\n" in mail.body
    assert "localhost" not in mail.body
