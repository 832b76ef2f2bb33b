"""No personal data and no secret link in any log line, whatever is switched on.

A whole journey (filing, opening the emailed link, a reply, a case handler's answer, a lost
link) runs with every logger at DEBUG and SQLAlchemy echoing statements and rows; a database
error carrying the partner's data as parameters is logged with its traceback. Then the
captured log text is searched for the email address, the message and the case's token.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import runpy
import secrets

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger
from sqlalchemy import text

from helpcenter.config import ROOT
from helpcenter.extensions import db
from helpcenter.requestlog import RequestIdLogFilter, clean_log_text, redact_secrets
from helpcenter.staff import passwords, service
from tests.staff.conftest import FAST_HASHER, PASSWORD, Staff, logged_in
from tests.staff.console_helpers import post_action

NAME = "Wilhelmina Oosterhuis-Brandsma"
EMAIL = "w.oosterhuis.brandsma@example.nl"
MESSAGE = "Mijn vakantiewoning Zonnedauw staat sinds dinsdag niet meer in de zoekresultaten."
REPLY = "Hierbij nog een toelichting over Zonnedauw en mijn boekingen van mei."
LINK = re.compile(r"/en/case/([\w-]{20,})")
COMPLAINT = {"requester_type": "partner", "name": NAME, "email": EMAIL, "phone": "",
             "property_id": "123456", "country": "NL", "topic": "ranking", "message": MESSAGE,
             "consent": "y", "idempotency_key": "d" * 32}


@pytest.fixture
def logged_app(make_app):
    """The site as in production (exceptions become 500 pages) with SQLAlchemy echoing rows,
    and a page that fails in the database with the partner's data as its parameters."""
    app = make_app(PROPAGATE_EXCEPTIONS=False, SQLALCHEMY_ECHO="debug")

    def failing_insert(token: str):
        db.session.execute(text("CREATE TEMPORARY TABLE IF NOT EXISTS log_probe "
                                "(email VARCHAR(200) UNIQUE, message TEXT)"))
        for _ in range(2):  # the second one breaks the UNIQUE constraint
            db.session.execute(text("INSERT INTO log_probe (email, message) VALUES (:e, :m)"),
                               {"e": EMAIL, "m": MESSAGE})
        return "not reached"

    app.add_url_rule("/<lang:lang_code>/case/<token>/failing-insert", "failing_insert",
                     failing_insert)
    return app


def case_handler(app, monkeypatch):
    """A browser logged in to the staff console as a case handler."""
    monkeypatch.setattr(passwords, "HASHER", FAST_HASHER)
    with app.app_context():
        account = service.create_staff("hanna@example.com", "Hanna Bakker", PASSWORD)
        staff = Staff(account.id, account.email, account.name, account.role, "en", PASSWORD)
        db.session.remove()
    return logged_in(app.test_client(), staff)


def emailed_token(capsys) -> str:
    """The link in the newest email: sent at once by the console transport, which prints it
    (to standard output, as the mail it stands for; not through logging)."""
    return LINK.findall(capsys.readouterr().out)[-1]


def test_a_whole_journey_logs_no_email_message_or_token(logged_app, caplog, capsys,
                                                        monkeypatch):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")
    filer = logged_app.test_client()
    filed = filer.post("/en/complaint", data=COMPLAINT)
    assert filed.status_code == 303
    token = emailed_token(capsys)

    partner = logged_app.test_client()
    opened = partner.get(f"/en/case/{token}")
    assert opened.status_code == 303
    case_page = opened.headers["Location"]
    reference = case_page.rsplit("/", 1)[-1]
    assert MESSAGE in partner.get(case_page).get_data(as_text=True)
    replied = partner.post(f"{case_page}/reply", data={"message": REPLY},
                           content_type="multipart/form-data")
    assert replied.status_code == 303

    handler = case_handler(logged_app, monkeypatch)
    answered = post_action(handler, reference, "update", {"body": "We kijken ernaar."})
    assert answered.status_code == 303
    lost = logged_app.test_client().post("/en/cases/lost-link",
                                         data={"reference": reference, "email": EMAIL})
    assert lost.status_code == 303
    delivered = logged_app.test_cli_runner().invoke(args=["outbox", "deliver"])  # as cron does
    assert delivered.exit_code == 0
    new_token = LINK.findall(delivered.output)[-1]
    assert partner.get(f"/en/case/{new_token}").status_code == 303

    failed = partner.get(f"/en/case/{new_token}/failing-insert")
    assert failed.status_code == 500

    logged = caplog.text
    assert "INSERT INTO log_probe" in logged  # the failing statement was logged ...
    assert "[SQL parameters hidden due to hide_parameters=True]" in logged  # ... without data
    assert "Traceback" in logged and "IntegrityError" in logged
    assert "/en/case/[redacted]/failing-insert" in logged
    assert "SELECT" in logged and len(caplog.records) > 50  # echo and DEBUG were really on
    for secret in (EMAIL, MESSAGE, REPLY, NAME, token, new_token):
        assert secret not in logged, f"{secret[:12]}... is in the log"
    for part in ("oosterhuis", "Zonnedauw"):
        assert part.lower() not in logged.lower()


