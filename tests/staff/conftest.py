"""Staff accounts for tests: ``make_staff`` (also called ``staff_user``) and ``logged_in``.

    def test_queue(client, make_staff):
        anna = make_staff(name="Anna Jansen", role="editor")
        logged_in(client, anna)          # from tests.staff.conftest import logged_in
        assert "Anna Jansen" in client.get("/en/staff/").text

Passwords are hashed with cheap Argon2 parameters here, so tests stay fast.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher

from helpcenter.extensions import db
from helpcenter.staff import passwords, service

PASSWORD = "correct horse battery staple"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
CSRF_INPUT = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@dataclass(frozen=True)
class Staff:
    """What a test needs to know about an account it made."""

    id: int
    email: str
    name: str
    role: str
    lang: str
    password: str


@pytest.fixture
def fast_hashing(monkeypatch):
    """Cheap Argon2 parameters for the test's duration."""
    monkeypatch.setattr(passwords, "HASHER", FAST_HASHER)


@pytest.fixture
def make_staff(request, fast_hashing):
    """A factory: ``make_staff(email=..., name=..., role=..., password=..., lang=..., active=...,
    app=...)`` makes an account in ``app`` (the ``app`` fixture's by default)."""
    numbers = itertools.count(1)

    def factory(email=None, name=None, role="handler", password=PASSWORD, lang="en",
                active=True, app=None) -> Staff:
        app = app or request.getfixturevalue("app")
        number = next(numbers)
        with app.app_context():
            account = service.create_staff(email or f"staff{number}@example.com",
                                           name or f"Staff Member {number}", password,
                                           role=role, lang=lang)
            if not active:
                service.set_active(account.email, False)
            made = Staff(account.id, account.email, account.name, account.role, account.lang,
                         password)
            db.session.remove()
        return made

    return factory


@pytest.fixture
def staff_user(make_staff):
    """The same factory as ``make_staff``."""
    return make_staff


def csrf_token(client, path: str = "/en/staff/login") -> str:
    """The CSRF token a page gives this client (for apps with CSRF on)."""
    return CSRF_INPUT.search(client.get(path).text).group(1)


def logged_in(client, staff: Staff, lang: str | None = None):
    """Log ``client`` in as ``staff`` through the login form; returns the client."""
    data = {"email": staff.email, "password": staff.password}
    if client.application.config.get("WTF_CSRF_ENABLED"):
        data["csrf_token"] = csrf_token(client)
    response = client.post(f"/{lang or staff.lang}/staff/login", data=data)
    assert response.status_code == 303, response.text
    return client


def logged_out(client, lang: str = "en"):
    """Log ``client`` out with the logout button's POST; returns the response."""
    data = {}
    if client.application.config.get("WTF_CSRF_ENABLED"):
        data["csrf_token"] = csrf_token(client, f"/{lang}/staff/")
    return client.post(f"/{lang}/staff/logout", data=data)
