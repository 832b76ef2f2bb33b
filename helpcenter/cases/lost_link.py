""""Lost your link?": reference and email address, and a new link is emailed.

The answer is the same whether or not the two belong together, so the form tells nobody
whether a case exists or whose it is; the service takes equally long either way and the email
goes out after the response. Requests are limited per client address and per reference
(``CASES_LOST_LINK_RATE_LIMIT``), so nobody can flood a partner's inbox or try addresses
against a reference. A new link replaces the old ones.

The "how to get in" page (404) is what a browser without access sees at a case's address.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable

from flask import (
    Flask,
    Response,
    after_this_request,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from helpcenter.cases import service as cases
from helpcenter.cases.partner_forms import REFERENCE_PATTERN, LostLinkForm, normal_reference
from helpcenter.cases.views import bp
from helpcenter.extensions import db, limiter
from helpcenter.mail.outbox import deliver_due

PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def lost_link_limit() -> str:
    """Lost-link requests per client address, and per reference."""
    return current_app.config["CASES_LOST_LINK_RATE_LIMIT"]


def reference_key() -> str:
    """The rate-limit key of the reference asked about, however it was typed."""
    return "reference:" + normal_reference(request.form.get("reference"))[:20]


@bp.route("/<lang:lang_code>/cases/lost-link", methods=["GET", "POST"])
@limiter.limit(lost_link_limit, methods=["POST"])
@limiter.limit(lost_link_limit, key_func=reference_key, methods=["POST"], scope="lost-link-ref")
def lost_link():
    """The form; a valid request always gets the same "check your email" answer."""
    form = LostLinkForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return page(render_template("cases/lost_link.html", form=form), status)
    cases.reissue_link(form.reference.data, form.email.data)
    deliver_after_response()
    return page(redirect(url_for(".lost_link_sent"), 303), 303)


def expired_lost_link() -> Response:
    """The form sent with a missing or expired token: again, with what was typed (400)."""
    form = LostLinkForm(formdata=request.form)
    form.form_errors.append(_("The form expired. Please send it again."))
    return page(render_template("cases/lost_link.html", form=form), 400)


@bp.get("/<lang:lang_code>/cases/lost-link/sent")
def lost_link_sent():
    """The answer to every valid lost-link request, match or not."""
    return page(render_template("cases/lost_link_sent.html"))


def how_to_get_in(reference: str | None, link_failed: bool = False,
                  link_expired: bool = False) -> Response:
    """The page at a case's address for a browser without access (or for no such case): 404.

    It says how to get in, with the lost-link form, the reference filled in when it looks
    like one. It is the same page whether the case exists or not; only a link that did belong
    to the case (``link_expired``) is told that it expired, and when links do.
    """
    reference = normal_reference(reference)
    if not REFERENCE_PATTERN.fullmatch(reference):
        reference = ""
    form = LostLinkForm(formdata=None, data={"reference": reference})
    body = render_template("cases/how_to_get_in.html", form=form, reference=reference,
                           link_failed=link_failed and not link_expired,
                           link_expired=link_expired,
                           expiry_days=current_app.config["CASE_LINK_DAYS_AFTER_CLOSING"])
    return page(body, 404)


def page(body, status: int = 200) -> Response:
    """A lost-link page: private like the case pages (no shared cache, no referrer)."""
    response = make_response(body, status)
    response.headers.update(PRIVATE_HEADERS)
    return response


# How long the work of a request waits for its response to be closed before it runs anyway:
# a server may skip the close (Werkzeug's, when the browser drops the connection first).
CLOSE_WAIT_SECONDS = 2.0


def deliver_after_response(work: Callable[[], None] | None = None) -> None:
    """Send waiting emails once the response has gone out: its timing then says nothing.

    ``work`` (if given) runs first, in the same place: a lookup or write whose duration would
    tell something if the response waited for it. It runs when the server closes the response
    (gunicorn does, and so does a test that closes it), or from a thread after
    ``CLOSE_WAIT_SECONDS`` when no close comes; either way once, with the request's context
    variables (the clock).
    """
    app = current_app._get_current_object()
    context = contextvars.copy_context()
    once = threading.Lock()

    def run() -> None:
        if once.acquire(blocking=False):
            context.copy().run(deliver_in, app, work)

    closed = threading.Event()

    def run_if_never_closed() -> None:
        if not closed.wait(CLOSE_WAIT_SECONDS):
            run()

    @after_this_request
    def deliver_later(response: Response) -> Response:
        def on_close() -> None:
            closed.set()
            run()
        response.call_on_close(on_close)
        if work is not None:  # emails alone wait for the next delivery run instead
            threading.Thread(target=run_if_never_closed, daemon=True).start()
        return response


def deliver_in(app: Flask, work: Callable[[], None] | None = None) -> None:
    """Do ``work`` and deliver due emails in their own app context (the request's is gone)."""
    with app.app_context():
        try:
            if work is not None:
                work()
        except Exception as error:  # nobody waits for it; the message may hold an address
            db.session.rollback()
            app.logger.error("Work after a response failed: %s", type(error).__name__)
        try:
            deliver_due(limit=20)
        except Exception:  # the outbox retries; a failure here must not reach anyone
            app.logger.exception("Sending emails after a response failed")
