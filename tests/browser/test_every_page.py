"""Every page type (``tests/browser/pages.py``) as people see it: in Dutch and English, at 1280
and 390 px, zero axe-core violations, a screenshot (tests/browser/screenshots/every_page-*),
and the layout checks of ``layout.py`` (nothing wider than the screen, no text cut off, no
controls overlapping, chart text legible); with JavaScript off each page renders, fits a
phone, and its main action (a form, the vote, search, the reply, the staff login, the queue
filters, a staff note) reaches the next page.

One site serves the whole module: a case filed through the complaint form with a file, a
question from a handler and the partner's answer; two more cases with a resolution and with
mediation offered; a saved article and a vote; the known cases of the report; a logged-in
admin. The browser contexts are shared too (one
per kind of visitor, with and without JavaScript), so the module stays fast.
"""

from __future__ import annotations

import shutil

import flask_migrate
import pytest

from helpcenter.config import ROOT
from helpcenter.extensions import db
from helpcenter.staff import passwords
from helpcenter.staff import service as staff_service
from tests.articles.conftest import article
from tests.browser.axe import assert_accessible
from tests.browser.conftest import SCREENSHOTS, serving
from tests.browser.layout import assert_fits
from tests.browser.pages import (
    ENDPOINTS_WITHOUT_A_PAGE,
    ONLY_IN,
    PAGES,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    Site,
    fill_complaint,
    send,
)
from tests.browser.test_case_journey import PNG
from tests.cases.partner_helpers import as_staff, file_case, latest_token
from tests.conftest import build_app, reset_database
from tests.report.known_cases import make_known_cases
from tests.staff.conftest import FAST_HASHER

pytestmark = pytest.mark.browser

WIDTHS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}
LANGUAGES = ["nl", "en"]
VISITORS = ["stranger", "partner", "staff"]
TIMEOUT_MS = 15_000  # fail a step that hangs well before Playwright's 30 s



@pytest.fixture(scope="module")
def site_app(tmp_path_factory):
    """The site as in production (CSRF on), the shipped articles plus one article in each
    language only, a handler account and the report's known cases.

    Always on its own SQLite file, also in the PostgreSQL run: it lives for the whole module
    while function-scoped apps of other modules come and go in the shared database.
    """
    folder = tmp_path_factory.mktemp("every-page")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for lang, (section, slug, title) in ONLY_IN.items():
        (content / section / f"{slug}.{lang}.md").write_text(
            article(title, "Text.\n", order=9), encoding="utf-8")
    app = build_app(folder, WTF_CSRF_ENABLED=True, CONTENT_DIR=str(content),
                    DATABASE_URL=f"sqlite:///{folder}/every-page.sqlite3")
    with app.app_context():
        flask_migrate.upgrade()
        original, passwords.HASHER = passwords.HASHER, FAST_HASHER
        try:
            # An admin sees every staff page; a long name tests the staff bar on a phone.
            staff_service.create_staff(STAFF_EMAIL, "Kim van den Broek-Hoogendoorn",
                                       STAFF_PASSWORD, role="admin", lang="en")
        finally:
            passwords.HASHER = original
        db.session.remove()
    with app.test_request_context("/"):
        make_known_cases()
        db.session.remove()
    yield app
    reset_database(app)


@pytest.fixture(scope="module")
def site_server(site_app):
    """Serve ``site_app`` on a free local port for the whole module; yield its base URL."""
    with serving(site_app) as base:
        yield base


def file_through_the_form(tab, base: str, tmp_path) -> str:
    """The partner files a complaint with a screenshot in Dutch; return its reference."""
    picture = tmp_path / "zoekresultaten-juni.png"
    picture.write_bytes(PNG)
    tab.goto(f"{base}/nl/complaint")
    fill_complaint(tab)
    tab.locator("#attachments").set_input_files(str(picture))
    send(tab)
    return tab.locator(".reference strong").inner_text()


def prepare_partner(tab, base: str, app, tmp_path) -> Site:
    """The filing browser: its case gets a question and an answer, two more cases of the same
    partner have a resolution offered and mediation offered, and one article is saved and
    voted "No" with a reason."""
    reference = file_through_the_form(tab, base, tmp_path)
    as_staff(app, reference, "take_up")
    as_staff(app, reference, "request_information",
             "Kunt u een schermafbeelding sturen van de zoekresultaten met uw accommodatie?")
    tab.goto(f"{base}/nl/case/{latest_token(app, reference)}")
    tab.locator(".reply textarea").fill("Zie de bijlage bij mijn klacht: plek 48 van 50.")
    send(tab, ".reply button[type=submit]")
    tab.locator(".flash").wait_for()
    resolved = file_case(app, status="resolved", lang="nl")
    tab.goto(f"{base}/nl/case/{latest_token(app, resolved)}")
    tab.locator(".resolution").wait_for()
    disagreed = file_case(app, status="disagreed", lang="nl", country="NL")
    tab.goto(f"{base}/nl/case/{latest_token(app, disagreed)}")
    tab.locator(".mediation").wait_for()
    tab.goto(f"{base}/nl/complaints/mediation")
    tab.locator(".save-form button").click()
    tab.locator(".save-form.is-saved").wait_for()
    tab.locator(".vote-form button[value=no]").click()  # the editors' feedback page shows it
    tab.locator(".reason-form input[type=radio]").first.check()
    tab.locator(".reason-form textarea").fill("Welke bemiddelaar is het snelst?")
    tab.locator(".reason-form button[type=submit]").click()
    tab.locator("#feedback .reason-form").wait_for(state="detached")
    return Site(base, app, reference, resolved, disagreed)


