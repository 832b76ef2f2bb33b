"""The shipped articles link the forms they tell the partner to use, in the page's language."""

import re

import pytest

from helpcenter.articles.store import content_store

FORM_LINKS = [
    ("complaints/submit-a-complaint", "/complaint"),
    ("reviews/report-an-inappropriate-review", "/complaint"),
    ("technical-issues/report-a-technical-issue", "/technical-issue"),
    ("technical-issues/report-via-extranet",
     "/technical-issue?topic=extranet-and-app&amp;subtopic=extranet-error"),
    ("technical-issues/report-via-pulse-app",
     "/technical-issue?topic=extranet-and-app&amp;subtopic=pulse-app"),
    ("complaints/mediation", "/complaint"),
    ("account/cannot-log-in", "/technical-issue?topic=account&amp;subtopic=login"),
    ("account/two-factor-authentication", "/technical-issue?topic=account&amp;subtopic=security"),
    ("payments/payouts", "/technical-issue?topic=payments&amp;subtopic=payouts"),
]


def article_body(client, path: str) -> str:
    """The rendered Markdown of an article page, without the page's own contact routes."""
    page = client.get(path).get_data(as_text=True)
    return page.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("article", "form"), FORM_LINKS)
def test_articles_link_the_forms_in_the_page_language(client, lang, article, form):
    body = article_body(client, f"/{lang}/{article}")
    assert f'href="/{lang}{form}"' in body


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_article_links_a_page_of_the_other_language(app, client, lang):
    with app.app_context():
        articles = [a for a in content_store().library().articles.values()
                    if a.lang == lang and not a.draft]
    other = "en" if lang == "nl" else "nl"
    for article in articles:
        body = article_body(client, f"/{lang}/{article.section}/{article.slug}")
        assert not re.search(rf'href="/{other}/', body), article.slug
