"""Signing in to "My cases": single-use emailed links, and the session each one starts.

A sign-in request makes a random token; the database keeps only its SHA-256 and the email goes
out with the token sealed (``mail.outbox``). Only an address that has cases gets an email, yet
the request gets the same answer after the same work either way: it only renders the email,
and the lookup, the rows and the sending wait until the response has gone out. A link works once
(``sign_in_with`` claims it with one conditional UPDATE, so two clicks at the same moment
cannot both succeed) and for ``SIGN_IN_LINK_MINUTES``.

The session names its ``PartnerSignIn`` row, never the email: signing out marks the row ended,
which ends the session in every copy of the cookie, and so does ``PARTNER_SESSION_HOURS``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, g, render_template, session
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from helpcenter.cases.models import Case
from helpcenter.cases.partner_models import PartnerSignIn
from helpcenter.cases.references import new_token, token_hash
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.mail.outbox import SECRET_PLACEHOLDER, enqueue
from helpcenter.security import external_url

SESSION_KEY = "partner"
# At sign-out the case links opened (``access``), the cases filed (``views``) and the files
# held for a form (``held_uploads``) in this browser go too.
DROPPED_AT_SIGN_OUT = ("case_links", "filed_cases", "upload_owner")
USABLE, USED, EXPIRED = "usable", "used", "expired"


def normal_email(email: str | None) -> str:
    """An address as we compare it: without surrounding spaces, lower case."""
    return (email or "").strip().lower()


def cases_with_email(email: str):
    """The query for the cases filed with ``email`` (any case), not yet purged."""
    return select(Case).where(func.lower(func.trim(Case.email)) == normal_email(email),
                              Case.purged_at.is_(None))


def link_lifetime() -> dt.timedelta:
    """How long an emailed sign-in link works."""
    return dt.timedelta(minutes=float(current_app.config["SIGN_IN_LINK_MINUTES"]))


def session_lifetime() -> dt.timedelta:
    """How long a session lasts after signing in."""
    return dt.timedelta(hours=float(current_app.config["PARTNER_SESSION_HOURS"]))


@dataclass(frozen=True)
class SignInRequest:
    """A sign-in link asked for: the address as typed and the email it would get."""

    email: str
    lang: str
    subject: str
    body: str


def sign_in_request(email: str, lang: str) -> SignInRequest:
    """Render the sign-in email for ``email`` in ``lang``; this reads and writes no table.

    The request does this part (it needs the page's address for the link), the same work for
    every address; ``record_sign_in`` does the rest after the response.
    """
    link = external_url("cases.sign_in_link", lang_code=lang, token=SECRET_PLACEHOLDER)
    minutes = int(current_app.config["SIGN_IN_LINK_MINUTES"])
    with force_locale(lang):
        body = render_template("mail/partner_sign_in.txt", link=link, minutes=minutes)
        subject = _("Your sign-in link for My cases")
    return SignInRequest(email, lang, subject, body)


def record_sign_in(asked: SignInRequest) -> None:
    """Store a sign-in link and queue its email when cases were filed with the address.

    Run after the response has gone out (``sign_in.sign_in``): what the lookup finds and the
    two rows written for an address with cases then cannot show in the answer's timing.
    """
    now = utcnow()
    token = new_token()
    address = db.session.scalar(cases_with_email(asked.email).with_only_columns(Case.email)
                                .order_by(Case.created_at.desc()).limit(1))
    forget_old_sign_ins(now)
    if address is not None:
        db.session.add(PartnerSignIn(email=normal_email(asked.email),
                                     token_hash=token_hash(token), lang=asked.lang,
                                     created_at=now, expires_at=now + link_lifetime()))
        enqueue(address.strip(), asked.subject, asked.body, asked.lang,  # as the partner gave it
                secret=token)
    db.session.commit()


def request_sign_in(email: str, lang: str) -> None:
    """Email a sign-in link to ``email`` in ``lang`` when cases were filed with it, at once.

    For callers without a visitor waiting (tests, scripts); the sign-in form renders with
    ``sign_in_request`` and leaves ``record_sign_in`` for after its response.
    """
    record_sign_in(sign_in_request(email, lang))


def forget_old_sign_ins(now: dt.datetime) -> None:
    """Delete sign-ins whose link and session are both long over (they hold an address)."""
    oldest = now - link_lifetime() - session_lifetime() - dt.timedelta(days=1)
    db.session.execute(delete(PartnerSignIn).where(PartnerSignIn.created_at < oldest))


def link_state(token: str) -> str | None:
    """``USABLE``, ``USED`` or ``EXPIRED`` for a sign-in link; None for an unknown token."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(select(PartnerSignIn).where(
        PartnerSignIn.token_hash == token_hash(token)))
    if row is None:
        return None
    if row.used_at is not None:
        return USED
    return EXPIRED if utcnow() >= row.expires_at else USABLE


