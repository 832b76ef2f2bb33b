"""Secret case links: made for every email, exchanged for a session, revoked when reissued.

The token itself is only ever in the email; the database keeps its SHA-256. A browser that
opened a link remembers (case id, link id), so revoking the link also ends that access.
"""

from __future__ import annotations

from sqlalchemy import select, update

from helpcenter.cases.models import Case, CaseLink
from helpcenter.cases.references import new_token, token_hash
from helpcenter.clock import utcnow
from helpcenter.extensions import db


def new_link(case: Case) -> str:
    """Add a fresh link for ``case`` to the session's transaction; return its token."""
    token = new_token()
    db.session.add(CaseLink(case_id=case.id, token_hash=token_hash(token), created_at=utcnow()))
    return token


def open_link(token: str) -> tuple[Case, int] | None:
    """The case and link id a token opens, or None for an unknown or revoked token."""
    if not token or len(token) > 200:
        return None
    link = db.session.scalar(select(CaseLink).where(CaseLink.token_hash == token_hash(token),
                                                    CaseLink.revoked_at.is_(None)))
    if link is None:
        return None
    return db.session.get(Case, link.case_id), link.id


def link_is_live(case_id: int, link_id: int) -> bool:
    """Whether the link a browser opened still belongs to the case and is not revoked."""
    return db.session.scalar(select(CaseLink.id).where(
        CaseLink.id == link_id, CaseLink.case_id == case_id,
        CaseLink.revoked_at.is_(None))) is not None


def revoke_links(case: Case) -> int:
    """Revoke every live link of ``case`` (in the caller's transaction); return how many."""
    result = db.session.execute(
        update(CaseLink).where(CaseLink.case_id == case.id, CaseLink.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount
