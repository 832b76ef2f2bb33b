"""Every page type of the site, fetched once per module in each configuration.

``HTTPS`` is production (``SITE_ORIGIN=https://…``: Secure ``__Host-`` cookies, HSTS), ``HTTP``
is ``make run`` with nothing configured. Both keep CSRF tokens and rate limits on, as served.
``visit_every_page`` walks the site the way a partner and a case handler do and keeps each
response (headers and body) under the name of its page type.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import flask_migrate
import pytest
from sqlalchemy import select
from werkzeug.datastructures import Headers

from helpcenter.extensions import db
from helpcenter.mail.models import OutboxMessage
from helpcenter.staff import passwords, service
from tests.cases.conftest import small_png
from tests.conftest import build_app, reset_database
from tests.mail.sent import email_text
from tests.staff.conftest import FAST_HASHER

HTTPS = "https://help.example.com"
HTTP = "http://localhost"
SETTINGS = {
    "WTF_CSRF_ENABLED": True,
    "RATELIMIT_ENABLED": True,
    "CASES_LOST_LINK_RATE_LIMIT": "1 per hour",
    "MAX_CONTENT_LENGTH": 256 * 1024,
}
PNG = small_png()  # a real image: uploads are decoded
CSRF_INPUT = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
STAFF_EMAIL, STAFF_PASSWORD = "hanna@example.com", "correct horse battery staple"
ISSUE = {
    "location": "extranet", "topic": "account", "subtopic": "account/login",
    "message": "The login page shows an error 500 after I enter my two-factor code.",
    "property_id": "998877", "name": "Tom Jansen", "email": "tom@example.com",
    "idempotency_key": "c" * 32,
}


@dataclass(frozen=True)
class Page:
    """One response as the browser got it."""

    status: int
    headers: Headers
    body: str
    url: str


class Visitor:
    """A browser on the site: a test client whose every request goes to ``origin``."""

    def __init__(self, app, origin: str):
        self.client = app.test_client()
        self.origin = origin

    def get(self, path: str, **kwargs) -> Page:
        """GET ``path`` (no redirects followed)."""
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> Page:
        """POST from one of the site's own pages, as a browser marks it."""
        headers = {"Sec-Fetch-Site": "same-origin", **kwargs.pop("headers", {})}
        return self.request("POST", path, headers=headers, **kwargs)

    def request(self, method: str, path: str, **kwargs) -> Page:
        """Any request; the response is read and closed."""
        response = self.client.open(path, method=method, base_url=self.origin, **kwargs)
        page = Page(response.status_code, Headers(response.headers),
                    response.get_data().decode("utf-8", "replace"), self.origin + path)
        response.close()
        return page

    def csrf_token(self, path: str) -> str:
        """The CSRF token of the form on ``path``."""
        return CSRF_INPUT.search(self.get(path).body).group(1)


def visit_every_page(app, origin: str) -> dict[str, Page]:
    """Each page type of the site, reached as people reach it, by name."""
    pages: dict[str, Page] = {}
    partner = Visitor(app, origin)
    pages["root redirect"] = partner.get("/")
    pages["home"] = partner.get("/nl/")
    pages["section"] = partner.get("/nl/complaints/")
    pages["article"] = partner.get("/en/complaints/submit-a-complaint")
    pages["search"] = partner.get("/en/search?q=complaint")
    pages["search suggestions (JSON)"] = partner.get("/en/search/suggest?q=compl")
    pages["language switch"] = partner.get("/en/language?next=/nl/")
    pages["complaint form"] = partner.get("/nl/complaint")
    pages["technical-issue form"] = partner.get("/en/technical-issue")
    token = CSRF_INPUT.search(pages["technical-issue form"].body).group(1)
    data = {**ISSUE, "csrf_token": token, "attachments": [(io.BytesIO(PNG), "screen.png")]}
    filed = partner.post("/en/technical-issue", data=data)
    assert filed.status == 303, filed.body[:2000]
    reference = filed.headers["Location"].rsplit("/", 1)[1]
    pages["confirmation"] = partner.get(f"/en/case-received/{reference}")
    follower = Visitor(app, origin)  # opens the emailed link
    pages["case link"] = follower.get(case_link_path(app))
    pages["case"] = follower.get(f"/en/cases/{reference}")
    download = re.search(r'href="(/en/cases/[^"]+/files/[^"]+)"', pages["case"].body)
    pages["attachment download"] = follower.get(download.group(1))
    pages["how to get in (404)"] = Visitor(app, origin).get(f"/en/cases/{reference}")
    pages["vote (JSON)"] = Visitor(app, origin).post(
        "/en/feedback/mediation", data={"answer": "yes"}, headers={"Accept": "application/json"})
    pages["not found (404)"] = partner.get("/en/no-such-page")
    pages["method not allowed (405)"] = partner.request("DELETE", "/en/")
    pages["untrusted host (400)"] = partner.get("/en/", headers={"Host": "evil.example"})
    pages["cross-origin (403)"] = partner.post(
        "/en/feedback/mediation", data={"answer": "yes"}, headers={"Sec-Fetch-Site": "cross-site"})
    pages["too large (413)"] = partner.post(
        "/en/complaint", data={"message": "x" * (SETTINGS["MAX_CONTENT_LENGTH"] + 1)})
    pages["too many requests (429)"] = too_many_requests(partner)
    pages["csrf expired (400)"] = Visitor(app, origin).post("/en/complaint", data=ISSUE)
    pages["stylesheet"] = partner.get(static_url(pages["home"].body, "css/site"))
    pages["staff login"] = Visitor(app, origin).get("/en/staff/login")
    pages["staff queue"] = staff_page(app, origin)
    return pages


