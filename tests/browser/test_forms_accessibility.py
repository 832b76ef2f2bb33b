"""Every form, empty and with its errors, in Dutch and English, at 1280 and 390 px, with and
without JavaScript: zero axe-core violations. The forms: complaint, technical issue, the
partner's reply (with a file held after the error), withdraw, lost link, the staff login and a
staff action. Screenshots of every state land in tests/browser/screenshots/.

A new form is one more row in FORMS: how to open it, and how to send it with an error.
"""

from __future__ import annotations

import pytest

from helpcenter.extensions import db
from helpcenter.staff import service as staff_service
from tests.browser.test_case_journey import PNG
from tests.cases.partner_helpers import file_case, latest_token

pytestmark = pytest.mark.browser

STAFF_EMAIL = "kim.handler@example.com"
STAFF_PASSWORD = "correct horse battery staple"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def live_app(make_app):
    """The site with CSRF tokens on (as in production) and a handler account."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        staff_service.create_staff(STAFF_EMAIL, "Kim Handler", STAFF_PASSWORD, lang="en")
        db.session.remove()
    return app


def send(tab, selector: str = ".case-form button[type=submit]") -> None:
    """Send the form as it is and wait for the answer."""
    tab.locator(selector).first.click()
    tab.wait_for_load_state()


def open_path(path: str):
    def go(tab, base, lang, app):
        tab.goto(f"{base}/{lang}{path}")
    return go


def open_case(tab, base, lang, app, status="in_progress"):
    """The partner's case page, opened by the emailed link."""
    reference = file_case(app, status=status, lang=lang)
    tab.goto(f"{base}/{lang}/case/{latest_token(app, reference)}")
    tab.locator(".case-facts").wait_for()
    return reference


def open_withdraw(tab, base, lang, app):
    reference = open_case(tab, base, lang, app)
    tab.goto(f"{base}/{lang}/cases/{reference}/withdraw")


def reply_with_file(tab, tmp_path):
    """An empty reply with a file: the error, and the file listed as attached."""
    path = tmp_path / "scherm.png"
    path.write_bytes(PNG)
    tab.locator(".reply input[type=file]").set_input_files(str(path))
    send(tab, ".reply button[type=submit]")
    tab.locator(".reply .held-files").wait_for()


def withdraw_too_long(tab, tmp_path):
    tab.locator("#reason").fill("x" * 2001)
    send(tab)


def log_in(tab, base, lang, app):
    tab.goto(f"{base}/{lang}/staff/login")
    tab.locator("#email").fill(STAFF_EMAIL)
    tab.locator("#password").fill(STAFF_PASSWORD)
    send(tab, ".login-form button[type=submit]")


def open_staff_case(tab, base, lang, app):
    reference = file_case(app, lang="nl")
    log_in(tab, base, lang, app)
    tab.goto(f"{base}/{lang}/staff/cases/{reference}")


FORMS = {
    "complaint": (open_path("/complaint"), lambda tab, tmp: send(tab)),
    "technical-issue": (open_path("/technical-issue"), lambda tab, tmp: send(tab)),
    "reply": (open_case, reply_with_file),
    "withdraw": (open_withdraw, withdraw_too_long),
    "lost-link": (open_path("/cases/lost-link"), lambda tab, tmp: send(tab)),
    "staff-login": (open_path("/staff/login"),
                    lambda tab, tmp: send(tab, ".login-form button[type=submit]")),
    "staff-action": (open_staff_case,
                     lambda tab, tmp: send(tab, ".action-update button[type=submit]")),
}


def check_states(tab, check, snap, name, base, lang, app, tmp_path) -> None:
    """The form empty, then sent with errors: each state checked and photographed."""
    opened, make_error = FORMS[name]
    opened(tab, base, lang, app)
    check(f"{name} in {lang}")
    snap("empty")
    make_error(tab, tmp_path)
    assert tab.locator("#error-summary, .error-summary").count() >= 1
    assert tab.locator("html").get_attribute("lang") == lang
    check(f"{name} in {lang} with errors")
    snap("errors")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", FORMS)
def test_form_with_javascript(page, live_server, live_app, axe, screenshot, tmp_path, name,
                              lang):
    page.set_viewport_size(SIZES[page.screen_name])
    check_states(page, axe, lambda state: screenshot(f"{name}-{lang}-{state}"), name,
                 live_server, lang, live_app, tmp_path)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", FORMS)
def test_form_without_javascript(page_without_js, live_server, live_app, axe_without_js,
                                 tmp_path, name, lang):
    for size in SIZES.values():
        tab = page_without_js("nl-NL" if lang == "nl" else "en-GB")
        tab.set_viewport_size(size)
        check_states(tab, lambda what, tab=tab: axe_without_js(tab, what), lambda state: None, name,
                     live_server, lang, live_app, tmp_path)


@pytest.mark.parametrize(("lang", "remaining"), [("en", "characters remaining"),
                                                 ("nl", "tekens over")])
def test_staff_messages_count_their_characters_as_they_are_typed(page, live_server, live_app,
                                                                 axe, lang, remaining):
    open_staff_case(page, live_server, lang, live_app)
    box = page.locator(".action-update textarea")
    box.fill("We kijken er vandaag naar.")
    count = page.locator(".action-update .character-count .count-message")
    assert remaining in count.inner_text()
    axe(f"staff case with a character count, {lang}")
