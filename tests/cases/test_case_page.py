"""The partner's case page: what it shows in both languages, who may see it, and escaping."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask_babel import force_locale, format_date

from helpcenter.cases import service as cases
from helpcenter.extensions import db
from helpcenter.staff.models import StaffUser
from tests.cases.partner_helpers import (
    as_staff,
    file_case,
    latest_token,
    main_text,
    partner,
    version,
    visible_text,
)
from tests.staff.conftest import fast_hashing, make_staff  # noqa: F401 - fixtures

PAYLOADS = ("<script>alert(1)</script>", '"><svg onload=alert(1)>', "{{7*7}}")


@pytest.mark.parametrize(("lang", "texts"), [
    ("nl", ["<h1>Zaak {ref}</h1>", "Status: <strong>Ontvangen</strong>",
            "We hebben uw zaak ontvangen.", "<dd>Klacht</dd>", "<dd>Positie in zoekresultaten</dd>",
            "We antwoorden binnen 2 werkdagen: uiterlijk {date}.",
            '<strong class="thread-author">U</strong>', "Uw klacht",
            "U hebt de zaak ingediend.", "Status: Ontvangen", "Uw bericht (verplicht)",
            "Bijlagen (optioneel)", "U kunt maximaal 5.000 tekens invullen.", "Zaak intrekken"]),
    ("en", ["<h1>Case {ref}</h1>", "Status: <strong>Received</strong>",
            "We have received your case.", "<dd>Complaint</dd>",
            "<dd>Ranking in search results</dd>",
            "We answer within 2 working days: by {date}.",
            '<strong class="thread-author">You</strong>', "Your complaint",
            "You submitted the case.", "Status: Received", "Your message (required)",
            "Attachments (optional)", "You can enter up to 5,000 characters.",
            "Withdraw the case"]),
])
def test_the_page_in_both_languages(app, lang, texts):
    reference = file_case(app, lang="nl")
    client = partner(app, reference, lang)
    response = client.get(f"/{lang}/cases/{reference}")
    assert response.status_code == 200
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        answer_by = cases.expected_answer_date(cases.case_by_reference(reference))
        date = format_date(answer_by, "full")
        db.session.remove()
    assert answer_by.weekday() < 5 and answer_by > dt.date.today()
    page = main_text(response)
    for text in texts:
        assert text.format(ref=reference, date=date) in page or (
            text.format(ref=reference, date=date) in visible_text(page))
    assert "Mijn accommodatie staat onderaan in de zoekresultaten." in page


def test_the_page_is_private(app):
    reference = file_case(app)
    response = partner(app, reference).get(f"/nl/cases/{reference}")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in response.get_data(as_text=True)


def test_the_link_leaves_the_address_bar_privately(app):
    reference = file_case(app)
    client = app.test_client()
    response = client.get(f"/en/case/{latest_token(app, reference)}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/en/cases/{reference}"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


def test_thread_both_ways_oldest_first_without_internal_notes(app, make_staff):  # noqa: F811
    reference = file_case(app, status="in_progress")
    staff = make_staff(name="Hanna Bakker")
    with app.test_request_context("/"):
        case = cases.case_by_reference(reference)
        handler = db.session.get(StaffUser, staff.id)
        cases.add_note(case, "INTERN: partner belt elke dag", handler, case.version)
        cases.post_update(case, "We kijken naar de ranking van uw accommodatie.", handler,
                          case.version)
        cases.request_information(case, "Stuur een schermafbeelding van de zoekresultaten.",
                                  handler, case.version)
        db.session.remove()
    page = main_text(partner(app, reference, "en").get(f"/en/cases/{reference}"))
    assert "INTERN" not in page and "Hanna Bakker" not in page
    thread = page[page.index('<ol class="thread">'):page.index("</ol>")]
    order = [thread.index(text) for text in (
        "Mijn accommodatie staat onderaan", "We kijken naar de ranking",
        "Stuur een schermafbeelding")]
    assert order == sorted(order)
    assert thread.count('<strong class="thread-author">Case handler</strong>') == 2
    assert "Request for more information" in thread
    assert "Status: <strong>Waiting for you</strong>" in page
    assert "Answer our question" in page
    assert "We answer within" not in page  # waiting for the partner: no promise from us
    timeline = page[page.index('<ol class="timeline">'):]
    assert "The case handler sent you a message." in timeline
    assert "The case handler asked you for more information." in timeline
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">\w{3} \d{1,2}, \d{4} '
                     r"at \d{1,2}:\d\d\s?[AP]M</time>", page)


def test_partner_text_is_shown_literally(app):
    text = " ".join(PAYLOADS) + "\ntweede regel"
    reference = file_case(app, status="in_progress", message=text, name=PAYLOADS[1])
    as_staff(app, reference, "propose_resolution", "not_upheld", "Antwoord op: " + PAYLOADS[0])
    client = partner(app, reference)
    client.post(f"/nl/cases/{reference}/disagree",
                data={"reason": PAYLOADS[1] + " " + PAYLOADS[2],
                      "version": version(app, reference)})
    page = client.get(f"/nl/cases/{reference}").get_data(as_text=True)
    assert "<script>alert" not in page and "<svg" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;svg onload=alert(1)&gt;" in page
    assert page.count("{{7*7}}") >= 2 and ">49<" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;svg onload=alert(1)&gt; " \
           "{{7*7}}\ntweede regel</div>" in page  # line breaks kept (white-space: pre-wrap)


def test_without_the_link_the_page_says_how_to_get_in(app):
    reference = file_case(app)
    response = app.test_client().get(f"/nl/cases/{reference}")
    assert response.status_code == 404
    page = main_text(response)
    assert "<h1>Uw zaak openen</h1>" in page
    assert f"Om zaak {reference} te bekijken" in page
    assert re.search(rf'<input [^>]*name="reference"[^>]*value="{reference}"', page)
    assert 'action="/nl/cases/lost-link"' in page and 'name="csrf_token"' in page
    assert "Mijn accommodatie" not in page
    assert response.headers["Cache-Control"] == "no-store"


def test_an_unknown_reference_looks_the_same(app):
    reference = file_case(app)
    known = app.test_client().get(f"/en/cases/{reference}")
    unknown = app.test_client().get("/en/cases/HC-2222-3333")
    assert unknown.status_code == known.status_code == 404
    strip = re.compile(r'value="[^"]*"|HC-\w{4}-\w{4}')
    assert strip.sub("", main_text(unknown)) == strip.sub("", main_text(known))
    junk = app.test_client().get("/en/cases/" + "x" * 300)
    assert junk.status_code == 404 and 'name="reference"' in junk.get_data(as_text=True)


def test_each_partner_sees_only_their_own_case(app):
    anna_case = file_case(app, name="Anna de Vries")
    tom_case = file_case(app, name="Tom Jansen", message="Mijn uitbetaling is te laat.")
    anna, tom = partner(app, anna_case), partner(app, tom_case)
    assert "Mijn accommodatie" in anna.get(f"/nl/cases/{anna_case}").get_data(as_text=True)
    assert "te laat" in tom.get(f"/nl/cases/{tom_case}").get_data(as_text=True)
    for client, other in ((anna, tom_case), (tom, anna_case)):
        response = client.get(f"/nl/cases/{other}")
        assert response.status_code == 404
        assert "Uw zaak openen" in response.get_data(as_text=True)
        reply = client.post(f"/nl/cases/{other}/reply", data={"message": "Ik ben het"})
        assert reply.status_code == 404
        assert client.post(f"/nl/cases/{other}/withdraw", data={}).status_code == 404


def test_a_replaced_link_no_longer_opens_the_page(app):
    reference = file_case(app)
    old_token_client = partner(app, reference)
    old_token = latest_token(app, reference)
    with app.test_request_context("/"):
        cases.reissue_link(reference, "anna@example.nl")
        db.session.remove()
    response = old_token_client.get(f"/nl/cases/{reference}")
    assert response.status_code == 404 and "Uw zaak openen" in response.get_data(as_text=True)
    stale = app.test_client().get(f"/nl/case/{old_token}")
    assert stale.status_code == 404
    assert "Deze link werkt niet." in stale.get_data(as_text=True)
    assert partner(app, reference).get(f"/nl/cases/{reference}").status_code == 200


def test_resolution_shows_outcome_explanation_and_both_actions(app):
    reference = file_case(app, status="resolved", lang="en", country="NL")
    page = main_text(partner(app, reference).get(f"/nl/cases/{reference}"))
    assert "Voorgestelde oplossing" in page and "Uitkomst: <strong>Ongegrond</strong>" in page
    assert "De ranking klopt." in page
    assert 'action="/nl/cases/' + reference + '/accept"' in page
    assert "Waarom bent u het er niet mee eens? (verplicht)" in visible_text(page)
    assert "kunt u om bemiddeling door een onafhankelijke bemiddelaar vragen" in page
    assert 'action="/nl/cases/' + reference + '/reply"' not in page  # no reply once resolved


def test_the_language_switcher_keeps_the_partner_on_the_case(app):
    reference = file_case(app)
    client = partner(app, reference, "nl")
    page = client.get(f"/nl/cases/{reference}").get_data(as_text=True)
    assert f'hreflang="en" href="http://localhost/en/cases/{reference}"' in page
    switched = client.get(f"/en/language?next=/nl/cases/{reference}")
    assert switched.headers["Location"].endswith(f"/en/cases/{reference}")
    assert "<h1>Case " + reference in client.get(f"/en/cases/{reference}").get_data(as_text=True)
