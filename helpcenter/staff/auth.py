"""The staff session: who is logged in, for how long, and the decorators that ask.

The session is Flask's signed cookie. At login it is cleared and holds only
``{"id", "version", "login", "seen"}`` under ``SESSION_KEY``. A request counts the session
only while the account exists, is active, still has that ``session_version`` and was seen
within ``STAFF_SESSION_IDLE_MINUTES``; otherwise the staff part of the cookie is dropped.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from helpcenter import clock
from helpcenter.extensions import db
from helpcenter.i18n import LANGUAGES
from helpcenter.staff.models import StaffUser
from helpcenter.staff.service import end_sessions

SESSION_KEY = "staff"
STAFF_PATH = re.compile(rf"/(?:{'|'.join(LANGUAGES)})/staff(?:/|\Z)")
NOT_A_NEXT = ("staff.login", "staff.logout")


def start_session(staff: StaffUser) -> None:
    """Renew the session for ``staff``: nothing from before the login survives."""
    session.clear()
    now = clock.utcnow().isoformat()
    session[SESSION_KEY] = {"id": staff.id, "version": staff.session_version,
                            "login": now, "seen": now}
    g.staff = staff


def end_session() -> None:
    """Log out: end this session (and any copy of its cookie) and empty the cookie."""
    staff = current_staff()
    if staff is not None:
        end_sessions(staff)
        db.session.commit()
    session.clear()
    g.staff = None


def current_staff() -> StaffUser | None:
    """The staff member logged in on this request, or None (checked once per request)."""
    if "staff" not in g:
        g.staff = _load_staff()
    return g.staff


def _load_staff() -> StaffUser | None:
    """Check the staff part of the session; drop it when it no longer counts."""
    data = session.get(SESSION_KEY)
    if data is None:
        return None
    try:
        staff_id, version = int(data["id"]), int(data["version"])
        seen = dt.datetime.fromisoformat(data["seen"])
    except (TypeError, KeyError, ValueError):
        session.pop(SESSION_KEY)
        return None
    now = clock.utcnow()
    if now - seen > dt.timedelta(minutes=current_app.config["STAFF_SESSION_IDLE_MINUTES"]):
        session.pop(SESSION_KEY)
        g.staff_expired = True
        return None
    staff = db.session.get(StaffUser, staff_id)
    if staff is None or not staff.active or staff.session_version != version:
        session.pop(SESSION_KEY)
        return None
    session[SESSION_KEY] = {**data, "seen": now.isoformat()}
    return staff


def login_required(view: Callable | None = None, *, role: str | tuple[str, ...] | None = None):
    """Let only a logged-in staff member (with one of ``role``, if given) open the view.

    Use as ``@login_required``, ``@login_required()`` or ``@login_required(role="admin")``.
    Anyone else is sent to the login page (with ``next`` for a GET); a staff member without
    the role gets 403.
    """
    roles = (role,) if isinstance(role, str) else tuple(role or ())

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapped(*args, **kwargs):
            staff = current_staff()
            if staff is None:
                return login_redirect()
            if roles and staff.role not in roles:
                abort(403)
            return func(*args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def roles_required(*roles: str) -> Callable:
    """``login_required`` for one of ``roles``: ``@roles_required("editor", "admin")``."""
    return login_required(role=roles)


def login_redirect():
    """Send the visitor to the login page, saying so when their session expired."""
    if g.pop("staff_expired", False):
        flash(gettext("Your session expired after a period without activity. Please log in "
                      "again."), "notice")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("staff.login", next=safe_next(target)))


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a page of the staff console on this site, else None.

    Only a path is accepted (no scheme, host, ``//``, backslash or control character); it
    must match one of our staff GET routes, and it is rebuilt with ``url_for``, so the
    redirect never goes anywhere the site does not serve.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if any(ch == "\\" or ord(ch) < 33 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not STAFF_PATH.match(parts.path):
        return None
    adapter = current_app.create_url_adapter(request)
    try:
        endpoint, args = adapter.match(parts.path, method="GET")
    except RequestRedirect as moved:
        return safe_next(urlsplit(moved.new_url).path)
    except HTTPException:
        return None
    if endpoint in NOT_A_NEXT:
        return None
    url = url_for(endpoint, **args)
    if not STAFF_PATH.match(url):
        return None
    query = urlencode(parse_qsl(parts.query, keep_blank_values=True))
    return f"{url}?{query}" if query else url


def landing_page(staff: StaffUser) -> str:
    """Where a staff member starts: the console in their chosen language."""
    lang = staff.lang if staff.lang in LANGUAGES else g.lang_code
    return url_for("staff.queue", lang_code=lang)


def staff_headers(response):
    """No staff page may be stored by a browser or proxy, nor indexed."""
    if STAFF_PATH.match(request.path):
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def staff_context() -> dict:
    """``current_staff`` for templates (None until a staff check ran on this request)."""
    return {"current_staff": g.get("staff")}
