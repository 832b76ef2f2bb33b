"""Case links cost something to guess, and expire a while after the case was closed."""

from __future__ import annotations

import datetime as dt

import pytest

from helpcenter.cases import service as cases
from helpcenter.clock import frozen_at
from helpcenter.extensions import db
from tests.cases.partner_helpers import file_case, latest_token, main_text, visible_text

GUESSER, PARTNER = {"REMOTE_ADDR": "192.0.2.10"}, {"REMOTE_ADDR": "192.0.2.20"}
WRONG = "x" * 43
TOO_MANY = {"nl": "Te veel verzoeken", "en": "Too many requests"}
EXPIRED = {
    "nl": "Deze link is verlopen: links naar een zaak werken niet meer 90 dagen nadat de zaak "
          "is gesloten. Vraag hieronder een nieuwe link aan; die werkt dan weer 90 dagen.",
    "en": "This link has expired: links to a case stop working 90 days after the case was "
          "closed. Ask for a new link below; it works for another 90 days.",
}
LOST_LINK_FORM = {"nl": "Stuur mij een nieuwe link", "en": "Email me a new link"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_guessing_is_limited_per_client_address(make_app, lang):
    app = make_app(RATELIMIT_ENABLED=True, CASE_LINK_RATE_LIMIT="3 per minute")
    reference = file_case(app, lang=lang)
    token = latest_token(app, reference)
    guesser, partner = app.test_client(), app.test_client()
    for _ in range(3):
        assert guesser.get(f"/{lang}/case/{WRONG}", environ_base=GUESSER).status_code == 404
    refused = guesser.get(f"/{lang}/case/{token}", environ_base=GUESSER)
    assert refused.status_code == 429  # even a right guess, once the limit is reached
    assert "Retry-After" in refused.headers
    page = refused.get_data(as_text=True)
    assert f"<title>{TOO_MANY[lang]}" in page and reference not in page
    assert guesser.get(f"/{lang}/", environ_base=GUESSER).status_code == 200  # pages are not
    # Another address is not affected, and a partner opening their own link is not counted.
    for _ in range(5):
        assert partner.get(f"/{lang}/case/{token}", environ_base=PARTNER).status_code == 303
    assert partner.get(f"/{lang}/case/{WRONG}", environ_base=PARTNER).status_code == 404
    assert partner.get(f"/{lang}/cases/{reference}", environ_base=PARTNER).status_code == 200


def close_case(app, lang: str) -> tuple[str, dt.datetime]:
    """A case walked to closed now; its reference and closing time."""
    reference = file_case(app, status="closed", lang=lang)
    with app.app_context():
        closed_at = cases.case_by_reference(reference).closed_at
        db.session.remove()
    return reference, closed_at


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_link_expires_the_configured_days_after_closing(app, lang):
    reference, closed_at = close_case(app, lang)
    token = latest_token(app, reference)
    opened = app.test_client()  # a browser that opened the link while it worked
    assert opened.get(f"/{lang}/case/{token}").status_code == 303
    case_page = f"/{lang}/cases/{reference}"

    with frozen_at(closed_at + dt.timedelta(days=89, hours=23)):
        assert opened.get(case_page).status_code == 200
        assert app.test_client().get(f"/{lang}/case/{token}").status_code == 303

    with frozen_at(closed_at + dt.timedelta(days=90, minutes=1)):
        link = app.test_client().get(f"/{lang}/case/{token}")
        assert link.status_code == 404 and "Location" not in link.headers
        session = opened.get(case_page)
        assert session.status_code == 404
        for response in (link, session):
            text = visible_text(main_text(response))
            assert EXPIRED[lang] in text and LOST_LINK_FORM[lang] in text
            assert "Mijn accommodatie staat onderaan" not in text  # nothing of the case
        assert f'value="{reference}"' in main_text(session)  # the form filled in for them


def test_a_new_link_after_expiry_works_and_an_open_case_never_expires(app):
    reference, closed_at = close_case(app, "en")
    open_reference = file_case(app, status="in_progress", lang="en")
    later = closed_at + dt.timedelta(days=200)
    with frozen_at(later):
        assert app.test_client().get(
            f"/en/case/{latest_token(app, reference)}").status_code == 404
        with app.test_client().post("/en/cases/lost-link", data={
                "reference": reference, "email": "anna@example.nl"}) as asked:
            assert asked.status_code == 303
        partner = app.test_client()
        assert partner.get(f"/en/case/{latest_token(app, reference)}").status_code == 303
        assert partner.get(f"/en/cases/{reference}").status_code == 200
        assert app.test_client().get(
            f"/en/case/{latest_token(app, open_reference)}").status_code == 303
    with frozen_at(later + dt.timedelta(days=91)):  # the new link has its own 90 days
        assert partner.get(f"/en/cases/{reference}").status_code == 404


def test_the_expiry_is_configurable(make_app):
    app = make_app(CASE_LINK_DAYS_AFTER_CLOSING=7)
    reference, closed_at = close_case(app, "nl")
    token = latest_token(app, reference)
    with frozen_at(closed_at + dt.timedelta(days=6)):
        assert app.test_client().get(f"/nl/case/{token}").status_code == 303
    with frozen_at(closed_at + dt.timedelta(days=8)):
        page = app.test_client().get(f"/nl/case/{token}")
        assert page.status_code == 404
        assert "werken niet meer 7 dagen nadat" in visible_text(main_text(page))
