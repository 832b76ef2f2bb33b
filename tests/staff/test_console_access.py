"""Who may use the console: login required everywhere, roles for editor pages, CSRF tokens."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from helpcenter import clock
from helpcenter.cases import service as cases
from helpcenter.extensions import db
from helpcenter.staff import service as staff_service
from tests.mail.sent import email_text
from tests.staff.conftest import csrf_token, logged_in
from tests.staff.console_helpers import case_row, file_case, outbox, post_action, with_case

PAGES = ["/{lang}/staff/", "/{lang}/staff/?status=received", "/{lang}/staff/cases/{ref}",
         "/{lang}/staff/cases/{ref}/files/{file}", "/{lang}/staff/feedback",
         "/{lang}/staff/content"]
ACTION_FIELDS = {
    "take-up": {},
    "assign": {"assignee": ""},
    "note": {"body": "Een notitie."},
    "update": {"body": "Een update."},
    "request-info": {"body": "Een vraag."},
    "resolution": {"outcome": "upheld", "explanation": "Uitleg."},
    "close": {"message": "Tot ziens."},
}


@pytest.fixture
def filed(app):
    """A received case with one attachment: (reference, stored name of the file)."""
    reference = file_case(app, files=[("bewijs.pdf", "application/pdf", b"%PDF-1.7\n0000")])
    with app.app_context():
        stored = cases.case_by_reference(reference).attachments[0].stored_name
    return reference, stored


def urls(lang, filed):
    reference, stored = filed
    return [page.format(lang=lang, ref=reference, file=stored) for page in PAGES]


def assert_sent_to_login(response, lang="en"):
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/{lang}/staff/login")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, filed, lang):
    for url in urls(lang, filed):
        response = client.get(url)
        assert_sent_to_login(response, lang)
        assert response.headers["Cache-Control"] == "no-store"
    reference, _ = filed
    location = client.get(f"/{lang}/staff/cases/{reference}").headers["Location"]
    assert location == f"/{lang}/staff/login?next=/{lang}/staff/cases/{reference}"


def test_anonymous_actions_change_nothing(app, client, filed):
    reference, _ = filed
    sent = len(outbox(app, reference))
    for action, fields in ACTION_FIELDS.items():
        response = post_action(client, reference, action, fields, version="1")
        assert_sent_to_login(response)
        assert "next" not in response.headers["Location"]
    case = case_row(app, reference)
    assert (case.status, case.version) == ("received", 1)
    assert len(outbox(app, reference)) == sent


def test_a_partners_case_session_does_not_open_the_console(app, client, filed):
    reference, _ = filed
    with app.app_context():
        text = email_text(outbox(app, reference)[0])
    link = re.search(r"http://localhost(/nl/case/\S+)", text).group(1)
    assert client.get(link).status_code == 303
    assert client.get(f"/nl/cases/{reference}").status_code == 200  # the partner is in
    for url in urls("nl", filed):
        assert_sent_to_login(client.get(url), "nl")
    response = post_action(client, reference, "note", {"body": "Van de partner"}, "nl", "1")
    assert_sent_to_login(response, "nl")
    assert case_row(app, reference).version == 1


def test_a_disabled_account_is_logged_out_at_its_next_request(app, client, make_staff,
                                                              filed):
    anna = make_staff()
    logged_in(client, anna)
    assert client.get("/en/staff/").status_code == 200
    with app.app_context():
        staff_service.set_active(anna.email, False)
        db.session.remove()
    for url in urls("en", filed):
        assert_sent_to_login(client.get(url))
    reference, _ = filed
    assert_sent_to_login(post_action(client, reference, "take-up", version="1"))
    assert case_row(app, reference).assignee_id is None


def test_an_expired_session_is_sent_to_the_login_page(app, client, make_staff, filed,
                                                       monkeypatch):
    anna = make_staff()
    logged_in(client, anna)
    reference, _ = filed
    later = clock.utcnow() + dt.timedelta(hours=8, minutes=1)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    response = client.get(f"/en/staff/cases/{reference}")
    assert_sent_to_login(response)
    assert "Your session expired" in client.get(response.headers["Location"]).text
    assert_sent_to_login(post_action(client, reference, "take-up", version="1"))
    assert case_row(app, reference).assignee_id is None


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_handlers_may_not_open_the_editor_pages(client, make_staff, lang):
    logged_in(client, make_staff(role="handler"))
    assert client.get(f"/{lang}/staff/feedback").status_code == 403
    assert client.get(f"/{lang}/staff/content").status_code == 403
    nav = client.get(f"/{lang}/staff/").text
    assert "/staff/feedback" not in nav and "/staff/content" not in nav


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_see_the_editor_pages_in_the_navigation(client, make_staff, role):
    logged_in(client, make_staff(role=role))
    nav = client.get("/en/staff/").text
    assert 'href="/en/staff/feedback"' in nav and 'href="/en/staff/content"' in nav
    assert client.get("/en/staff/feedback").status_code == 200
    assert client.get("/en/staff/content").status_code == 200


def test_every_action_without_a_csrf_token_is_refused(make_app, make_staff):
    app = make_app(WTF_CSRF_ENABLED=True)
    anna = make_staff(app=app)
    client = logged_in(app.test_client(), anna)
    reference = file_case(app)
    with_case(app, reference, lambda case, who: cases.take_up(case, who, case.version), anna.id)
    with_case(app, reference, lambda case, who: cases.propose_resolution(
        case, "upheld", "Klopt.", who, case.version), anna.id)
    before = case_row(app, reference)
    sent = len(outbox(app, reference))
    for action, fields in ACTION_FIELDS.items():
        for token in (None, "not-a-token"):
            response = post_action(client, reference, action, fields, csrf=token,
                                   version=str(before.version))
            assert response.status_code == 400, action
            assert "Your session has expired" in response.text
    after = case_row(app, reference)
    assert (after.status, after.version) == (before.status, before.version)
    assert len(outbox(app, reference)) == sent
    # The same form with the page's token works: the refusals above were the token's doing.
    token = csrf_token(client, f"/en/staff/cases/{reference}")
    response = post_action(client, reference, "note", {"body": "Met token."}, csrf=token)
    assert response.status_code == 303
