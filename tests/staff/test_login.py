"""Staff login, sessions and logout: the console's front door."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from flask import Blueprint

from helpcenter import clock
from helpcenter.extensions import db
from helpcenter.staff import passwords, service
from helpcenter.staff.auth import SESSION_KEY, roles_required
from helpcenter.staff.models import StaffUser
from tests.staff.conftest import PASSWORD, csrf_token, logged_in, logged_out

NOT_CORRECT = {"en": "The email address or password is not correct.",
               "nl": "Het e-mailadres of het wachtwoord klopt niet."}
EXPIRED = {"en": "Your session expired", "nl": "Uw sessie is verlopen"}


def login(client, email, password, lang="en", **kwargs):
    """POST the login form."""
    return client.post(f"/{lang}/staff/login", data={"email": email, "password": password},
                       **kwargs)


def session_cookie(client) -> str | None:
    """The value of the client's session cookie."""
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


@pytest.mark.parametrize("lang, label", [("en", "Password"), ("nl", "Wachtwoord")])
def test_login_page_in_both_languages(client, lang, label):
    response = client.get(f"/{lang}/staff/login")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    assert label in response.text
    assert 'autocomplete="current-password"' in response.text


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_login_opens_the_console_in_the_staff_members_language(client, make_staff, lang):
    anna = make_staff(email="Anna@Example.com", name="Anna Jansen", lang=lang)
    response = login(client, "  ANNA@example.COM ", PASSWORD, lang="en")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{lang}/staff/"
    page = client.get(f"/{lang}/staff/")
    assert page.status_code == 200 and "Anna Jansen" in page.text
    with client.application.app_context():
        assert db.session.get(StaffUser, anna.id).last_login_at is not None


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("case", ["unknown", "wrong password", "disabled"])
def test_every_failure_gets_the_same_answer(client, make_staff, lang, case):
    make_staff(email="anna@example.com")
    make_staff(email="old@example.com", active=False)
    email, password = {"unknown": ("nobody@example.com", PASSWORD),
                       "wrong password": ("anna@example.com", "not the password at all"),
                       "disabled": ("old@example.com", PASSWORD)}[case]
    response = login(client, email, password, lang=lang)
    assert response.status_code == 400
    assert NOT_CORRECT[lang] in response.text
    assert 'class="error-summary"' in response.text
    assert password not in response.text  # the password is never sent back
    with client.session_transaction() as session:
        assert SESSION_KEY not in session
    assert client.get(f"/{lang}/staff/").status_code == 302


@pytest.mark.parametrize("lang, message", [("en", "Enter your password."),
                                           ("nl", "Vul uw wachtwoord in.")])
def test_empty_fields_are_named(client, lang, message):
    response = login(client, "anna@example.com", "", lang=lang)
    assert response.status_code == 400
    assert message in response.text
    assert 'value="anna@example.com"' in response.text


def test_unknown_account_is_checked_against_a_dummy_hash(client, make_staff, monkeypatch):
    anna = make_staff(email="anna@example.com", active=False)
    checked = []
    real_verify = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password",
                        lambda hashed, password: checked.append(hashed) or real_verify(
                            hashed, password))
    login(client, "nobody@example.com", PASSWORD)
    login(client, "not an address", PASSWORD)
    login(client, anna.email, PASSWORD)
    with client.application.app_context():
        own_hash = db.session.get(StaffUser, anna.id).password_hash
    assert checked == [passwords.dummy_hash(), passwords.dummy_hash(), own_hash]
    assert checked[0].startswith("$argon2id$")


def test_a_hash_with_old_parameters_is_replaced_at_login(client, make_staff):
    anna = make_staff()
    old_hash = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(PASSWORD)
    with client.application.app_context():
        db.session.get(StaffUser, anna.id).password_hash = old_hash
        db.session.commit()
    assert logged_in(client, anna)
    with client.application.app_context():
        new_hash = db.session.get(StaffUser, anna.id).password_hash
    assert new_hash != old_hash and not passwords.needs_rehash(new_hash)
    assert passwords.verify_password(new_hash, PASSWORD)


def test_the_session_is_renewed_at_login(client, make_staff):
    anna = make_staff()
    with client.session_transaction() as session:
        session["open_cases"] = [1]
        session["planted"] = "from before the login"
    before = session_cookie(client)
    logged_in(client, anna)
    assert session_cookie(client) != before
    with client.session_transaction() as session:
        assert set(session) == {SESSION_KEY}
        assert set(session[SESSION_KEY]) == {"id", "version", "login", "seen"}