def case_link_path(app) -> str:
    """The path of the case link in the newest email."""
    with app.app_context():
        body = email_text(db.session.scalar(select(OutboxMessage)
                                            .order_by(OutboxMessage.id.desc())))
        db.session.remove()
    return re.search(r"https?://[^/\s]+(/\w\w/case/\S+)", body).group(1)


def too_many_requests(visitor: Visitor) -> Page:
    """Lost-link requests until the limit answers 429 (the limit is one an hour here)."""
    for _ in range(3):
        token = visitor.csrf_token("/en/cases/lost-link")
        page = visitor.post("/en/cases/lost-link", data={
            "reference": "HC-AAAA-BBBB", "email": "tom@example.com", "csrf_token": token})
        if page.status == 429:
            return page
    raise AssertionError("the lost-link limit never answered 429")


def static_url(body: str, stem: str) -> str:
    """The (hashed) URL under which a page links the static file ``stem``."""
    return re.search(rf'"(/static/{stem}[^"]*)"', body).group(1)


def staff_page(app, origin: str) -> Page:
    """The staff queue, after logging in through the form."""
    handler = Visitor(app, origin)
    token = handler.csrf_token("/en/staff/login")
    response = handler.post("/en/staff/login", data={
        "email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf_token": token})
    assert response.status == 303, response.body[:2000]
    return handler.get("/en/staff/")


def site(tmp_path_factory, origin: str, **settings):
    """A migrated app with a handler account, for a module; yields the app.

    Always on its own SQLite file, also in the PostgreSQL run: two of these apps live side by
    side for a whole module (and function-scoped apps come and go between them), which one
    shared PostgreSQL database cannot give; headers and cookies do not depend on the database.
    """
    folder = tmp_path_factory.mktemp("security")
    app = build_app(folder, **SETTINGS, **settings,
                    DATABASE_URL=f"sqlite:///{folder}/security.sqlite3")
    with app.app_context():
        flask_migrate.upgrade()
        original, passwords.HASHER = passwords.HASHER, FAST_HASHER
        try:
            service.create_staff(STAFF_EMAIL, "Hanna Bakker", STAFF_PASSWORD, role="handler",
                                 lang="en")
        finally:
            passwords.HASHER = original
        db.session.remove()
    yield app
    reset_database(app)


@pytest.fixture(scope="module")
def https_app(tmp_path_factory):
    """Production: the site configured as ``https://help.example.com``."""
    yield from site(tmp_path_factory, HTTPS, SITE_ORIGIN=HTTPS)


@pytest.fixture(scope="module")
def http_app(tmp_path_factory):
    """``make run``: nothing configured, served on localhost over HTTP."""
    yield from site(tmp_path_factory, HTTP)


@pytest.fixture(scope="module")
def https_pages(https_app) -> dict[str, Page]:
    """Every page type in production."""
    return visit_every_page(https_app, HTTPS)


@pytest.fixture(scope="module")
def http_pages(http_app) -> dict[str, Page]:
    """Every page type under ``make run``."""
    return visit_every_page(http_app, HTTP)
