""""My cases": only the signed-in partner's own cases, unread marks, the header, the cache."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from helpcenter.cases.models import Case
from helpcenter.clock import frozen_at, utcnow
from helpcenter.extensions import db
from tests.cases.partner_helpers import main_text, partner, visible_text
from tests.cases.sign_in_helpers import (
    ask_for_link,
    file_for,
    sign_in_token,
    signed_in,
    staff_does,
)

ANNA, BOB = "anna@example.nl", "bob@example.com"
REFERENCE = re.compile(r"HC-\w{4}-\w{4}")
HEADER_LINK = re.compile(r'<a class="header-link" href="/(nl|en)/my-cases">([^<]+)</a>')


def listed(client, lang: str = "nl") -> list[str]:
    """The references on the partner's "My cases" page, in their order."""
    response = client.get(f"/{lang}/my-cases")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return REFERENCE.findall(" ".join(re.findall(r'href="/\w\w/cases/(HC-[^"]+)"',
                                                 main_text(response))))


def header_link(response) -> str | None:
    """The header's "My cases" text, or None when the header has none."""
    page = response.get_data(as_text=True)
    header = page[page.index("<header"):page.index("</header>")]
    found = HEADER_LINK.search(header)
    return found.group(2) if found else None


@pytest.fixture
def two_partners(app):
    """Anna's four cases (both languages, both kinds, her address typed two ways), Bob's two;
    returns (anna's references oldest first, bob's)."""
    start = utcnow() - dt.timedelta(days=3)
    annas, bobs = [], []
    for number, (email, lang, kind, into) in enumerate([
            (ANNA, "nl", "complaint", annas), (BOB, "en", "complaint", bobs),
            ("Anna@Example.NL", "en", "technical_issue", annas), (ANNA, "en", "complaint", annas),
            (BOB, "nl", "technical_issue", bobs), (" anna@example.nl", "nl", "technical_issue",
                                                   annas)]):
        with frozen_at(start + dt.timedelta(hours=number)):
            into.append(file_for(app, email, lang, kind))
    return annas, bobs


def test_not_signed_in_is_sent_to_sign_in(app, two_partners):
    for path in ("/nl/my-cases", "/en/my-cases/my-data.json"):
        response = app.test_client().get(path)
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/my-cases/sign-in")


def test_the_list_shows_the_partners_own_cases_newest_activity_first(app, two_partners):
    annas, bobs = two_partners
    with frozen_at(utcnow() - dt.timedelta(hours=1)):  # the oldest case has news: it goes up
        staff_does(app, annas[0], "take_up")
    anna = signed_in(app, ANNA)
    assert listed(anna) == [annas[0], annas[3], annas[2], annas[1]]
    bob = signed_in(app, "BOB@example.com", "en")
    assert listed(bob, "en") == [bobs[1], bobs[0]]
    for reference in bobs:
        assert anna.get(f"/nl/cases/{reference}").status_code == 404
    for reference in annas:
        assert bob.get(f"/en/cases/{reference}").status_code == 404
        assert anna.get(f"/en/cases/{reference}").status_code == 200  # no link needed
    assert listed(anna) == [annas[0], annas[3], annas[2], annas[1]]  # unchanged by Bob


def test_two_partners_at_the_same_time(app, two_partners):
    annas, bobs = two_partners
    anna, bob = app.test_client(), app.test_client()
    ask_for_link(anna, ANNA)
    anna_token = sign_in_token(app, ANNA)
    ask_for_link(bob, BOB, "en")
    bob_token = sign_in_token(app, BOB)
    assert bob.post(f"/en/my-cases/sign-in/{bob_token}").status_code == 303
    assert anna.post(f"/nl/my-cases/sign-in/{anna_token}").status_code == 303
    for _ in range(2):  # interleaved requests, each browser keeps its own partner
        assert set(listed(anna)) == set(annas)
        assert set(listed(bob, "en")) == set(bobs)
    assert anna.post("/nl/my-cases/sign-out").status_code == 303
    assert anna.get("/nl/my-cases").status_code == 303
    assert set(listed(bob, "en")) == set(bobs)  # Bob's session is his own


@pytest.mark.parametrize(("lang", "texts"), [
    ("nl", ["<h1>Mijn zaken</h1>", "Klacht", "Technisch probleem", "Positie in zoekresultaten",
            "Ontvangen", "Laatste wijziging", "Mijn gegevens downloaden (JSON)", "Uitloggen"]),
    ("en", ["<h1>My cases</h1>", "Complaint", "Technical issue", "Ranking in search results",
            "Received", "Last update", "Download my data (JSON)", "Sign out"]),
])
def test_the_list_in_both_languages(app, two_partners, lang, texts):
    anna = signed_in(app, ANNA, lang)
    page = main_text(anna.get(f"/{lang}/my-cases"))
    for text in texts:
        assert text in page or text in visible_text(page), text
    # The last update as Babel writes it in the page's language.
    month = {"nl": r"\d+ \w{3}\.? \d{4} om \d\d:\d\d", "en": r"\w{3} \d+, \d{4} at \d+:\d\d"}
    assert re.search(month[lang], visible_text(page))


