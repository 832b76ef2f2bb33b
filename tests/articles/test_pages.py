"""What the home, section and article pages offer: featured and most useful articles, the
section cards, "Follow your case", one contact block, and the article's side column."""

import re

import pytest

from helpcenter.articles.views import HOME_ARTICLES
from tests.articles.conftest import article


def most_useful(page: str) -> list[str]:
    """The titles listed under "Most useful articles" on a home page, in order."""
    if "most-useful-title" not in page:
        return []
    block = page.split('id="most-useful-title"')[1].split("</section>")[0]
    return re.findall(r'class="tile-link" href="[^"]+">([^<]+)</a>', block)


@pytest.fixture
def featured_dir(content_dir):
    """The test content with two featured articles in English and one in Dutch."""
    guides = content_dir / "guides"
    (guides / "english-only.en.md").write_text(article("Only in English", order=2,
                                                       featured="true"))
    (guides / "stale.en.md").write_text(article("Fresh source", updated="2026-08-01",
                                                featured="true"))
    (guides / "stale.nl.md").write_text(article("Oude vertaling", updated="2026-05-02",
                                                source_updated="2026-05-01", featured="true"))
    (guides / "secret-plan.en.md").write_text(article("Secret plan", draft="true",
                                                      featured="true"))
    return content_dir


@pytest.fixture
def featured_app(make_app, featured_dir):
    return make_app(CONTENT_DIR=str(featured_dir), CONTENT_SCAN_INTERVAL=0)


def test_featured_articles_fill_the_home_page_while_there_are_no_votes(featured_app):
    client = featured_app.test_client()
    assert most_useful(client.get("/en/").get_data(as_text=True)) == [
        "Only in English", "Fresh source"]  # in the editors' order; never the draft
    assert most_useful(client.get("/nl/").get_data(as_text=True)) == ["Oude vertaling"]


def test_voted_articles_come_before_featured_ones(featured_app):
    for visitor in range(3):
        featured_app.test_client().post("/en/feedback/first-steps", data={"answer": "yes"},
                                        environ_base={"REMOTE_ADDR": f"192.0.2.{visitor}"})
    featured_app.extensions.pop("helpcenter.most_useful", None)  # its few-minute memory
    page = featured_app.test_client().get("/en/").get_data(as_text=True)
    assert most_useful(page) == ["First steps", "Only in English", "Fresh source"]


def test_home_lists_at_most_a_handful(make_app, content_dir):
    for number in range(HOME_ARTICLES + 3):
        (content_dir / "guides" / f"extra-{number}.en.md").write_text(
            article(f"Extra {number}", order=10 + number, featured="true"))
    client = make_app(CONTENT_DIR=str(content_dir)).test_client()
    titles = most_useful(client.get("/en/").get_data(as_text=True))
    assert titles == [f"Extra {number}" for number in range(HOME_ARTICLES)]


def test_without_featured_or_voted_articles_the_list_is_left_out(content_client):
    page = content_client.get("/en/").get_data(as_text=True)
    assert "Most useful articles" not in page


def test_marking_an_article_featured_shows_on_the_next_page_load(content_client, content_dir):
    assert most_useful(content_client.get("/en/").get_data(as_text=True)) == []
    path = content_dir / "guides" / "english-only.en.md"
    path.write_text(path.read_text().replace("order: 2", "order: 2\nfeatured: true"))
    assert most_useful(content_client.get("/en/").get_data(as_text=True)) == ["Only in English"]


def test_the_shipped_home_pages_feature_the_same_articles_in_both_languages(client):
    english = client.get("/en/").get_data(as_text=True)
    dutch = client.get("/nl/").get_data(as_text=True)
    slugs = [re.findall(rf'class="tile-link" href="/{lang}/([^"]+)"', page)
             for lang, page in (("en", english), ("nl", dutch))]
    assert len(slugs[0]) == HOME_ARTICLES and slugs[0] == slugs[1]
    assert "complaints/submit-a-complaint" in slugs[0]


@pytest.mark.parametrize(("lang", "texts"), [
    ("en", ["How can we help you?", "Browse by section", "Follow your case", "All 6 articles",
            "Could not find what you need?"]),
    ("nl", ["Hoe kunnen we u helpen?", "Bekijk per rubriek", "Volg uw zaak", "Alle 6 artikelen",
            "Niet gevonden wat u zocht?"]),
])
def test_home_page_parts(client, lang, texts):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    for text in texts:
        assert text in page
    hero = page.split('class="hero"')[1].split("</div>")[0]
    assert 'id="home-search"' in hero and "<h1>" in hero  # search first
    assert page.count('id="site-search"') == 0  # no second search box in the header
    follow = page.split('id="follow-case-title"')[1].split("</section>")[0]
    assert f'href="/{lang}/cases/lost-link"' in follow
    assert page.count('class="contact-routes"') == 1  # the contact routes once
    cards = page.split('class="section-grid"')[1].split('class="home-help"')[0]
    assert cards.count('class="section-card"') == 6
    assert len(re.findall(rf'href="/{lang}/complaints/[a-z-]+"', cards)) == 4  # its top four


def test_article_side_column_lists_the_section_with_the_current_article_marked(content_client):
    page = content_client.get("/en/guides/first-steps").get_data(as_text=True)
    side = page.split('class="section-nav"')[1].split("</nav>")[0]
    assert "Articles in this section" in side and ">Guides</a>" in side
    assert re.findall(r'<a href="(/en/guides/[a-z-]+)"', side) == [
        "/en/guides/first-steps", "/en/guides/english-only", "/en/guides/stale"]
    assert '<a href="/en/guides/first-steps" aria-current="page">First steps</a>' in side
    assert side.count("aria-current") == 1
    assert "Secret plan" not in side


def test_save_sits_in_the_article_header(content_client):
    page = content_client.get("/en/guides/first-steps").get_data(as_text=True)
    header = page.split('class="article-header"')[1].split("</header>")[0]
    assert 'id="article-title"' in header and 'name="action" value="save"' in header


def test_an_article_alone_in_its_section_has_no_side_column(content_client, content_dir):
    (content_dir / "solo").mkdir()
    (content_dir / "solo" / "alone.en.md").write_text(article("Alone"))
    page = content_client.get("/en/solo/alone").get_data(as_text=True)
    assert "<h1" in page and 'class="section-nav"' not in page


def test_section_page_lists_every_section_with_this_one_marked(client):
    page = client.get("/nl/payments/").get_data(as_text=True)
    side = page.split('class="section-nav"')[1].split("</nav>")[0]
    assert '<a href="/nl/payments/" aria-current="page">Betalingen en facturen</a>' in side
    assert len(re.findall(r'<a href="/nl/[a-z-]+/"', side)) == 6
