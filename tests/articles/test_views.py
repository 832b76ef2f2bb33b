"""Article pages in both languages: home, sections, articles, fallback, drafts, saving."""

import re

import pytest

from helpcenter.articles.store import ContentStore
from helpcenter.config import ROOT

REAL_CONTENT = ROOT / "content"

REAL = ContentStore(REAL_CONTENT).library()
REAL_ARTICLES = sorted(REAL.articles.values(), key=lambda a: (a.slug, a.lang))


@pytest.mark.parametrize("article", REAL_ARTICLES, ids=lambda a: f"{a.lang}-{a.slug}")
def test_every_shipped_article_renders(client, article):
    response = client.get(f"/{article.lang}/{article.section}/{article.slug}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<html lang="{article.lang}">' in page
    assert f'<h1 id="article-title">{article.title}</h1>' in page.replace("&#39;", "'")
    contents = {"nl": "Waar dit artikel over gaat", "en": "What this article is about"}
    assert contents[article.lang] in page
    # every article link points at a real article page in the same language
    for href in re.findall(r'<div class="article-body">.*?</div>', page, re.S)[0:1]:
        for link in re.findall(r'href="(/[^"#]*)', href):
            assert link.startswith(f"/{article.lang}/")
            assert client.get(link, follow_redirects=True).status_code == 200, link


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("nl", ["Klachten en geschillen", "Een klacht indienen", "Technische problemen"]),
        ("en", ["Complaints and disputes", "Submit a complaint", "Technical issues"]),
    ],
)
def test_home_lists_sections_and_articles(client, lang, texts):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    for text in texts:
        assert text in page


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("section", sorted({a.section for a in REAL_ARTICLES}))
def test_every_section_page(client, lang, section):
    response = client.get(f"/{lang}/{section}/")
    assert response.status_code == 200
    article_list = response.get_data(as_text=True).split('<ul class="article-list">')[1]
    listed = re.findall(rf'href="/{lang}/{section}/([a-z0-9-]+)"', article_list.split("</ul>")[0])
    assert listed == [a.slug for a in REAL.in_section(section, lang)]


def test_unknown_section_is_404(client):
    assert client.get("/en/no-such-section/").status_code == 404


def test_article_page_parts(content_client):
    page = content_client.get("/en/guides/first-steps").get_data(as_text=True)
    assert 'aria-label="Breadcrumb"' in page and ">Guides</a>" in page
    assert '<time datetime="2026-06-01" title="June 1, 2026">' in page
    assert re.search(r"Updated <time[^>]*>\d+ (months|month|days|years|year) ago</time>", page)
    assert "1 min read" in page
    assert '<a href="#before-you-start">Before you start</a>' in page
    assert 'href="/en/guides/english-only#part"' in page
    assert "Related articles" in page and "Only in English" in page
    assert 'name="action" value="save"' in page


def test_dutch_article_page_uses_dutch_formats(content_client):
    page = content_client.get("/nl/guides/first-steps").get_data(as_text=True)
    assert 'title="1 juni 2026"' in page
    assert re.search(r"Bijgewerkt <time[^>]*>\d+ (maanden|maand|dagen|jaar) geleden</time>", page)
    assert "Leestijd 1 minuut" in page
    assert "Waar dit artikel over gaat" in page


def test_article_only_in_other_language_says_so(content_client):
    response = content_client.get("/nl/guides/english-only")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Dit artikel is niet beschikbaar in het Nederlands" in page
    assert 'href="/en/guides/english-only"' in page and "Only in English" in page


def test_switcher_on_article_lands_on_same_article(content_client):
    response = content_client.get("/nl/language?next=/en/guides/first-steps")
    assert response.headers["Location"] == "/nl/guides/first-steps"


def test_hreflang_only_for_existing_translations(content_client):
    page = content_client.get("/en/guides/english-only").get_data(as_text=True)
    assert 'hreflang="nl" href=' not in page.split("</head>")[0]
    page = content_client.get("/en/guides/first-steps").get_data(as_text=True)
    assert 'hreflang="nl" href="http://localhost/nl/guides/first-steps"' in page


def test_stale_translation_points_to_newer_version(content_client):
    page = content_client.get("/nl/guides/stale").get_data(as_text=True)
    assert "Een nieuwere versie van dit artikel is beschikbaar in het Engels." in page
    assert 'href="/en/guides/stale"' in page
    assert "nieuwere versie" not in content_client.get("/nl/guides/first-steps").get_data(
        as_text=True)


