"""The API neither reads nor sets cookies: its requests get an empty session, never saved.

A client of the API is an app or a server, identified by what it sends (a visitor id, a
bearer token), never by a cookie. So a browser's session cookie sent along by accident is not
read, nothing the site's code puts in ``session`` during an API request is kept, and no
``Set-Cookie`` (nor ``Vary: Cookie``) leaves an API response.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSession, SessionInterface

API_PREFIX = "/api/"


class NoCookiesForTheApi(SessionInterface):
    """Wraps the app's session interface; requests under ``/api/`` get a throwaway session."""

    def __init__(self, site: SessionInterface):
        self.site = site

    def open_session(self, app, request):
        """An empty session for the API (the cookie is not even parsed); the site's otherwise."""
        if request.path.startswith(API_PREFIX):
            return SecureCookieSession()
        return self.site.open_session(app, request)

    def is_null_session(self, obj) -> bool:
        return self.site.is_null_session(obj)

    def save_session(self, app, session, response) -> None:
        """Nothing for the API; the site's own saving otherwise."""
        from flask import request

        if request.path.startswith(API_PREFIX):
            return
        self.site.save_session(app, session, response)


def init_app(app: Flask) -> None:
    """Put the wrapper around the app's session interface (once)."""
    if not isinstance(app.session_interface, NoCookiesForTheApi):
        app.session_interface = NoCookiesForTheApi(app.session_interface)
