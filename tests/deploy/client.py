"""A small HTTP client for the deploy tests: one visitor, their cookies, any local port."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass
from urllib.parse import urlencode

HOST = "127.0.0.1"
TIMEOUT_S = 20


@dataclass
class Reply:
    """A response, read whole."""

    status: int
    headers: http.client.HTTPMessage
    body: str

    def header(self, name: str) -> str | None:
        """One header's value (None when absent)."""
        return self.headers.get(name)


class Visitor:
    """One browser: keeps the cookies the site sets and sends them back, on any instance.

    ``address`` is the client address a proxy in front would report (``X-Forwarded-For``),
    so rate limits can tell visitors apart although every request comes from 127.0.0.1.
    """

    def __init__(self, address: str | None = None):
        self.address = address
        self.cookies: dict[str, str] = {}

    def get(self, port: int, path: str, headers: dict[str, str] | None = None) -> Reply:
        """GET ``path``."""
        return self.request(port, "GET", path, headers=headers)

    def post(self, port: int, path: str, form: dict[str, str],
             headers: dict[str, str] | None = None) -> Reply:
        """POST a form, as a browser on the site's own page does (``Sec-Fetch-Site``)."""
        return self.request(port, "POST", path, body=urlencode(form).encode(), headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "same-origin", **(headers or {})})

    def request(self, port: int, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Reply:
        """Send one request on a new connection; remember the cookies of the answer."""
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.address:
            sent["X-Forwarded-For"] = self.address
        connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers,
                          response.read().decode("utf-8", "replace"))
        finally:
            connection.close()
        for cookie in reply.headers.get_all("Set-Cookie") or ():
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if re.search(r"(?i)max-age=0\b|expires=thu, 01 jan 1970", cookie) or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return reply


def hidden_value(page: str, name: str) -> str:
    """The value of the form field ``name`` in ``page`` (e.g. the CSRF token)."""
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', page)
    assert match, f"no field {name} in the page"
    return match.group(1)