@pytest.mark.parametrize(("line", "expected"), [
    ("GET /nl/sign-in/AbC_12-x HTTP/1.1", "GET /nl/sign-in/[redacted] HTTP/1.1"),
    ("GET /sign-in/AbC_12-x?next=/nl/", "GET /sign-in/[redacted]?next=/nl/"),
    ("GET /en/inbox?token=AbC_12-x&lang=en", "GET /en/inbox?token=[redacted]&lang=en"),
    ("GET /en/inbox?lang=en&token=AbC_12-x", "GET /en/inbox?lang=en&token=[redacted]"),
    ("/nl/case/A/reply and /en/case/B", "/nl/case/[redacted]/reply and /en/case/[redacted]"),
    ("/en/cases/lost-link", "/en/cases/lost-link"),
    ("/en/staff/cases/HC-7K4M-Q2XP", "/en/staff/cases/HC-7K4M-Q2XP"),
])
def test_sign_in_links_and_token_queries_are_redacted(line, expected):
    assert redact_secrets(line) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ('DETAIL:  Key (email)=(anna@example.nl) already exists.', "DETAIL:  Key (email)=[redacted]"),
    ("DETAIL:  Failing row contains (7, Anna, anna@example.nl).",
     "DETAIL:  Failing row contains [redacted]"),
    ('invalid input syntax for type integer: "anna@example.nl"',
     "invalid input syntax for type integer: [redacted]"),
    ('duplicate key value violates unique constraint "uq_email"',
     'duplicate key value violates unique constraint "uq_email"'),
])
def test_values_quoted_by_a_database_error_are_redacted(line, expected):
    assert clean_log_text(line) == expected


def test_a_traceback_that_quotes_a_secret_link_is_redacted(app, caplog):
    token = secrets.token_urlsafe(32)
    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        try:
            raise ValueError(f"could not open /nl/case/{token}")
        except ValueError:
            app.logger.exception("failed")
    assert "/nl/case/[redacted]" in caplog.text and token not in caplog.text


def test_the_dev_servers_access_log_is_redacted(app, caplog):
    token = secrets.token_urlsafe(32)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info('127.0.0.1 - - "GET /en/case/%s HTTP/1.1" 303 -',
                                           token)
    assert "/en/case/[redacted]" in caplog.text and token not in caplog.text


@pytest.fixture
def logging_restored():
    """Put the root and gunicorn loggers back as they were (gunicorn configures logging)."""
    loggers = [logging.getLogger(name) for name in ("", "gunicorn.error", "gunicorn.access")]
    saved = [(logger.handlers[:], logger.level, logger.propagate) for logger in loggers]
    yield
    for logger, (handlers, level, propagate) in zip(loggers, saved, strict=True):
        logger.handlers[:], logger.level, logger.propagate = handlers, level, propagate


def test_gunicorns_access_log_is_redacted(logging_restored, capsys):
    """gunicorn's own logger, configured by deploy/gunicorn.conf.py, writes an access line."""
    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    config = Config()
    for name in ("accesslog", "access_log_format", "logconfig_dict", "loglevel"):
        config.set(name, settings[name])
    logger = Logger(config)
    token = secrets.token_urlsafe(32)

    class Response:
        status, response_length, sent = "303 See Other", 0, 0
        headers = [("X-Request-ID", "0123456789abcdef")]

    for path in (f"/en/case/{token}", f"/nl/sign-in/{token}"):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": f"token={token}",
                   "RAW_URI": f"{path}?token={token}", "SERVER_PROTOCOL": "HTTP/1.1",
                   "REMOTE_ADDR": "203.0.113.9"}
        logger.access(Response(), [("Host", "localhost")], environ, dt.timedelta(milliseconds=3))
    written = capsys.readouterr().out
    assert '"GET /en/case/[redacted] HTTP/1.1" 303' in written
    assert '"GET /nl/sign-in/[redacted] HTTP/1.1" 303' in written
    assert "rid=0123456789abcdef" in written
    assert token not in written and "203.0.113.9" not in written


def test_request_id_filter_still_redacts(app):
    record = logging.LogRecord("helpcenter", logging.INFO, __file__, 1, "GET %s",
                               ("/nl/sign-in/s3cr3t",), None)
    assert RequestIdLogFilter().filter(record)
    assert record.getMessage() == "GET /nl/sign-in/[redacted]" and record.request_id == "-"
