"""The complaint form sent back by a fault, as a partner sees it: too many forms (429) and the
database locked (503). Everything typed is still in the fields, the notice is at the top, the
page passes axe-core; Dutch and English, desktop and phone, screenshots of each."""

from __future__ import annotations

import sqlite3

import pytest

from helpcenter.extensions import db
from tests.browser.pages import fill_complaint
from tests.cases.partner_helpers import file_case, latest_token

pytestmark = pytest.mark.browser

MESSAGE = "Mijn accommodatie is sinds dinsdag niet meer te vinden in de zoekresultaten."
HEADING = {"en": "Your form has not been sent yet", "nl": "Uw formulier is nog niet verstuurd"}


@pytest.fixture
def live_app(make_app):
    """One attempt a minute, and a short wait for a locked database."""
    return make_app(WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True, SQLITE_BUSY_TIMEOUT=0.1,
                    CASES_ATTEMPT_RATE_LIMIT="1 per minute", DATABASE_RETRY_AFTER=5)


def send(tab):
    """Send the form and return the answer's status."""
    with tab.expect_navigation() as navigation:
        tab.locator(".case-form button[type=submit]").click()
    return navigation.value.status


def check_kept(tab, lang: str) -> None:
    """The notice first, then the partner's own words still in the fields."""
    assert tab.locator(".notice[role=alert] h2").inner_text() == HEADING[lang]
    assert tab.locator("#message").input_value() == MESSAGE
    assert tab.locator("#property_id").input_value() == "123456"
    assert tab.locator("#topic").input_value() == "ranking"
    assert tab.locator("#consent").is_checked()
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_too_many_forms_keeps_the_text(page, live_server, axe, screenshot, lang):
    page.goto(f"{live_server}/{lang}/complaint")
    send(page)  # empty: errors, and the one attempt of this minute
    fill_complaint(page, MESSAGE)
    assert send(page) == 429
    check_kept(page, lang)
    screenshot(f"429-{lang}")
    axe(f"complaint form after a 429 ({lang})")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_database_locked_keeps_the_text(page, live_app, live_server, axe, screenshot, lang):
    live_app.config["CASES_ATTEMPT_RATE_LIMIT"] = "100 per minute"
    page.goto(f"{live_server}/{lang}/complaint")
    fill_complaint(page, MESSAGE)
    with live_app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the PostgreSQL outage is tests/test_database_down.py's")
        path = db.engine.url.database
    locker = sqlite3.connect(path, isolation_level=None, timeout=5)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        status = send(page)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert status == 503
    check_kept(page, lang)
    screenshot(f"503-{lang}")
    axe(f"complaint form while the database is down ({lang})")
    assert send(page) == 200  # back by itself: the redirect leads to the confirmation
    assert page.locator(".reference strong").is_visible()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_reply_while_the_database_is_locked_keeps_the_text(page, live_app, live_server, axe,
                                                             screenshot, lang):
    """The case page needs the database: the reply comes back on a page of its own."""
    reference = file_case(live_app, status="waiting_for_partner", lang=lang)
    page.goto(f"{live_server}/{lang}/case/{latest_token(live_app, reference)}")
    page.locator(".reply textarea").fill(MESSAGE)
    with live_app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the PostgreSQL outage is tests/test_database_down.py's")
        path = db.engine.url.database
    locker = sqlite3.connect(path, isolation_level=None, timeout=5)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with page.expect_navigation() as navigation:
            page.locator(".reply button[type=submit]").click()
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert navigation.value.status == 503
    assert page.locator(".notice[role=alert] h2").inner_text() == HEADING[lang]
    assert page.locator("#message").input_value() == MESSAGE
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(f"503-reply-{lang}")
    axe(f"reply while the database is down ({lang})")
    with page.expect_navigation() as again:
        page.locator(".case-form button[type=submit]").click()
    assert again.value.status == 200  # sent: back on the case page
    assert page.url.endswith(f"/{lang}/cases/{reference}")
