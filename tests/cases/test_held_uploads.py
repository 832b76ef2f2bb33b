"""Files of a form sent with errors stay attached: held for the form's idempotency key and the
browser's session, listed on the page, and filed with the case on the next try."""

import datetime as dt
import re

from sqlalchemy import func, select, update

from helpcenter.cases.held_uploads import HeldUpload
from helpcenter.cases.models import Case, CaseAttachment
from helpcenter.extensions import db
from tests.cases.conftest import PDF, PNG, upload
from tests.cases.partner_helpers import file_case, partner, visible_text

MULTIPART = "multipart/form-data"


def held_rows(app) -> list[tuple[str, str, int]]:
    with app.app_context():
        rows = db.session.execute(select(HeldUpload.idempotency_key, HeldUpload.filename,
                                         HeldUpload.size).order_by(HeldUpload.id)).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def attachments(app) -> list[tuple[str, bytes]]:
    with app.app_context():
        files = db.session.scalars(select(CaseAttachment).order_by(CaseAttachment.id)).all()
        result = [(f.filename, f.data) for f in files]
        db.session.remove()
    return result


def listed(page: str) -> list[tuple[str, str]]:
    """The held files the page lists: (hidden "-held" value, file name and size as shown)."""
    return [(value, visible_text(item)) for value, item in re.findall(
        r'name="attachments-held" value="([^"]+)">(.*?)</li>', page, re.S)]


def fail_with_a_file(client, data, lang="en", files=(("screen.png", PNG),)):
    """Send the form with the name missing and files attached: it comes back with errors."""
    data = {**data, "name": "", "attachments": [upload(content, name) for name, content in files]}
    response = client.post(f"/{lang}/complaint", data=data, content_type=MULTIPART)
    assert response.status_code == 400
    return response.get_data(as_text=True)


def test_a_file_stays_attached_after_an_error_and_goes_into_the_case(app, client,
                                                                     complaint_data):
    page = fail_with_a_file(client, complaint_data)
    [(value, text)] = listed(page)
    assert re.fullmatch(r"[0-9a-f]{32}/screen\.png", value)
    assert text.startswith("screen.png 1 kB Remove")
    assert "Attached (1 file)" in visible_text(page)
    assert held_rows(app) == [(complaint_data["idempotency_key"], "screen.png", len(PNG))]
    # Fixed and sent again without choosing the file again: the case has it.
    data = {**complaint_data, "attachments-held": value}
    assert client.post("/en/complaint", data=data).status_code == 303
    assert attachments(app) == [("screen.png", PNG)]
    assert held_rows(app) == []  # moved into the case, in its transaction


def test_files_held_and_new_ones_are_filed_together(app, client, complaint_data):
    page = fail_with_a_file(client, complaint_data, lang="nl")
    assert "Bijgevoegd (1 bestand)" in visible_text(page)
    assert "screen.png 1 kB Verwijderen" in visible_text(page)
    [(value, _text)] = listed(page)
    data = {**complaint_data, "attachments-held": value, "attachments": [upload(PDF, "inv.pdf")]}
    assert client.post("/nl/complaint", data=data, content_type=MULTIPART).status_code == 303
    assert attachments(app) == [("screen.png", PNG), ("inv.pdf", PDF)]


def test_remove_takes_a_held_file_out(app, client, complaint_data):
    page = fail_with_a_file(client, complaint_data, files=[("a.png", PNG), ("b.pdf", PDF)])
    (first, _), (second, _) = listed(page)
    stored = first.split("/")[0]
    # Removed while the form still has an error: the page no longer lists it.
    again = client.post("/en/complaint", data={**complaint_data, "name": "",
                                               "attachments-held": [first, second],
                                               "attachments-remove": stored})
    assert [value for value, _ in listed(again.get_data(as_text=True))] == [second]
    data = {**complaint_data, "attachments-held": second}
    assert client.post("/en/complaint", data=data).status_code == 303
    assert attachments(app) == [("b.pdf", PDF)]


def test_held_files_belong_to_the_browser_that_sent_them(app, client, complaint_data):
    page = fail_with_a_file(client, complaint_data)
    [(value, _)] = listed(page)
    other = app.test_client()  # same form key, another session
    response = other.post("/en/complaint", data={**complaint_data, "name": ""})
    assert listed(response.get_data(as_text=True)) == []
    response = other.post("/en/complaint", data={**complaint_data, "attachments-held": value})
    assert response.status_code == 400  # the page listed a file this browser does not hold
    assert "Add again: screen.png." in visible_text(response.get_data(as_text=True))
    assert held_rows(app) != []  # still held for its own browser


