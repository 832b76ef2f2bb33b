""""My cases" (``/<lang>/my-cases``): every case filed with the signed-in partner's email.

Newest activity first, each with its reference, kind, topic (in the page's language), status,
last update and how many handler messages the partner has not seen yet. Opening a case's page
marks its messages seen (``mark_seen``, called by ``case_page``). The page is private: only
the signed-in partner's own cases, never stored by a cache (``no-store``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import redirect, render_template, url_for
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from helpcenter import pagecache
from helpcenter.articles.store import content_store
from helpcenter.cases import partner_sessions as partners
from helpcenter.cases.lost_link import page
from helpcenter.cases.models import Case, CaseMessage
from helpcenter.cases.partner_models import CaseReadMark
from helpcenter.cases.views import bp
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.forms import Form

NEVER = dt.datetime(1970, 1, 1)


@dataclass(frozen=True)
class CaseRow:
    """One line of the list: a case and its handler messages not yet seen."""

    case: Case
    unread: int


def unread_messages():
    """Per case: the handler's messages (no internal notes) after the partner last looked."""
    seen = (select(CaseReadMark.seen_at).where(CaseReadMark.case_id == Case.id)
            .correlate(Case).scalar_subquery())
    return (select(func.count(CaseMessage.id))
            .where(CaseMessage.case_id == Case.id, CaseMessage.author == "staff",
                   CaseMessage.internal.is_(False),
                   CaseMessage.created_at > func.coalesce(seen, NEVER))
            .correlate(Case).scalar_subquery())


def cases_of(email: str) -> list[CaseRow]:
    """Every case filed with ``email``, newest activity first."""
    query = (partners.cases_with_email(email).add_columns(unread_messages())
             .order_by(Case.updated_at.desc(), Case.id.desc()))
    return [CaseRow(case, unread or 0) for case, unread in db.session.execute(query)]


def mark_seen(case: Case) -> None:
    """Remember that the partner saw the case's thread as it is now (own transaction)."""
    now = utcnow()
    values = {"seen_at": now}
    for _attempt in range(2):  # a second tab may insert the same mark at the same moment
        done = db.session.execute(update(CaseReadMark).where(CaseReadMark.case_id == case.id)
                                  .values(**values))
        if done.rowcount:
            db.session.commit()
            return
        try:
            db.session.add(CaseReadMark(case_id=case.id, seen_at=now))
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()


@bp.get("/<lang:lang_code>/my-cases")
def my_cases():
    """The signed-in partner's cases; anyone else is sent to the sign-in page."""
    email = partners.signed_in_email()
    if email is None:
        return page(redirect(url_for(".sign_in"), 303), 303)
    return page(render_template("cases/my_cases.html", rows=cases_of(email), email=email,
                                topics=content_store().library().topics, form=Form()))


def signed_in_context() -> dict:
    """``partner_signed_in`` for the header (the page cache keys pages on the same value)."""
    return {"partner_signed_in": partners.signed_in_marker()}


bp.app_context_processor(signed_in_context)


@bp.record_once
def key_cached_pages_on_sign_in(state) -> None:
    """Cached pages show the header of a signed-in partner or not: key them on it."""
    pagecache.vary_on(state.app, partners.signed_in_marker)
