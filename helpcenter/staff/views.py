"""Staff console: the blueprint, login and logout, and the URL of every console page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from helpcenter.extensions import limiter
from helpcenter.staff import case_view, editors, queue
from helpcenter.staff.auth import (
    current_staff,
    end_session,
    landing_page,
    safe_next,
    staff_context,
    staff_headers,
    start_session,
)
from helpcenter.staff.forms import LoginForm
from helpcenter.staff.labels import console_labels
from helpcenter.staff.service import authenticate, normalise_email

bp = Blueprint("staff", __name__, url_prefix="/<lang:lang_code>/staff")
bp.after_app_request(staff_headers)  # by path, so 404s under /staff/ are covered too
bp.app_context_processor(staff_context)


def login_limit() -> str:
    """Failed logins allowed per client address, and per account."""
    return current_app.config["STAFF_LOGIN_RATE_LIMIT"]


def account_key() -> str:
    """The rate-limit key of the account a login names (known or not)."""
    raw = request.form.get("email", "")
    return "staff-login:" + (normalise_email(raw) or raw.strip().lower()[:320])


def failed(response) -> bool:
    """Only logins that did not succeed count towards the limits."""
    return response.status_code != 303


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"], deduct_when=failed)
@limiter.limit(login_limit, methods=["POST"], key_func=account_key, deduct_when=failed)
def login():
    """The login form; on success the session is renewed and the console opens."""
    target = safe_next(request.args.get("next"))
    staff = current_staff()
    if staff is not None and request.method == "GET":
        return redirect(target or landing_page(staff))
    form = LoginForm()
    if form.validate_on_submit():
        staff = authenticate(form.email.data, form.password.data)
        if staff is not None:
            start_session(staff)
            return redirect(target or landing_page(staff), 303)
        form.email.errors.append(gettext("The email address or password is not correct."))
    status = 400 if request.method == "POST" else 200
    return render_template("staff/login.html", form=form, next=target), status


@bp.post("/logout")
def logout():
    """End the session for good, then show the login page."""
    end_session()
    flash(gettext("You are logged out."), "notice")
    return redirect(url_for(".login"), 303)


# The console's pages live beside this module, one module per page; their URLs are here.
bp.context_processor(console_labels)
bp.add_url_rule("/", "queue", queue.queue, methods=["GET"])
bp.add_url_rule("/cases/<reference>", "case", case_view.case, methods=["GET"])
bp.add_url_rule(f"/cases/<reference>/<any({', '.join(map(repr, case_view.ACTIONS))}):action>",
                "case_action", case_view.case_action, methods=["POST"])
bp.add_url_rule("/cases/<reference>/files/<stored_name>", "attachment", case_view.attachment,
                methods=["GET"])
bp.add_url_rule("/feedback", "feedback", editors.feedback_report, methods=["GET"])
bp.add_url_rule("/content", "content", editors.content_status, methods=["GET"])
