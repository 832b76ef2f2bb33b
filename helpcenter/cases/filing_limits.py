"""How often one client address may file a case, and when it may file again.

One limit covers both forms (complaint and technical issue), and it counts only accepted
submissions: a form sent back with errors costs nothing, so a partner correcting a field is
never locked out. The honeypot's answer counts as accepted too, so a bot cannot tell it apart
by never meeting the limit. A second, looser limit counts every POST to the two forms, errors
included, against scripts that only ever send invalid forms.

When either is reached the form comes back with everything typed and the time it may be sent
(``cases.views``); Flask-Limiter adds ``Retry-After``.
"""

from __future__ import annotations

import datetime as dt
import time

from flask import current_app, g
from flask_babel import format_time, format_timedelta
from flask_babel import gettext as _

from helpcenter.extensions import limiter


def accepted_limit() -> str:
    """Accepted submissions per client address, both forms together."""
    return current_app.config["CASES_RATE_LIMIT"]


def attempt_limit() -> str:
    """Every submission per client address, both forms together, errors included."""
    return current_app.config["CASES_ATTEMPT_RATE_LIMIT"]


def count_as_accepted() -> None:
    """Deduct this request from the accepted-submissions limit once the response is sent."""
    g.case_filing_accepted = True


def was_accepted(response) -> bool:
    """Flask-Limiter's ``deduct_when``: only a request that filed (or seemed to) counts."""
    return bool(g.get("case_filing_accepted"))


accepted_submissions = limiter.shared_limit(accepted_limit, scope="case-filing",
                                            methods=["POST"], deduct_when=was_accepted)
all_attempts = limiter.shared_limit(attempt_limit, scope="case-filing-attempts",
                                    methods=["POST"])


def try_again_notice() -> str:
    """What the partner reads above the form: from when, and in how long, it may be sent."""
    reached = limiter.current_limit
    reset_at = reached.reset_at if reached is not None else int(time.time()) + 60
    wait = dt.timedelta(seconds=max(reset_at - int(time.time()), 1))
    when = dt.datetime.fromtimestamp(reset_at, dt.UTC).replace(tzinfo=None)
    return _("You have sent several forms in a short time. We kept what you typed: you can "
             "send it again from %(time)s (in %(wait)s).", time=format_time(when, "short"),
             wait=format_timedelta(wait, threshold=0.9, add_direction=False))