def test_drafts_are_hidden_from_public(content_client):
    assert content_client.get("/en/guides/secret-plan").status_code == 404
    assert "Secret plan" not in content_client.get("/en/guides/").get_data(as_text=True)
    assert "Secret plan" not in content_client.get("/en/").get_data(as_text=True)


def test_drafts_visible_in_preview(make_app, content_dir):
    client = make_app(CONTENT_DIR=str(content_dir), CONTENT_PREVIEW=True).test_client()
    page = client.get("/en/guides/secret-plan").get_data(as_text=True)
    assert "only visible in preview mode" in page


def test_moved_article_redirects_to_its_section(content_client):
    response = content_client.get("/en/elsewhere/first-steps")
    assert response.status_code == 301
    assert response.headers["Location"] == "/en/guides/first-steps"


def test_edit_shows_on_next_page_load(content_client, content_dir):
    assert "Only in English" in content_client.get("/en/guides/english-only").get_data(
        as_text=True)
    path = content_dir / "guides" / "english-only.en.md"
    path.write_text(path.read_text().replace("Only in English", "Freshly edited") + "\n")
    page = content_client.get("/en/guides/english-only").get_data(as_text=True)
    assert "Freshly edited" in page


def test_conditional_get_answers_304(content_client):
    first = content_client.get("/en/guides/first-steps")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert first.headers["Last-Modified"].endswith("GMT")
    again = content_client.get("/en/guides/first-steps", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_etag_changes_when_the_article_is_saved(content_client):
    etag = content_client.get("/en/guides/first-steps").headers["ETag"]
    content_client.post("/en/saved", data={"slug": "first-steps", "action": "save"})
    response = content_client.get("/en/guides/first-steps", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert 'name="action" value="remove"' in response.get_data(as_text=True)


def test_save_without_javascript_and_list(content_client):
    response = content_client.post("/nl/saved", data={"slug": "first-steps", "action": "save"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/nl/guides/first-steps"
    page = content_client.get("/nl/guides/first-steps").get_data(as_text=True)
    assert "Verwijderen uit opgeslagen" in page
    saved = content_client.get("/nl/saved").get_data(as_text=True)
    assert "Eerste stappen" in saved
    content_client.post("/nl/saved", data={"slug": "first-steps", "action": "remove",
                                           "next": "saved"})
    assert "U heeft nog geen artikelen opgeslagen" in content_client.get("/nl/saved").get_data(
        as_text=True)


def test_saved_article_in_other_language_is_listed(content_client):
    content_client.post("/nl/saved", data={"slug": "english-only", "action": "save"})
    page = content_client.get("/nl/saved").get_data(as_text=True)
    assert 'hreflang="en" lang="en">Only in English</a>' in page


def test_save_with_javascript_returns_json(content_client):
    response = content_client.post("/en/saved", data={"slug": "first-steps", "action": "save"},
                                   headers={"Accept": "application/json"})
    assert response.json == {"saved": True, "label": "Remove from saved", "status": "Saved"}


@pytest.mark.parametrize(
    "data",
    [{}, {"slug": "no-such-article", "action": "save"}, {"slug": "first-steps", "action": "x"},
     {"slug": "../../etc", "action": "save"}, {"slug": "x" * 500, "action": "save"}],
)
def test_save_rejects_bad_input(content_client, data):
    assert content_client.post("/en/saved", data=data).status_code == 400
    response = content_client.post("/en/saved", data=data, headers={"Accept": "application/json"})
    assert response.status_code == 400 and "error" in response.json
    assert "saved_articles" not in (content_client.get_cookie("session") or "")


def test_save_works_with_csrf_on_and_no_token(make_app, content_dir):
    """The page holds no token; the cross-origin check is what protects Save."""
    app = make_app(CONTENT_DIR=str(content_dir), WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/en/guides/first-steps").get_data(as_text=True)
    assert "csrf_token" not in page
    response = client.post("/en/saved", data={"slug": "first-steps", "action": "save"},
                           headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303


def test_page_views_render_markdown_once(content_client, monkeypatch):
    from helpcenter.articles import store as store_module

    calls = []
    real_render = store_module.render_markdown
    monkeypatch.setattr(store_module, "render_markdown",
                        lambda *args: calls.append(1) or real_render(*args))
    for _ in range(5):
        assert content_client.get("/en/guides/first-steps").status_code == 200
    assert len(calls) == 1