def test_unread_marks_for_handler_messages_until_the_case_is_opened(app, two_partners):
    annas, _ = two_partners
    anna = signed_in(app, ANNA)
    assert "nieuw bericht" not in main_text(anna.get("/nl/my-cases"))
    staff_does(app, annas[0], "take_up")
    staff_does(app, annas[0], "request_information", "Kunt u een schermafbeelding sturen?")
    staff_does(app, annas[0], "add_note", "Interne notitie: niet voor de partner.")
    page = visible_text(main_text(anna.get("/nl/my-cases")))
    assert page.count("1 nieuw bericht") == 1  # the note is not a message to her
    staff_does(app, annas[0], "post_update", "We kijken ernaar.")
    assert "2 nieuwe berichten" in visible_text(main_text(anna.get("/nl/my-cases")))
    bob_sees = signed_in(app, BOB)
    assert "nieuw" not in main_text(bob_sees.get("/nl/my-cases"))
    assert anna.get(f"/nl/cases/{annas[0]}").status_code == 200  # opening marks them seen
    assert "nieuw" not in main_text(anna.get("/nl/my-cases"))
    staff_does(app, annas[0], "post_update", "Nog een update.")
    assert "1 new message" in visible_text(main_text(anna.get("/en/my-cases")))


def test_opening_the_case_by_its_emailed_link_marks_it_seen_too(app):
    reference = file_for(app, ANNA)
    staff_does(app, reference, "take_up")
    staff_does(app, reference, "post_update", "We kijken ernaar.")
    anna = signed_in(app, ANNA)
    assert "1 nieuw bericht" in visible_text(main_text(anna.get("/nl/my-cases")))
    by_link = partner(app, reference)
    assert by_link.get(f"/nl/cases/{reference}").status_code == 200
    assert "nieuw" not in main_text(anna.get("/nl/my-cases"))


def test_link_access_still_works_for_someone_not_signed_in(app, two_partners):
    annas, _ = two_partners
    by_link = partner(app, annas[0])
    assert by_link.get(f"/nl/cases/{annas[0]}").status_code == 200
    assert by_link.get(f"/nl/cases/{annas[1]}").status_code == 404  # one link, one case
    assert by_link.get("/nl/my-cases").status_code == 303


def test_signing_out_forgets_the_cases_of_this_browser(app, two_partners):
    annas, _ = two_partners
    anna = signed_in(app, ANNA, client=partner(app, annas[0]))
    assert anna.post("/nl/my-cases/sign-out").status_code == 303
    assert anna.get(f"/nl/cases/{annas[0]}").status_code == 404


def test_a_purged_case_is_not_listed(app, two_partners):
    annas, _ = two_partners
    with app.app_context():
        case = db.session.scalar(db.select(Case).where(Case.reference == annas[0]))
        case.purged_at = utcnow()
        db.session.commit()
        db.session.remove()
    anna = signed_in(app, ANNA)
    assert annas[0] not in listed(anna)
    assert anna.get(f"/nl/cases/{annas[0]}").status_code == 404


@pytest.mark.parametrize("path", ["/{lang}/", "/{lang}/complaints/", "/{lang}/saved",
                                  "/{lang}/complaint-handling-report", "/{lang}/search?q=klacht",
                                  "/{lang}/complaint"])
def test_the_header_shows_my_cases_only_to_the_signed_in_browser(app, two_partners, path):
    anna = signed_in(app, ANNA)
    stranger, other = app.test_client(), app.test_client()
    for lang, label in (("nl", "Mijn zaken"), ("en", "My cases")):
        url = path.format(lang=lang)
        first = stranger.get(url)  # cached for strangers first ...
        assert header_link(first) is None
        mine = anna.get(url)
        assert mine.status_code == 200
        assert header_link(mine) == label
        assert "public" not in mine.headers.get("Cache-Control", "no-store")
        assert header_link(other.get(url)) is None  # ... and the signed-in page never leaks
        if mine.headers.get("ETag"):
            again = stranger.get(url, headers={"If-None-Match": mine.headers["ETag"]})
            assert again.status_code == 200 and header_link(again) is None
    anna.post("/nl/my-cases/sign-out")
    assert header_link(anna.get(path.format(lang="nl"))) is None


def test_the_header_state_of_a_page_cached_for_the_partner_first(app, two_partners):
    anna = signed_in(app, ANNA, "en")
    assert header_link(anna.get("/en/")) == "My cases"
    stranger = app.test_client()
    response = stranger.get("/en/")
    assert header_link(response) is None
    assert response.headers["Cache-Control"].startswith("public")
    assert stranger.get_cookie("session") is None
