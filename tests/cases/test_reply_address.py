"""The per-case reply address: one per case, not the access token, bound to SECRET_KEY."""

from __future__ import annotations

import re

from helpcenter.cases import service as cases
from helpcenter.cases.reply_address import case_for_token, reply_token, token_of
from helpcenter.extensions import db
from tests.cases.lifecycle_helpers import emails, new_case
from tests.mail.sent import token_of as link_token


def made_case(app):
    """A filed case and its reply token (as the app makes it)."""
    with app.test_request_context("/"):
        case = new_case()
        found = (case.id, case.reference, reply_token(case), cases.reply_address(case),
                 link_token(emails(case)[-1]))
        db.session.remove()
    return found


def case_id_for(app, address: str) -> int | None:
    """The id of the case ``address`` leads to in ``app``, or None."""
    with app.app_context():
        case = case_for_token(token_of(address))
        found = case.id if case is not None else None
        db.session.remove()
    return found


def test_each_case_has_its_own_address_which_is_not_its_link(app):
    first, second = made_case(app), made_case(app)
    for case_id, reference, token, address, link in (first, second):
        assert re.fullmatch(rf"reply\+{reference.lower()}-[a-z2-7]{{16}}@example\.com", address)
        assert token not in link and link not in address
        assert case_id_for(app, address) == case_id
        assert case_id_for(app, address.upper()) == case_id  # a mail system changed its case
    assert first[3] != second[3]


def test_a_made_up_or_borrowed_token_leads_nowhere(app):
    case_id, reference, token, address, _link = made_case(app)
    _other_id, other_reference, other_token, _a, _l = made_case(app)
    mac = token.rsplit("-", 1)[1]
    other_mac = other_token.rsplit("-", 1)[1]
    for wrong in (f"reply+{reference.lower()}-{other_mac}@example.com",  # another case's MAC
                  f"reply+{other_reference.lower()}-{mac}@example.com",
                  f"reply+{reference.lower()}-{'a' * 16}@example.com",
                  f"reply+{reference.lower()}@example.com",
                  f"other+{token}@example.com", f"reply+{token}@elsewhere.example",
                  "reply+@example.com", "not an address"):
        assert case_id_for(app, wrong) is None, wrong


def test_a_new_secret_key_keeps_old_addresses_working_while_it_is_a_fallback(make_app, app):
    case_id, _reference, _token, address, _link = made_case(app)
    url = app.config["DATABASE_URL"]
    rotated = make_app(SECRET_KEY="a-new-key", SECRET_KEY_FALLBACKS=["test-secret-key"],
                       DATABASE_URL=url)
    assert case_id_for(rotated, address) == case_id
    forgotten = make_app(SECRET_KEY="a-new-key", DATABASE_URL=url)
    assert case_id_for(forgotten, address) is None
    with rotated.test_request_context("/"):  # new emails carry the new key's address
        case = db.session.get(cases.Case, case_id)
        assert cases.reply_address(case) != address
        db.session.remove()