def test_an_expired_hold_is_named_so_the_partner_adds_it_again(app, client, complaint_data):
    [(value, _)] = listed(fail_with_a_file(client, complaint_data))
    with app.app_context():
        db.session.execute(update(HeldUpload).values(
            expires_at=HeldUpload.expires_at - dt.timedelta(hours=2)))
        db.session.commit()
    response = client.post("/nl/complaint", data={**complaint_data,
                                                  "attachments-held": value})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert ("We bewaren bijlagen maar een uur. Voeg opnieuw toe: screen.png."
            in visible_text(page))
    assert 'href="#attachments">' in page
    assert held_rows(app) == []  # writing a hold purges every expired one
    assert client.post("/nl/complaint", data=complaint_data).status_code == 303


def test_expired_holds_of_anyone_are_purged_when_a_hold_is_written(app, client, complaint_data):
    fail_with_a_file(client, complaint_data)
    with app.app_context():
        db.session.execute(update(HeldUpload).values(
            expires_at=HeldUpload.expires_at - dt.timedelta(hours=2)))
        db.session.commit()
    other = app.test_client()
    fail_with_a_file(other, {**complaint_data, "idempotency_key": "d" * 32},
                     files=[("other.png", PNG)])
    assert [row[1] for row in held_rows(app)] == ["other.png"]


def test_no_more_than_three_files_counting_the_held_ones(app, client, complaint_data):
    page = fail_with_a_file(client, complaint_data, files=[("1.png", PNG), ("2.png", PNG)])
    values = [value for value, _ in listed(page)]
    data = {**complaint_data, "name": "", "attachments-held": values,
            "attachments": [upload(PNG, "3.png"), upload(PNG, "4.png")]}
    response = client.post("/en/complaint", data=data, content_type=MULTIPART)
    text = visible_text(response.get_data(as_text=True))
    assert "You can attach at most 3 files. Not attached: 4.png." in text
    assert [row[1] for row in held_rows(app)] == ["1.png", "2.png", "3.png"]


def test_a_refused_file_is_not_held_but_the_good_one_is(app, client, complaint_data):
    page = fail_with_a_file(client, complaint_data,
                            files=[("good.png", PNG), ("bad.pdf", b"<html>no</html>")])
    assert "bad.pdf is not a PNG, JPEG or PDF file." in page
    assert [row[1] for row in held_rows(app)] == ["good.png"]


def test_client_names_are_labels_only(app, client, complaint_data):
    page = fail_with_a_file(client, complaint_data, files=[("../../etc/<b>x</b>.png", PNG)])
    [(value, _)] = listed(page)
    assert value.endswith("/etc_bx_b.png")  # werkzeug's secure_filename, never the path
    forged = {**complaint_data, "attachments-held": ["../../../secret/evil.png", "x" * 40]}
    response = client.post("/en/complaint", data={**forged, "attachments-held": [
        *forged["attachments-held"], value]})
    assert response.status_code == 303  # unknown or malformed entries are ignored
    assert [name for name, _ in attachments(app)] == ["etc_bx_b.png"]


def test_an_expired_form_names_the_files_to_choose_again(make_app, complaint_data):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    client.get("/en/complaint")
    data = {**complaint_data, "csrf_token": "expired",
            "attachments": [upload(PNG, "screen.png")]}
    response = client.post("/en/complaint", data=data, content_type=MULTIPART)
    assert response.status_code == 400
    text = visible_text(response.get_data(as_text=True))
    assert "We could not keep these files: choose them again. screen.png" in text
    assert held_rows(app) == []


def test_a_reply_keeps_its_file_after_an_error(app):
    reference = file_case(app, status="in_progress")
    client = partner(app, reference)
    page = client.get(f"/nl/cases/{reference}").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="(\w+)"', page).group(1)
    response = client.post(f"/nl/cases/{reference}/reply", content_type=MULTIPART, data={
        "idempotency_key": key, "message": " ", "attachments": [upload(PNG, "scherm.png")]})
    assert response.status_code == 400
    [(value, text)] = listed(response.get_data(as_text=True))
    assert text.startswith("scherm.png 1 kB")
    response = client.post(f"/nl/cases/{reference}/reply", data={
        "idempotency_key": key, "message": "Zie de bijlage.", "attachments-held": value})
    assert response.status_code == 303
    assert attachments(app) == [("scherm.png", PNG)]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HeldUpload)) == 0
        assert db.session.scalar(select(func.count()).select_from(Case)) == 1
