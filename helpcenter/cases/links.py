"""Secret case links: made for every email, exchanged for a session, revoked when reissued.

The token itself is only ever in the email; the database keeps its SHA-256 (the outbox keeps it
sealed only until the email is sent). A browser that opened a link remembers (case id, link id),
so revoking the link also ends that access.

Links expire ``CASE_LINK_DAYS_AFTER_CLOSING`` days after the case was closed (or withdrawn), or
after they were made if that is later: a link asked for through "Lost your link?" after the
closing works for that long from then, so a partner can always get back in with their email.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select, update

from helpcenter.cases.models import Case, CaseLink
from helpcenter.cases.references import new_token, token_hash
from helpcenter.clock import utcnow
from helpcenter.extensions import db

LIVE, EXPIRED = "live", "expired"


def new_link(case: Case) -> str:
    """Add a fresh link for ``case`` to the session's transaction; return its token."""
    token = new_token()
    db.session.add(CaseLink(case_id=case.id, token_hash=token_hash(token), created_at=utcnow()))
    return token


def new_access_token(case: Case) -> str:
    """A fresh link for ``case``, committed, for a client that just filed it (the JSON API).

    What the filing browser gets as a session (``views.open_in_this_browser``), an app gets as
    this token: it is shown once and only its hash is kept. "Lost your link?" revokes it with
    the others.
    """
    token = new_link(case)
    db.session.commit()
    return token


def has_expired(case: Case, link: CaseLink) -> bool:
    """Whether ``link`` stopped working: the case was closed long enough ago (and the link too)."""
    if case.closed_at is None:
        return False
    days = dt.timedelta(days=float(current_app.config["CASE_LINK_DAYS_AFTER_CLOSING"]))
    return utcnow() > max(case.closed_at, link.created_at) + days


def find_link(token: str) -> tuple[Case, CaseLink] | None:
    """The case and the unrevoked link ``token`` belongs to, expired or not."""
    if not token or len(token) > 200:
        return None
    link = db.session.scalar(select(CaseLink).where(CaseLink.token_hash == token_hash(token),
                                                    CaseLink.revoked_at.is_(None)))
    if link is None:
        return None
    return db.session.get(Case, link.case_id), link


def open_link(token: str) -> tuple[Case, int] | None:
    """The case and link id a token opens, or None for an unknown, revoked or expired token."""
    found = find_link(token)
    if found is None or has_expired(*found):
        return None
    case, link = found
    return case, link.id


def link_has_expired(token: str) -> bool:
    """Whether ``token`` is a real link that has expired (so the partner can be told why)."""
    found = find_link(token)
    return found is not None and has_expired(*found)


def link_state(case_id: int, link_id: int) -> str | None:
    """``LIVE`` or ``EXPIRED`` for a link a browser opened; None if revoked or another case's."""
    link = db.session.scalar(select(CaseLink).where(
        CaseLink.id == link_id, CaseLink.case_id == case_id, CaseLink.revoked_at.is_(None)))
    if link is None:
        return None
    return EXPIRED if has_expired(db.session.get(Case, case_id), link) else LIVE


def link_is_live(case_id: int, link_id: int) -> bool:
    """Whether the link a browser opened still belongs to the case, unrevoked and unexpired."""
    return link_state(case_id, link_id) == LIVE


def revoke_links(case: Case) -> int:
    """Revoke every live link of ``case`` (in the caller's transaction); return how many."""
    result = db.session.execute(
        update(CaseLink).where(CaseLink.case_id == case.id, CaseLink.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount
