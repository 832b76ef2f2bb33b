"""The results page and the suggestions endpoint, in both languages, with any input."""

import pytest


def test_results_page_in_dutch(client):
    response = client.get("/nl/search", query_string={"q": "klachten"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "artikelen gevonden voor ‘klachten’" in page
    assert 'href="/nl/complaints/submit-a-complaint"' in page
    assert "<mark>klacht</mark>" in page or "<mark>klachten</mark>" in page
    assert "Klachten en geschillen" in page  # the section


def test_results_page_in_english(client):
    page = client.get("/en/search?q=reporting").get_data(as_text=True)
    assert 'href="/en/technical-issues/report-a-technical-issue"' in page
    assert "articles found for “reporting”" in page


def test_a_misspelling_is_searched_as_corrected_and_the_page_says_so(client):
    page = client.get("/nl/search?q=klahct+indienen").get_data(as_text=True)
    assert "Resultaten voor ‘klacht indienen’." in page
    assert 'href="/nl/complaints/submit-a-complaint"' in page
    page = client.get("/en/search?q=comission").get_data(as_text=True)
    assert "Showing results for “commission”." in page
    assert "Showing results for" not in client.get("/en/search?q=commission").get_data(
        as_text=True)


def test_no_results_offers_the_closest_titles_and_contact(client):
    page = client.get("/nl/search?q=bemiddelingsverzoek").get_data(as_text=True)
    assert "Geen artikelen gevonden voor ‘bemiddelingsverzoek’." in page
    assert "Misschien helpt een van deze artikelen" in page
    assert 'href="/nl/complaints/mediation">Bemiddeling</a>' in page
    assert "Niet gevonden wat u zocht?" in page


def test_empty_query(client):
    page = client.get("/en/search").get_data(as_text=True)
    assert "Type a few words" in page


def test_query_is_escaped(client):
    page = client.get("/en/search?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize(
    "query",
    ['"', "*", "AND OR NOT", "NEAR(", "x" * 10_000, "\x00\x07", "%", "klacht\r\nSet-Cookie: a"],
)
def test_any_query_answers_200(client, query):
    assert client.get("/nl/search", query_string={"q": query}).status_code == 200
    assert client.get("/nl/search/suggest", query_string={"q": query}).status_code == 200


def test_suggestions_json(client):
    response = client.get("/nl/search/suggest?q=bemidd")
    assert response.json["suggestions"][0] == {
        "title": "Bemiddeling", "section": "Klachten en geschillen",
        "url": "/nl/complaints/mediation"}
    assert client.get("/en/search/suggest?q=pay").json["suggestions"][0] == {
        "title": "Payouts", "section": "Payments and invoices", "url": "/en/payments/payouts"}
    assert client.get("/en/search/suggest?q=a").json == {"suggestions": []}


def test_switching_language_keeps_the_query(client):
    response = client.get("/en/language", query_string={"next": "/nl/search?q=klacht"})
    assert response.headers["Location"] == "/en/search?q=klacht"


def test_search_box_on_every_page(client):
    for path in ("/nl/", "/en/complaints/mediation", "/nl/saved"):
        page = client.get(path).get_data(as_text=True)
        assert 'role="search"' in page and 'name="q"' in page


def test_index_follows_content_edits(content_app):
    client = content_app.test_client()
    assert "Only in English" not in client.get("/en/search?q=zebra").get_data(as_text=True)
    path = content_app.config["CONTENT_DIR"] + "/guides/english-only.en.md"
    with open(path, "a") as handle:
        handle.write("\nA zebra crossing.\n")
    assert "Only in English" in client.get("/en/search?q=zebra").get_data(as_text=True)
