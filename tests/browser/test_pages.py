"""The reading pages as a designer checks them: home, a section, an article with its side
column, the saved articles and an article that is only in the other language, in Dutch and
English, at 1280 and 390 px, with JavaScript on and off.

Every state is saved as a screenshot (tests/browser/screenshots/test_pages-*.png) and checked
with axe-core; the layout promises are measured in the page: the article's line length, the
one-line header on a phone, a search placeholder that fits its field, no sideways scrolling.
"""

from __future__ import annotations

import shutil

import pytest

from helpcenter.config import ROOT
from tests.articles.conftest import article
from tests.browser.axe import assert_accessible, assert_accessible_without_js
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
ARTICLE = "complaints/submit-a-complaint"
# Each language has one article the other lacks, so both "not in this language" pages exist.
OTHER = {"nl": "en", "en": "nl"}
ONLY_IN = {"en": ("payments", "vat-on-commission", "VAT on your commission"),
           "nl": ("payments", "toeristenbelasting", "Toeristenbelasting")}
PAGES = {
    "home": lambda lang: f"/{lang}/",
    "section": lambda lang: f"/{lang}/complaints/",
    "article": lambda lang: f"/{lang}/{ARTICLE}",
    "saved": lambda lang: f"/{lang}/saved",
    "elsewhere": lambda lang: "/{}/{}/{}".format(lang, *ONLY_IN[OTHER[lang]][:2]),
}

# The width of the body text's column divided by the average width of a character of the
# article's own text, in the font the page really uses.
LINE_LENGTH = """() => {
  const paragraph = document.querySelector('.article-body > p');
  const style = getComputedStyle(paragraph);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = [...document.querySelectorAll('.article-body p')]
    .map((p) => p.textContent).join(' ').replace(/\\s+/g, ' ');
  return paragraph.clientWidth / (context.measureText(text).width / text.length);
}"""

# How wide the placeholder is, and how much room the field leaves for text.
PLACEHOLDER = """(field) => {
  const style = getComputedStyle(field);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return [context.measureText(field.placeholder).width,
          field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)];
}"""


@pytest.fixture
def live_app(make_app, tmp_path):
    """The shipped content, plus one article in English only and one in Dutch only."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for lang, (section, slug, title) in ONLY_IN.items():
        (content / section / f"{slug}.{lang}.md").write_text(
            article(title, "Text.\n", order=9), encoding="utf-8")
    return make_app(CONTENT_DIR=str(content))


def box(tab, selector: str) -> dict:
    """The bounding box of the first element matching ``selector``."""
    return tab.locator(selector).first.bounding_box()


def check_header_and_search(tab, width: str) -> None:
    """The header keeps the site name and the language link on one line; placeholders fit."""
    name, language = box(tab, ".site-name"), box(tab, ".language-switcher a")
    assert abs(name["y"] + name["height"] / 2 - language["y"] - language["height"] / 2) < 2
    assert name["height"] < 40, "the site name wrapped"
    assert name["x"] + name["width"] <= language["x"]
    for field in tab.locator("input[type=search]").all():
        text, room = field.evaluate(PLACEHOLDER)
        assert text <= room, f"placeholder is {text:.0f}px in a {room:.0f}px field ({width})"
    assert tab.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]


def check_article_layout(tab, width: str) -> None:
    """Desktop: the side column beside the text, Save beside the title, 60-75 characters."""
    current = tab.locator(".section-nav [aria-current=page]")
    assert current.inner_text() == tab.locator("h1").inner_text()
    main, side = box(tab, ".article-main"), box(tab, ".section-nav")
    title, save = box(tab, "h1"), box(tab, ".save-form button")
    if width == "desktop":
        assert side["x"] >= main["x"] + main["width"], "the side column is not beside the text"
        assert side["y"] < title["y"] + title["height"]
        assert save["x"] >= title["x"] + title["width"] and save["y"] < title["y"] + title["height"]
        characters = tab.evaluate(LINE_LENGTH)
        assert 60 <= characters <= 75, f"{characters:.1f} characters a line"
    else:
        assert side["y"] >= main["y"] + main["height"], "on a phone the side column comes after"


def visit(tab, base: str, page_type: str, lang: str) -> None:
    """Open the page; for the saved page, save the article first (with or without JS)."""
    if page_type == "saved":
        tab.goto(f"{base}/{lang}/{ARTICLE}")
        tab.locator(".save-form button").click()
        tab.locator(".save-form.is-saved").wait_for()
    tab.goto(base + PAGES[page_type](lang))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_reading_pages_look_right_and_pass_axe(browser, live_server, lang, width, javascript):
    context = browser.new_context(viewport=WIDTHS[width], locale="en-GB", bypass_csp=True,
                                  java_script_enabled=javascript)
    try:
        tab = context.new_page()
        for page_type in PAGES:
            visit(tab, live_server, page_type, lang)
            assert tab.locator("html").get_attribute("lang") == lang
            assert tab.locator(".contact-routes").count() == 1
            check_header_and_search(tab, width)
            if page_type == "article":
                check_article_layout(tab, width)
            if page_type == "saved":
                assert tab.locator(".saved-list li").count() == 1
            if page_type == "elsewhere":
                assert tab.locator(f".other-language a[hreflang={OTHER[lang]}]").is_visible()
            where = f"{page_type} in {lang} at {width}"
            if javascript:
                SCREENSHOTS.mkdir(exist_ok=True)
                name = f"test_pages-{page_type}-{lang}-{width}.png"
                tab.screenshot(path=str(SCREENSHOTS / name), full_page=True)
                assert_accessible(tab, where)
            else:
                assert_accessible_without_js(browser, tab, where)
    finally:
        context.close()