def test_logout_ends_the_session_and_every_copy_of_its_cookie(app, make_staff):
    anna = make_staff(name="Anna Jansen")
    client = logged_in(app.test_client(), anna)
    copied = session_cookie(client)
    assert client.get("/en/staff/logout").status_code in (404, 405)  # only a POST logs out
    assert "Anna Jansen" in client.get("/en/staff/").text
    response = logged_out(client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/staff/login"
    assert "You are logged out." in client.get("/en/staff/login").text
    assert client.get("/en/staff/").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/en/staff/")
    assert response.status_code == 302 and "Anna Jansen" not in response.text


def test_a_logged_in_member_opening_the_login_page_goes_to_the_console(client, make_staff):
    logged_in(client, make_staff(lang="nl"))
    response = client.get("/en/staff/login")
    assert response.status_code == 302 and response.headers["Location"] == "/nl/staff/"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_an_idle_session_expires(client, make_staff, monkeypatch, lang):
    logged_in(client, make_staff(lang=lang))
    real = clock.utcnow
    monkeypatch.setattr(clock, "utcnow", lambda: real() + dt.timedelta(minutes=479))
    assert client.get(f"/{lang}/staff/").status_code == 200  # and this request counts as activity
    monkeypatch.setattr(clock, "utcnow", lambda: real() + dt.timedelta(minutes=479 + 479))
    assert client.get(f"/{lang}/staff/").status_code == 200
    monkeypatch.setattr(clock, "utcnow", lambda: real() + dt.timedelta(minutes=958 + 481))
    response = client.get(f"/{lang}/staff/?status=open")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"/{lang}/staff/login?next=/{lang}/staff/?status%3Dopen")
    page = client.get(response.headers["Location"])
    assert EXPIRED[lang] in page.text
    assert client.get(f"/{lang}/staff/").status_code == 302  # the session stays ended


def test_idle_minutes_are_configurable(make_app, make_staff, monkeypatch):
    app = make_app(STAFF_SESSION_IDLE_MINUTES=5)
    client = logged_in(app.test_client(), make_staff(app=app))
    real = clock.utcnow
    monkeypatch.setattr(clock, "utcnow", lambda: real() + dt.timedelta(minutes=6))
    assert client.get("/en/staff/").status_code == 302


@pytest.mark.parametrize("change", ["disable", "set-password"])
def test_disabling_or_a_new_password_ends_open_sessions(client, make_staff, change):
    anna = make_staff()
    logged_in(client, anna)
    with client.application.app_context():
        if change == "disable":
            service.set_active(anna.email, False)
        else:
            service.set_password(anna.email, "a brand new passphrase")
    response = client.get("/en/staff/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/staff/login")


def test_two_staff_members_at_once_each_see_their_own_name(app, make_staff):
    anna = make_staff(name="Anna Jansen")
    bram = make_staff(name="Bram de Wit", lang="nl")
    first = logged_in(app.test_client(), anna)
    second = logged_in(app.test_client(), bram)
    for client, own, other, lang in ((first, "Anna Jansen", "Bram de Wit", "en"),
                                     (second, "Bram de Wit", "Anna Jansen", "nl")):
        page = client.get(f"/{lang}/staff/")  # the queue lists colleagues: look at the bar
        assert f"<strong>{own}</strong>" in page.text
        assert f"<strong>{other}</strong>" not in page.text
    logged_out(first)
    assert first.get("/en/staff/").status_code == 302
    assert "Bram de Wit" in second.get("/nl/staff/").text  # another account's logout is not his


EVIL = ["//evil.example", "https://evil.example", "/\\evil.example", "/\\/evil.example",
        "///evil.example", "http:/evil.example", "/en/staff/\\\\evil.example",
        "/en/staff/login", "/en/complaint", "javascript:alert(1)", "/%0d%0aLocation:x",
        " //evil.example", "/en/staff/\t//evil.example"]