def log_staff_in(tab, base: str) -> None:
    """The handler logs in through the form."""
    tab.goto(f"{base}/en/staff/login")
    tab.locator("#email").fill(STAFF_EMAIL)
    tab.locator("#password").fill(STAFF_PASSWORD)
    send(tab, ".login-form button[type=submit]")
    tab.wait_for_url(f"{base}/en/staff/")


@pytest.fixture(scope="module")
def visitors(browser, site_app, site_server, tmp_path_factory):
    """``(site, tabs)``: one tab per kind of visitor and JavaScript on or off, and what the
    JavaScript-less ones start from (``states``), shared by every test of the module."""
    contexts, tabs = {}, {}
    try:
        for who in VISITORS:
            contexts[who, True] = browser.new_context(locale="en-GB", bypass_csp=True)
            contexts[who, True].set_default_timeout(TIMEOUT_MS)
            tabs[who, True] = contexts[who, True].new_page()
        site = prepare_partner(tabs["partner", True], site_server, site_app,
                               tmp_path_factory.mktemp("files"))
        log_staff_in(tabs["staff", True], site_server)
        states = {who: contexts[who, True].storage_state() for who in VISITORS}
        for who in VISITORS:
            contexts[who, False] = browser.new_context(
                locale="en-GB", java_script_enabled=False, storage_state=states[who])
            contexts[who, False].set_default_timeout(TIMEOUT_MS)
            tabs[who, False] = contexts[who, False].new_page()
        yield site, tabs, states
    finally:
        for context in contexts.values():
            context.close()


def check_rendered(tab, lang: str) -> None:
    """The page is the site's, in the right language, with its heading."""
    assert tab.locator("html").get_attribute("lang") == lang
    assert tab.locator("main h1").first.is_visible()


@pytest.mark.parametrize(("page_type", "lang", "width"), [
    pytest.param(page_type, lang, width, id=f"{page_type.name}-{lang}-{width}")
    for page_type in PAGES for lang in LANGUAGES for width in WIDTHS])
def test_page_as_people_see_it(visitors, page_type, lang, width):
    site, tabs, _ = visitors
    tab = tabs[page_type.who, True]
    tab.set_viewport_size(WIDTHS[width])
    page_type.reach(tab, site, lang)
    check_rendered(tab, lang)
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"every_page-{page_type.name}-{lang}-{width}.png"),
                   full_page=True)
    where = f"{page_type.name} in {lang} at {width} px"
    assert_fits(tab, where)
    assert_accessible(tab, where)


@pytest.mark.parametrize(("page_type", "lang"), [
    pytest.param(page_type, lang, id=f"{page_type.name}-{lang}")
    for page_type in PAGES for lang in LANGUAGES])
def test_page_without_javascript(browser, visitors, page_type, lang):
    site, tabs, states = visitors
    tab = tabs[page_type.who, False]
    tab.set_viewport_size(WIDTHS["390"])
    page_type.reach(tab, site, lang)
    check_rendered(tab, lang)
    assert_fits(tab, f"{page_type.name} in {lang} at 390 px without JavaScript")
    if page_type.act is None:
        return
    # The action changes the visitor (a login, a filed case): it gets a copy of its own.
    context = browser.new_context(locale="en-GB", java_script_enabled=False,
                                  storage_state=states[page_type.who])
    context.set_default_timeout(TIMEOUT_MS)
    try:
        actor = context.new_page()
        page_type.reach(actor, site, lang)
        page_type.act(actor, site, lang)
    finally:
        context.close()


def test_every_route_has_an_entry(site_app):
    """A GET route is a page type in PAGES or named in ENDPOINTS_WITHOUT_A_PAGE."""
    covered = {endpoint for page_type in PAGES for endpoint in page_type.endpoints}
    routes = {rule.endpoint for rule in site_app.url_map.iter_rules() if "GET" in rule.methods}
    missing = routes - covered - set(ENDPOINTS_WITHOUT_A_PAGE)
    assert not missing, f"add these pages to tests/browser/pages.py: {sorted(missing)}"
    assert not (covered | set(ENDPOINTS_WITHOUT_A_PAGE)) - routes, "entries for gone routes"
