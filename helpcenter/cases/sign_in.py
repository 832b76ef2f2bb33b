"""Signing in to "My cases" (``/<lang>/my-cases/sign-in``) and signing out.

The partner enters an email address and always gets the same "check your email" answer, after
the same work: looking the address up, storing the link and emailing it happen after the
response has gone out (``partner_sessions.record_sign_in``), so its timing tells nothing.
Requests are limited per client address and per address asked about
(``PARTNER_SIGN_IN_RATE_LIMIT``), so nobody can flood an inbox.

Opening the emailed link only shows a "Sign in" button: mail scanners that fetch every link
cannot use it up, and the POST that does sign in redirects, so the token leaves the address
bar. Every page here is private (``no-store``, no referrer: the token never leaks onward).
"""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from helpcenter.cases import partner_sessions as partners
from helpcenter.cases.lost_link import deliver_after_response, page
from helpcenter.cases.partner_forms import SignInForm
from helpcenter.cases.views import bp
from helpcenter.extensions import limiter
from helpcenter.forms import Form


def sign_in_limit() -> str:
    """Sign-in requests per client address, and per email address."""
    return current_app.config["PARTNER_SIGN_IN_RATE_LIMIT"]


def email_key() -> str:
    """The rate-limit key of the address asked about, however it was typed."""
    return "email:" + partners.normal_email(request.form.get("email"))[:254]


def link_requested(response) -> bool:
    """Flask-Limiter's ``deduct_when``: only a request that was answered "check your email"
    counts; a mistyped address (400) does not use up the partner's tries."""
    return response.status_code == 303


@bp.route("/<lang:lang_code>/my-cases/sign-in", methods=["GET", "POST"])
@limiter.limit(sign_in_limit, methods=["POST"], scope="partner-sign-in",
               deduct_when=link_requested)
@limiter.limit(sign_in_limit, key_func=email_key, methods=["POST"],
               scope="partner-sign-in-email", deduct_when=link_requested)
def sign_in():
    """The email form; a valid request always gets the same "check your email" answer.

    The session is read on every request (not only when the email is rendered), so even the
    ``Vary`` header is the same whether or not the address has cases.
    """
    signed_in = partners.signed_in_email() is not None
    if request.method == "GET" and signed_in:
        return page(redirect(url_for(".my_cases"), 303), 303)
    form = SignInForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return page(render_template("cases/sign_in.html", form=form), status)
    asked = partners.sign_in_request(form.email.data, g.lang_code)
    deliver_after_response(lambda: partners.record_sign_in(asked))
    return page(redirect(url_for(".sign_in_sent"), 303), 303)


@bp.get("/<lang:lang_code>/my-cases/sign-in/sent")
def sign_in_sent():
    """The answer to every valid sign-in request, whether the address has cases or not."""
    return page(render_template("cases/sign_in_sent.html",
                                minutes=current_app.config["SIGN_IN_LINK_MINUTES"]))


@bp.route("/<lang:lang_code>/my-cases/sign-in/<token>", methods=["GET", "POST"])
def sign_in_link(token: str):
    """The emailed link: GET asks to confirm, POST signs in and leaves for "My cases"."""
    if request.method == "GET":
        if partners.link_state(token) != partners.USABLE:
            return link_failed(token)
        return page(render_template("cases/sign_in_confirm.html", form=Form()))
    sign_in = partners.sign_in_with(token)
    if sign_in is None:
        return link_failed(token)
    partners.start_session(sign_in)
    return page(redirect(url_for(".my_cases"), 303), 303)


def link_failed(token: str):
    """A link that no longer works (used, expired or unknown): why, and a new one (404)."""
    state = partners.link_state(token)
    form = SignInForm(formdata=None)
    return page(render_template("cases/sign_in_failed.html", form=form,
                                used=state == partners.USED,
                                minutes=current_app.config["SIGN_IN_LINK_MINUTES"]), 404)


@bp.post("/<lang:lang_code>/my-cases/sign-out")
def sign_out():
    """End the session wherever its cookie is, and say so on the sign-in page."""
    partners.end_session()
    flash(_("You have signed out of My cases."), "notice")
    return page(redirect(url_for(".sign_in"), 303), 303)


def limited_sign_in(notice: str):
    """Too many sign-in links asked for: the form again with the address typed, and from when
    another can be asked for (429; Flask-Limiter adds ``Retry-After``)."""
    form = SignInForm(formdata=request.form)
    return page(render_template("cases/sign_in.html", form=form, limited=notice), 429)


def expired_sign_in():
    """The email form sent with a missing or expired token: again, with what was typed."""
    form = SignInForm(formdata=request.form)
    form.form_errors.append(_("The form expired. Please send it again."))
    return page(render_template("cases/sign_in.html", form=form), 400)


def expired_confirm():
    """The "Sign in" button sent with an expired token: the button again, with a fresh one."""
    form = Form(formdata=None)
    form.form_errors.append(_("The form expired. Please send it again."))
    return page(render_template("cases/sign_in_confirm.html", form=form), 400)


def expired_sign_out():
    """Signing out with an expired token still signs out: the cross-origin check let it in."""
    return sign_out(**request.view_args)


# What a form of this module sent with an expired CSRF token gets (``views.form_expired``).
EXPIRED_FORMS = {"cases.sign_in": expired_sign_in, "cases.sign_in_link": expired_confirm,
                 "cases.sign_out": expired_sign_out}
