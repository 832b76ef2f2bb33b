"""The case lifecycle: every allowed and every forbidden move, events, messages, emails."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time

import pytest
from flask_babel import force_locale

from helpcenter.cases import service as cases
from helpcenter.cases import staff_actions
from helpcenter.cases.lifecycle import check_move
from helpcenter.cases.models import STATUSES, Case, CaseAttachment
from helpcenter.cases.uploads import Upload
from helpcenter.cases.workdays import local_date
from helpcenter.clock import utcnow
from helpcenter.extensions import db
from helpcenter.staff.models import StaffUser
from tests.cases.lifecycle_helpers import (
    emails,
    events,
    new_case,
    new_staff,
    shared_app,
    snapshot,
    walk_to,
)
from tests.mail.sent import email_text

# The moves the issue allows, written out (not read from the code under test).
ALLOWED = {
    ("received", "in_progress"), ("in_progress", "waiting_for_partner"),
    ("waiting_for_partner", "in_progress"), ("in_progress", "resolved"),
    ("resolved", "accepted"), ("resolved", "disagreed"), ("disagreed", "mediation_requested"),
    ("accepted", "closed"), ("disagreed", "closed"), ("mediation_requested", "closed"),
    ("resolved", "closed"), ("received", "withdrawn"), ("in_progress", "withdrawn"),
    ("waiting_for_partner", "withdrawn"), ("resolved", "withdrawn"),
}
PAIRS = [(a, b) for a in STATUSES for b in STATUSES]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    yield from shared_app(tmp_path_factory)


@pytest.fixture
def ctx(app):
    """A request context (emailed links need one) with a clean session after the test."""
    with app.test_request_context("/"):
        yield
        db.session.remove()


@pytest.fixture
def staff(ctx):
    return new_staff()


def test_statuses_are_the_nine_of_the_issue():
    assert STATUSES == ("received", "in_progress", "waiting_for_partner", "resolved",
                        "accepted", "disagreed", "mediation_requested", "closed", "withdrawn")


@pytest.mark.parametrize(("source", "target"), PAIRS)
@pytest.mark.parametrize("country", ["NL", "NO", "US", None])
def test_move_table(ctx, source, target, country):
    allowed = (source, target) in ALLOWED
    if (source, target) == ("disagreed", "mediation_requested"):
        allowed = country in ("NL", "NO")  # the EEA: the EU plus Iceland, Liechtenstein, Norway
    assert cases.can_move(source, target, country) is allowed
    if allowed:
        check_move(source, target, country)
    else:
        with pytest.raises(cases.ForbiddenMove):
            check_move(source, target, country)


# Each allowed move, the action that makes it, and what it leaves behind:
# (source, target, action, actor, event action, message kind, emails, English subject start)
MOVES = [
    ("received", "in_progress", "take_up", "staff", "assigned", None, 1, "Your case"),
    ("received", "in_progress", "post_update", "staff", "message", "update", 1, "News about"),
    ("in_progress", "waiting_for_partner", "request_information", "staff", "request_info",
     "request_info", 1, "We need more information"),
    ("waiting_for_partner", "in_progress", "partner_reply", "partner", "message", "message", 0,
     None),
    ("in_progress", "resolved", "propose_resolution", "staff", "resolution", "resolution", 1,
     "The outcome of"),
    ("resolved", "accepted", "accept_resolution", "partner", "accepted", None, 1,
     "Confirmation for"),
    ("resolved", "disagreed", "disagree", "partner", "disagreed", "disagreement", 1,
     "Confirmation for"),
    ("disagreed", "mediation_requested", "request_mediation", "partner", "mediation_requested",
     None, 1, "Confirmation for"),
    ("accepted", "closed", "close", "staff", "closed", None, 1, "Your case"),
    ("disagreed", "closed", "close", "staff", "closed", None, 1, "Your case"),
    ("mediation_requested", "closed", "close", "staff", "closed", None, 1, "Your case"),
    ("resolved", "closed", "close", "staff", "closed", None, 1, "Your case"),
    ("received", "withdrawn", "withdraw", "partner", "withdrawn", "withdrawal", 1,
     "Confirmation for"),
    ("in_progress", "withdrawn", "withdraw", "partner", "withdrawn", "withdrawal", 1,
     "Confirmation for"),
    ("waiting_for_partner", "withdrawn", "withdraw", "partner", "withdrawn", "withdrawal", 1,
     "Confirmation for"),
    ("resolved", "withdrawn", "withdraw", "partner", "withdrawn", "withdrawal", 1,
     "Confirmation for"),
]
DUTCH_SUBJECTS = {"Your case": "Uw zaak", "News about": "Nieuws over",
                  "We need more information": "We hebben meer informatie nodig",
                  "The outcome of": "De uitkomst van", "Confirmation for": "Bevestiging voor"}


def act(action: str, case, staff):
    """Run ``action`` on ``case`` with the inputs a person would give."""
    version = case.version
    calls = {
        "take_up": lambda: cases.take_up(case, staff, version),
        "post_update": lambda: cases.post_update(case, "We kijken ernaar.", staff, version),
        "request_information": lambda: cases.request_information(
            case, "Welke datum?", staff, version),
        "partner_reply": lambda: cases.partner_reply(case, "Op 3 november."),
        "propose_resolution": lambda: cases.propose_resolution(
            case, "partly_upheld", "Deels terecht.", staff, version),
        "accept_resolution": lambda: cases.accept_resolution(case),
        "disagree": lambda: cases.disagree(case, "Niet eens."),
        "request_mediation": lambda: cases.request_mediation(case),
        "close": lambda: cases.close(case, staff, version),
        "withdraw": lambda: cases.withdraw(case, "Opgelost met de gast."),
    }
    return calls[action]()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("source", "target", "action", "actor", "event", "kind", "mails",
                          "subject"), MOVES)
def test_allowed_move(staff, lang, source, target, action, actor, event, kind, mails, subject):
    case = walk_to(new_case(lang), source, staff)
    version, sent_before, events_before = case.version, len(emails(case)), events(case)
    started = utcnow()
    with force_locale(lang):
        done = act(action, case, staff)
    db.session.expire_all()
    assert (case.status, case.version) == (target, version + 1)
    staff_id = staff.id if actor == "staff" else None
    assert events(case) == events_before + [(actor, staff_id, event, source, target)]
    last = cases.timeline(case, for_partner=False)[-1]
    assert started <= last.created_at <= utcnow()
    thread = cases.thread(case, for_partner=False)
    if kind:
        assert (thread[-1].author, thread[-1].kind) == (actor, kind)
    new_mail = emails(case)[sent_before:]
    assert len(new_mail) == mails == len(done.emails)
    if mails:
        expected = subject if lang == "en" else DUTCH_SUBJECTS[subject]
        assert new_mail[0].subject.startswith(expected)
        assert case.reference in new_mail[0].subject
        assert new_mail[0].lang == lang
        assert new_mail[0].reply_to == cases.reply_address(case)


def test_resolution_accept_disagree_mediation_withdraw_set_their_columns(staff):
    case = walk_to(new_case(), "in_progress", staff)
    cases.propose_resolution(case, "not_upheld", "Uitleg.", staff, case.version)
    assert (case.outcome, case.resolution, case.decision) == ("not_upheld", "Uitleg.", None)
    assert case.resolved_at is not None and case.last_partner_update_at == case.resolved_at
    cases.disagree(case, "Niet eens.")
    assert (case.decision, case.mediation_requested_at) == ("disagreed", None)
    cases.request_mediation(case)
    assert case.mediation_requested_at is not None and case.decided_at is not None
    cases.close(case, staff, case.version)
    assert case.closed_at is not None and case.outcome == "not_upheld"
    other = walk_to(new_case(), "waiting_for_partner", staff)
    cases.withdraw(other)
    assert (other.status, other.outcome, other.resolution) == ("withdrawn", "withdrawn", None)
    accepted = walk_to(new_case(), "accepted", staff)
    assert (accepted.decision, accepted.outcome) == ("accepted", "not_upheld")


# Actions that make one move, by target; a move from any other status is refused.
ACTION_FOR = {"waiting_for_partner": "request_information", "resolved": "propose_resolution",
              "accepted": "accept_resolution", "disagreed": "disagree",
              "mediation_requested": "request_mediation", "closed": "close",
              "withdrawn": "withdraw"}
FORBIDDEN = [(source, target) for source in STATUSES for target in ACTION_FOR
             if (source, target) not in ALLOWED]
NAMES = {"en": {"received": "received", "in_progress": "in progress",
                "waiting_for_partner": "waiting for the partner", "resolved": "resolved",
                "accepted": "accepted", "disagreed": "disagreed",
                "mediation_requested": "mediation requested", "closed": "closed",
                "withdrawn": "withdrawn"},
         "nl": {"received": "ontvangen", "in_progress": "in behandeling",
                "waiting_for_partner": "wacht op de partner", "resolved": "opgelost",
                "accepted": "geaccepteerd", "disagreed": "niet akkoord",
                "mediation_requested": "bemiddeling gevraagd", "closed": "gesloten",
                "withdrawn": "ingetrokken"}}


def refusal(source: str, target: str, lang: str) -> str:
    """The exact message a refused move shows, in ``lang``."""
    s, t = NAMES[lang][source], NAMES[lang][target]
    if source == "received" and target in ("resolved", "waiting_for_partner"):
        return {"en": f"Take up the case first: a received case cannot be {t}.",
                "nl": f"Neem de zaak eerst in behandeling: een ontvangen zaak kan niet de "
                      f"status ‘{t}’ krijgen."}[lang]
    if source in ("closed", "withdrawn"):
        return {"en": f"This case is {s}: it can no longer change.",
                "nl": f"Deze zaak heeft de status ‘{s}’ en kan niet meer veranderen."}[lang]
    return {"en": f"A case that is {s} cannot become {t}.",
            "nl": f"Een zaak met de status ‘{s}’ kan niet de status ‘{t}’ krijgen."}[lang]


def test_forbidden_table_covers_every_refusal():
    assert len(FORBIDDEN) == 9 * 7 - 13  # 15 allowed moves, 2 of them to in_progress
    assert ("received", "resolved") in FORBIDDEN  # a handler must take the case up first


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_forbidden_move_is_refused_and_changes_nothing(staff, lang, source, target):
    case = walk_to(new_case(lang), source, staff)
    before = snapshot(case)
    with force_locale(lang), pytest.raises(cases.ForbiddenMove) as refused:
        act(ACTION_FOR[target], case, staff)
    assert refused.value.message == refusal(source, target, lang)
    assert snapshot(case) == before


@pytest.mark.parametrize(("lang", "country", "text"), [
    ("en", "US", "Mediation is offered to partners in the European Economic Area only."),
    ("nl", "CH", "Bemiddeling is alleen beschikbaar voor partners in de Europese Economische "
                 "Ruimte."),
    ("en", None, "Mediation is offered to partners in the European Economic Area only.")])
def test_mediation_only_in_the_eea(staff, lang, country, text):
    case = walk_to(new_case(lang, country=country), "disagreed", staff)
    before = snapshot(case)
    with force_locale(lang), pytest.raises(cases.ForbiddenMove) as refused:
        cases.request_mediation(case)
    assert refused.value.message == text and snapshot(case) == before


@pytest.mark.parametrize("source", ["resolved", "accepted", "disagreed", "closed", "withdrawn"])
def test_partner_reply_only_while_the_case_is_open(staff, source):
    case = walk_to(new_case(), source, staff)
    before = snapshot(case)
    with force_locale("nl"), pytest.raises(cases.ForbiddenMove) as refused:
        cases.partner_reply(case, "Nog iets.")
    assert refused.value.message == "U kunt niet meer op deze zaak reageren."
    assert snapshot(case) == before


@pytest.mark.parametrize("source", ["received", "in_progress"])
def test_partner_reply_keeps_an_open_case_where_it_is(staff, source):
    case = walk_to(new_case(), source, staff)
    done = cases.partner_reply(case, "Nog een detail.")
    assert case.status == source and done.emails == ()
    assert events(case)[-1] == ("partner", None, "message", None, None)


def test_bad_input_is_refused_and_changes_nothing(staff):
    case = walk_to(new_case(lang="en"), "in_progress", staff)
    before = snapshot(case)
    with force_locale("en"):
        with pytest.raises(cases.InvalidInput, match="^Choose an outcome.$"):
            cases.propose_resolution(case, "maybe", "Uitleg.", staff, case.version)
        with pytest.raises(cases.InvalidInput, match="^Write a message.$"):
            cases.post_update(case, "   \n ", staff, case.version)
        with pytest.raises(cases.InvalidInput, match="^Choose an active staff member.$"):
            cases.assign(case, new_staff(active=False).id, staff, case.version)
    with force_locale("nl"), pytest.raises(cases.InvalidInput, match="^Schrijf een bericht.$"):
        cases.disagree(walk_to(new_case(), "resolved", staff), "")
    assert snapshot(case) == before


def test_journey_events_record_who_when_from_and_to(staff):
    other = new_staff("Piet Jansen")
    start = utcnow()
    case = new_case()
    cases.assign(case, other.id, staff, case.version)
    cases.add_note(case, "Lijkt op het bekende probleem.", other, case.version)
    cases.request_information(case, "Welke datum?", other, case.version)
    cases.partner_reply(case, "Op 3 november.")
    cases.propose_resolution(case, "not_upheld", "De ranking klopt.", other, case.version)
    cases.disagree(case, "Niet eens.")
    cases.request_mediation(case)
    cases.close(case, other, case.version)
    assert events(case) == [
        ("partner", None, "filed", None, "received"),
        ("staff", staff.id, "assigned", "received", "in_progress"),
        ("staff", other.id, "note", None, None),
        ("staff", other.id, "request_info", "in_progress", "waiting_for_partner"),
        ("partner", None, "message", "waiting_for_partner", "in_progress"),
        ("staff", other.id, "resolution", "in_progress", "resolved"),
        ("partner", None, "disagreed", "resolved", "disagreed"),
        ("partner", None, "mediation_requested", "disagreed", "mediation_requested"),
        ("staff", other.id, "closed", "mediation_requested", "closed"),
    ]
    staff_view = cases.timeline(case, for_partner=False)
    assert [e.staff_name for e in staff_view][1:3] == ["Hanna Bakker", "Piet Jansen"]
    assert staff_view[1].note == "Piet Jansen" and staff_view[5].note == "not_upheld"
    times = [e.created_at for e in staff_view]
    assert times == sorted(times) and start <= times[0] and times[-1] <= utcnow()
    assert case.version == 9 and case.assignee_id == other.id
    partner_view = cases.timeline(case)
    assert [e.action for e in partner_view] == [
        "filed", "assigned", "request_info", "message", "resolution", "disagreed",
        "mediation_requested", "closed"]
    assert {e.note for e in partner_view} == {None}
    assert {e.staff_name for e in partner_view} == {None}


def test_assigning_without_a_move_and_unassigning(staff):
    case = walk_to(new_case(), "waiting_for_partner", staff)
    sent = len(emails(case))
    cases.assign(case, None, staff, case.version)
    assert (case.assignee_id, case.status) == (None, "waiting_for_partner")
    assert events(case)[-1] == ("staff", staff.id, "assigned", None, None)
    assert len(emails(case)) == sent  # nothing the partner needs to hear about
    assert cases.timeline(case)[-1].action == "request_info"  # not shown to the partner


def test_internal_notes_never_reach_the_partner(staff):
    case = walk_to(new_case(), "in_progress", staff)
    sent = len(emails(case))
    done = cases.add_note(case, "GEHEIM: partner belde boos op.", staff, case.version)
    cases.post_update(case, "We kijken ernaar.", staff, case.version)
    assert done.emails == ()
    partner = cases.thread(case, for_partner=True)
    assert [(m.author, m.kind, m.body) for m in partner] == [
        ("partner", "filing", "Mijn accommodatie staat onderaan in de zoekresultaten."),
        ("staff", "update", "We kijken ernaar.")]
    assert {m.staff_name for m in partner} == {None}
    staff_thread = cases.thread(case, for_partner=False)
    assert [(m.kind, m.internal, m.staff_name) for m in staff_thread[1:]] == [
        ("note", True, "Hanna Bakker"), ("update", False, "Hanna Bakker")]
    assert "note" not in [e.action for e in cases.timeline(case)]
    assert len(emails(case)) == sent + 1
    assert not [m for m in emails(case) if "GEHEIM" in m.body or "GEHEIM" in m.subject]


def test_reply_files_belong_to_the_reply_and_filing_files_to_the_filing(staff):
    case = walk_to(new_case(), "waiting_for_partner", staff)
    db.session.add(CaseAttachment(case_id=case.id, stored_name="f" * 32, filename="eerst.pdf",
                                  content_type="application/pdf", size=5, data=b"%PDF-"))
    db.session.commit()
    png = Upload("scherm.png", "image/png", b"\x89PNG\r\n\x1a\n", "p" * 32)
    cases.partner_reply(case, "Hierbij de schermafbeelding.", [png])
    thread = cases.thread(case, for_partner=True)
    assert [a.filename for a in thread[0].attachments] == ["eerst.pdf"]
    assert [(a.filename, a.size) for a in thread[-1].attachments] == [("scherm.png", 8)]
    assert thread[-1].attachments[0].message_id == thread[-1].id
    assert thread[-1].attachments[0].case_id == case.id


@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", ["We hebben uw klacht {ref} ontvangen", "Uw zaak {ref} is in behandeling",
            "We hebben meer informatie nodig over uw zaak {ref}",
            "De uitkomst van uw zaak {ref}", "Bevestiging voor uw zaak {ref}",
            "Bevestiging voor uw zaak {ref}", "Uw zaak {ref} is gesloten"]),
    ("en", ["We have received your complaint {ref}", "Your case {ref} is in progress",
            "We need more information about your case {ref}",
            "The outcome of your case {ref}", "Confirmation for your case {ref}",
            "Confirmation for your case {ref}", "Your case {ref} is closed"])])
def test_every_email_in_the_case_language(app, staff, lang, expected):
    case = walk_to(new_case(lang, name="Anna"), "waiting_for_partner", staff)
    cases.partner_reply(case, "Op 3 november.")
    with force_locale("en" if lang == "nl" else "nl"):  # the handler's own language is ignored
        cases.propose_resolution(case, "not_upheld", "De ranking klopt.", staff, case.version)
        cases.disagree(case, "Niet eens.")
        cases.request_mediation(case)
        cases.close(case, staff, case.version, "Tot ziens.")
    mails = emails(case)
    assert [m.subject for m in mails] == [s.format(ref=case.reference) for s in expected]
    assert {m.lang for m in mails} == {lang}
    assert {m.reply_to for m in mails} == {cases.reply_address(case)}
    assert re.fullmatch(rf"reply\+{case.reference.lower()}-[a-z2-7]{{16}}@example\.com",
                        mails[0].reply_to)
    greeting = {"nl": "Beste Anna,", "en": "Dear Anna,"}[lang]
    assert all(m.body.startswith(greeting + "\n\n") for m in mails)
    resolution = mails[3].body
    if lang == "nl":
        assert "Uitkomst: Ongegrond\n\nToelichting:\nDe ranking klopt.\n" in resolution
        assert "om bemiddeling door een onafhankelijke bemiddelaar vragen" in resolution
        assert "Met vriendelijke groet,\nHet Helpcentrum voor partners" in mails[-1].body
    else:
        assert "Outcome: Not upheld\n\nExplanation:\nDe ranking klopt.\n" in resolution
        assert "ask there for mediation by an independent mediator" in resolution
        assert "Kind regards,\nThe Partner Help Centre" in mails[-1].body
    assert "\n\nTot ziens.\n\n" in mails[-1].body


def test_each_email_carries_a_fresh_link_that_opens_the_case(staff):
    case = walk_to(new_case(lang="en"), "waiting_for_partner", staff)
    tokens = [re.search(r"http://localhost/en/case/([\w-]{43})\n", email_text(m)).group(1)
              for m in emails(case)]
    assert len(tokens) == len(set(tokens)) == 3  # acknowledgement, taken up, request
    for token in tokens:  # older links keep working until a lost-link request revokes them
        assert cases.open_link(token)[0].id == case.id


def test_emails_use_the_configured_site_origin(app, staff):
    app.config["SITE_ORIGIN"] = "https://help.example.org/"
    try:
        case = walk_to(new_case(lang="en"), "in_progress", staff)
    finally:
        app.config["SITE_ORIGIN"] = None
    assert "\nhttps://help.example.org/en/case/" in emails(case)[-1].body


NASTY = ['<script>alert(1)</script>', '"><svg onload=alert(1)>', "{{7*7}}"]


@pytest.mark.parametrize("nasty", NASTY)
def test_partner_and_staff_text_arrive_literally_in_emails(staff, nasty):
    case = walk_to(new_case(lang="en", name=f"Anna {nasty}", message=f"Help {nasty}"),
                   "in_progress", staff)
    cases.request_information(case, f"Question {nasty}", staff, case.version)
    cases.partner_reply(case, f"Answer {nasty}")
    cases.propose_resolution(case, "upheld", f"Because {nasty}", staff, case.version)
    cases.close(case, staff, case.version, f"Bye {nasty}")
    mails = emails(case)
    assert all(m.body.startswith(f"Dear Anna {nasty},\n") for m in mails)
    assert f"\n\nQuestion {nasty}\n\n" in mails[2].body
    assert f"\nExplanation:\nBecause {nasty}\n" in mails[3].body
    assert f"\n\nBye {nasty}\n\n" in mails[4].body
    for mail in mails:
        assert "&lt;" not in mail.body and "&#34;" not in mail.body and "&#39;" not in mail.body
        assert "49" not in re.sub(r"http://\S+|HC-\w{4}-\w{4}", "", mail.body)  # not run
        assert nasty not in mail.subject and "\n" not in mail.subject
    assert [m.body for m in cases.thread(case, for_partner=True)][1:3] == [
        f"Question {nasty}", f"Answer {nasty}"]


def test_a_name_with_line_breaks_cannot_add_headers(app, staff):
    from helpcenter.mail.transports import build_message

    case = walk_to(new_case(lang="en", name="Anna\r\nBcc: evil@example.com"), "in_progress",
                   staff)
    mail = emails(case)[-1]
    message = build_message(mail.recipient, mail.subject, mail.body, mail.lang, mail.reply_to)
    assert message["Bcc"] is None and message["To"] == "anna@example.nl"
    assert message["Reply-To"] == cases.reply_address(case)
    assert message["Subject"] == f"Your case {case.reference} is in progress"
    assert "Bcc: evil@example.com" in message.get_content()


def test_stale_version_is_refused_and_changes_nothing(staff):
    case = walk_to(new_case(lang="en"), "in_progress", staff)
    seen = case.version
    cases.add_note(case, "Eerste.", staff, seen)
    before = snapshot(case)
    with force_locale("en"), pytest.raises(cases.StaleCase) as stale:
        cases.request_information(case, "Welke datum?", staff, seen)
    assert stale.value.message == ("This case was changed by someone else. Reload the page to "
                                   "see the latest version.")
    with force_locale("nl"), pytest.raises(cases.StaleCase) as stale:
        cases.propose_resolution(case, "upheld", "Ja.", staff, seen)
    assert stale.value.message == ("Iemand anders heeft deze zaak intussen gewijzigd. Laad de "
                                   "pagina opnieuw om de nieuwste versie te zien.")
    assert snapshot(case) == before


def test_done_lists_the_emails_to_deliver_after_commit(staff):
    case = walk_to(new_case(lang="en"), "in_progress", staff)
    done = cases.post_update(case, "Update.", staff, case.version)
    assert done.case is case and done.emails == (emails(case)[-1].id,)
    assert emails(case)[-1].sent_at is None
    cases.send_emails(done)
    db.session.expire_all()
    assert emails(case)[-1].sent_at is not None  # the console transport in tests


def test_expected_answer_date_counts_working_days_from_the_partners_last_word(staff):
    case = new_case()
    case.created_at = dt.datetime(2026, 11, 20, 22, 30)  # Friday, 23:30 in Amsterdam
    db.session.commit()
    assert cases.expected_answer_date(case) == dt.date(2026, 11, 24)  # Tuesday
    case.created_at = dt.datetime(2026, 11, 22, 23, 30)  # Sunday in UTC, Monday in Amsterdam
    db.session.commit()
    assert cases.expected_answer_date(case) == dt.date(2026, 11, 25)  # Wednesday
    walk_to(case, "waiting_for_partner", staff)
    assert cases.expected_answer_date(case) is None  # we wait for the partner, not they for us
    cases.partner_reply(case, "Hier.")
    today = local_date(utcnow(), "Europe/Amsterdam")
    assert cases.expected_answer_date(case) == cases.add_working_days(today, 2)


def race(app, case_id: int, staff_id: int, version: int, actions: dict) -> dict:
    """Run ``actions`` (name → function(case, staff, version)) at once, each in its own thread
    with its own session, all from the same loaded version; return name → "done" | "stale"."""
    loaded = threading.Barrier(len(actions))
    results = {}

    def run(name, action):
        with app.test_request_context("/"):
            try:
                case = db.session.get(Case, case_id)
                staff = db.session.get(StaffUser, staff_id)
                loaded.wait(10)  # both have read the case before either acts
                action(case, staff, version)
                results[name] = "done"
            except cases.StaleCase:
                results[name] = "stale"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, name=name, args=(name, action))
               for name, action in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_handlers_at_once_the_second_waits_and_sees_a_stale_case(app, monkeypatch):
    with app.test_request_context("/"):
        staff = new_staff()
        case = walk_to(new_case(lang="en"), "in_progress", staff)
        ids = (case.id, staff.id, case.version)
        db.session.remove()
    first_claimed = threading.Event()
    real_record_event = staff_actions.record_event

    def slow_record_event(*args, **kwargs):
        if threading.current_thread().name == "first":  # holds the updated row a while
            first_claimed.set()
            time.sleep(0.5)
        return real_record_event(*args, **kwargs)

    def second(case, staff, version):
        assert first_claimed.wait(10)  # act only once the first one has updated the row
        cases.propose_resolution(case, "upheld", "Ja.", staff, version)

    monkeypatch.setattr(staff_actions, "record_event", slow_record_event)
    results = race(app, *ids, {
        "first": lambda case, staff, version: cases.request_information(
            case, "Vraag van de eerste.", staff, version),
        "second": second})
    assert results == {"first": "done", "second": "stale"}
    with app.test_request_context("/"):
        case = db.session.get(Case, ids[0])
        assert (case.status, case.version, case.outcome) == ("waiting_for_partner", ids[2] + 1,
                                                             None)
        assert [e[2] for e in events(case)] == ["filed", "assigned", "request_info"]
        assert [m.body.count("Vraag van de eerste.") for m in emails(case)] == [0, 0, 1]


@pytest.mark.parametrize("attempt", range(4))
def test_two_handlers_at_once_exactly_one_succeeds(app, attempt):
    with app.test_request_context("/"):
        staff = new_staff()
        case = walk_to(new_case(lang="en"), "in_progress", staff)
        ids = (case.id, staff.id, case.version)
        db.session.remove()
    results = race(app, *ids, {
        name: lambda case, staff, version, name=name: cases.post_update(
            case, f"Update van {name}.", staff, version)
        for name in ("a", "b")})
    assert sorted(results.values()) == ["done", "stale"]
    winner = next(name for name, result in results.items() if result == "done")
    with app.test_request_context("/"):
        case = db.session.get(Case, ids[0])
        assert case.version == ids[2] + 1
        assert [m.body for m in cases.thread(case, for_partner=False)][1:] == [
            f"Update van {winner}."]
        assert len(emails(case)) == 3  # acknowledgement, taken up, the one update