def sign_in_with(token: str) -> PartnerSignIn | None:
    """Use the link: the sign-in it belongs to, or None when unknown, used or expired.

    One UPDATE claims the link only while it is unused and unexpired: of two requests at the
    same moment, exactly one signs in.
    """
    if not token or len(token) > 200:
        return None
    now = utcnow()
    claimed = db.session.execute(
        update(PartnerSignIn)
        .where(PartnerSignIn.token_hash == token_hash(token), PartnerSignIn.used_at.is_(None),
               PartnerSignIn.expires_at > now)
        .values(used_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    db.session.commit()
    return db.session.scalar(select(PartnerSignIn).where(
        PartnerSignIn.token_hash == token_hash(token)))


def start_session(sign_in: PartnerSignIn) -> None:
    """Renew the session for the signed-in partner.

    The session's identity is the new sign-in row, made by this link alone, and the CSRF
    token is replaced, so nothing planted in the cookie before grants anything. What else the
    browser had (saved articles, votes, opened case links) is the visitor's own and stays.
    """
    renew_csrf_token()
    session[SESSION_KEY] = sign_in.id
    g.partner_email = sign_in.email


def signed_in_email() -> str | None:
    """The (lower-case) email of the partner signed in on this request, or None."""
    if "partner_email" not in g:
        g.partner_email = _load_email()
    return g.partner_email


def _load_email() -> str | None:
    """Check the session's sign-in; drop it from the cookie when it no longer counts."""
    sign_in_id = session.get(SESSION_KEY)
    if sign_in_id is None:
        return None
    row = db.session.get(PartnerSignIn, sign_in_id) if type(sign_in_id) is int else None
    if (row is None or row.used_at is None or row.ended_at is not None
            or utcnow() >= row.used_at + session_lifetime()):
        session.pop(SESSION_KEY, None)
        return None
    return row.email


def end_session() -> None:
    """Sign out: end the session (and any copy of its cookie) and forget every case.

    The case links this browser opened and the cases it filed go too, so the next person at
    a shared computer sees none of them; saved articles and votes are nobody's secret.
    """
    sign_in_id = session.get(SESSION_KEY)
    if type(sign_in_id) is int:
        db.session.execute(update(PartnerSignIn).where(
            PartnerSignIn.id == sign_in_id, PartnerSignIn.ended_at.is_(None))
            .values(ended_at=utcnow()))
        db.session.commit()
    for name in DROPPED_AT_SIGN_OUT:
        session.pop(name, None)
    session.pop(SESSION_KEY, None)
    renew_csrf_token()
    g.partner_email = None


def renew_csrf_token() -> None:
    """Forget Flask-WTF's token (session and request cache): the next form gets a new one."""
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session.pop(name, None)
    g.pop(name, None)


def owns(case: Case) -> bool:
    """Whether the signed-in partner filed ``case`` (with the same email, in any case)."""
    email = signed_in_email()
    return (email is not None and case.purged_at is None
            and normal_email(case.email) == email)


def signed_in_marker() -> bool:
    """For the page cache and the header: whether this browser is signed in to "My cases".

    Without the database (an error page during an outage) the cookie's word is taken.
    """
    if SESSION_KEY not in session:
        return False
    try:
        return signed_in_email() is not None
    except SQLAlchemyError:
        db.session.rollback()
        return True