@pytest.mark.parametrize("target", EVIL)
def test_next_is_only_ever_a_page_of_the_console(client, make_staff, target):
    anna = make_staff()
    assert client.get("/en/staff/login", query_string={"next": target}).status_code == 200
    response = login(client, anna.email, PASSWORD, query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/staff/"


@pytest.mark.parametrize("target", ["/nl/staff/", "/en/staff/?status=open&page=2", "/en/staff"])
def test_next_to_a_console_page_is_followed(client, make_staff, target):
    anna = make_staff()
    response = login(client, anna.email, PASSWORD, query_string={"next": target})
    expected = {"/en/staff": "/en/staff/"}.get(target, target)
    assert response.headers["Location"] == expected


def test_anonymous_visitor_is_sent_to_login_and_back(client, make_staff):
    anna = make_staff()
    response = client.get("/nl/staff/")
    assert response.headers["Location"] == "/nl/staff/login?next=/nl/staff/"
    response = login(client, anna.email, PASSWORD, lang="nl",
                     query_string={"next": "/nl/staff/"})
    assert response.headers["Location"] == "/nl/staff/"


@pytest.fixture
def editor_page_app(make_app):
    """An app with an extra console page for editors and admins only."""
    app = make_app()
    extra = Blueprint("staff_test", __name__, url_prefix="/<lang:lang_code>/staff")

    @extra.get("/editors-only")
    @roles_required("editor", "admin")
    def editors_only():
        return "feedback report"

    app.register_blueprint(extra)
    return app


@pytest.mark.parametrize("role, status", [("handler", 403), ("editor", 200), ("admin", 200)])
def test_roles_limit_editor_pages(editor_page_app, make_staff, role, status):
    client = logged_in(editor_page_app.test_client(), make_staff(role=role, app=editor_page_app))
    response = client.get("/en/staff/editors-only")
    assert response.status_code == status
    assert response.headers["Cache-Control"] == "no-store"


def test_editor_page_remembers_next_for_anonymous_visitors(editor_page_app, make_staff):
    editor = make_staff(role="editor", app=editor_page_app)
    client = editor_page_app.test_client()
    response = client.get("/en/staff/editors-only")
    assert response.headers["Location"] == "/en/staff/login?next=/en/staff/editors-only"
    response = login(client, editor.email, PASSWORD,
                     query_string={"next": "/en/staff/editors-only"})
    assert response.headers["Location"] == "/en/staff/editors-only"


def test_every_staff_response_is_never_stored_nor_indexed(client, make_staff):
    anna = make_staff()
    responses = [client.get("/en/staff/"), client.get("/nl/staff/login"),
                 login(client, anna.email, "wrong password!!"), client.get("/en/staff/nope"),
                 login(client, anna.email, PASSWORD), client.get("/en/staff/"),
                 client.get("/en/staff/logout"), logged_out(client)]
    assert [r.status_code for r in responses] == [302, 200, 400, 404, 303, 200, 404, 303]
    for response in responses:
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Robots-Tag"] == "noindex"
    public = client.application.test_client().get("/en/")
    assert "X-Robots-Tag" not in public.headers and "no-store" not in public.headers.get(
        "Cache-Control", "")


def test_failed_logins_are_throttled_per_account(make_app, make_staff):
    app = make_app(RATELIMIT_ENABLED=True, STAFF_LOGIN_RATE_LIMIT="3 per minute")
    anna = make_staff(app=app)
    client = app.test_client()
    for number in range(3):  # each attempt from another address
        response = login(client, anna.email, "wrong password!!",
                         environ_base={"REMOTE_ADDR": f"10.0.0.{number}"})
        assert response.status_code == 400
    response = login(client, anna.email.upper(), PASSWORD, lang="nl",
                     environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert response.status_code == 429
    assert "Te veel verzoeken" in response.text
    assert response.headers["Cache-Control"] == "no-store"
    other = make_staff(app=app)  # another account from the same address is not affected
    response = login(client, other.email, PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert response.status_code == 303


def test_failed_logins_are_throttled_per_address(make_app, make_staff):
    app = make_app(RATELIMIT_ENABLED=True, STAFF_LOGIN_RATE_LIMIT="3 per minute")
    anna = make_staff(app=app)
    client = app.test_client()
    for number in range(3):  # each attempt for another account
        assert login(client, f"guess{number}@example.com", PASSWORD).status_code == 400
    assert login(client, anna.email, PASSWORD).status_code == 429
    elsewhere = login(app.test_client(), anna.email, PASSWORD,
                      environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert elsewhere.status_code == 303


def test_successful_logins_do_not_count(make_app, make_staff):
    app = make_app(RATELIMIT_ENABLED=True, STAFF_LOGIN_RATE_LIMIT="2 per minute")
    anna = make_staff(app=app)
    for _ in range(4):
        client = logged_in(app.test_client(), anna)
        logged_out(client)


def test_login_and_logout_need_the_csrf_token(make_app, make_staff):
    app = make_app(WTF_CSRF_ENABLED=True)
    anna = make_staff(app=app, name="Anna Jansen")
    client = app.test_client()
    response = login(client, anna.email, PASSWORD)
    assert response.status_code == 400
    assert client.get("/en/staff/").status_code == 302
    logged_in(client, anna)  # with the token from the form
    response = client.post("/en/staff/logout")
    assert response.status_code == 400
    assert "Anna Jansen" in client.get("/en/staff/").text  # still logged in
    assert 'name="csrf_token"' in client.get("/en/staff/").text  # the logout button has one
    assert logged_out(client).status_code == 303
    assert client.get("/en/staff/").status_code == 302
    assert csrf_token(client)
