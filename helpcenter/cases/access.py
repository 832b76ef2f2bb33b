"""Which cases this browser may see: the ones whose secret link it opened, while it is live,
and every case of the partner signed in to "My cases" (``partner_sessions``).

Opening a link stores (case id, link id) in the session; the token itself is never kept. Every
case page asks ``case_access`` again, so a link replaced through "Lost your link?" (revoked)
ends the access of every browser that opened it, and so does the link's expiry.
"""

from __future__ import annotations

from flask import session

from helpcenter.cases import partner_sessions
from helpcenter.cases import service as cases

OPEN_KEY = "case_links"  # [case id, link id] of the links this browser opened
MAX_REMEMBERED = 20


def opened_links() -> list[list[int]]:
    """The [case id, link id] pairs in this browser's session (anything else is dropped)."""
    return [pair for pair in session.get(OPEN_KEY, [])
            if isinstance(pair, list) and len(pair) == 2 and all(type(i) is int for i in pair)]


def remember_link(case_id: int, link_id: int) -> None:
    """Let this browser see the case from now on (the newest link replaces an older one)."""
    others = [pair for pair in opened_links() if pair[0] != case_id]
    session[OPEN_KEY] = ([[case_id, link_id]] + others)[:MAX_REMEMBERED]


def case_access(reference: str) -> tuple[cases.Case | None, str | None]:
    """(case, ``LIVE`` or ``EXPIRED``) when this browser opened the case's link; else (None, None).

    A partner signed in with the case's email sees it (``LIVE``) without any link.

    (None, None) as well for a reference that does not exist: the caller cannot tell the two
    apart, so neither can a visitor. ``EXPIRED`` only ever comes with a case this browser did
    open, so saying "your link has expired" tells nothing to anyone else.
    """
    case = cases.case_by_reference(reference) if len(reference) <= 20 else None
    if case is None:
        return None, None
    if partner_sessions.owns(case):
        return case, cases.LIVE
    link_id = next((link for case_id, link in opened_links() if case_id == case.id), None)
    state = cases.link_state(case.id, link_id) if link_id is not None else None
    return (case, state) if state is not None else (None, None)
