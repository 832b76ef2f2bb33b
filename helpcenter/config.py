"""Configuration: defaults here, overridden by ``HELPCENTER_*`` environment variables.

Every setting can be given as an environment variable with the ``HELPCENTER_`` prefix, e.g.
``HELPCENTER_DATABASE_URL`` or ``HELPCENTER_SECRET_KEY``. Values are parsed as JSON where they
can be (``HELPCENTER_MAIL_PORT=587`` is an int), as text otherwise.
"""

from __future__ import annotations

import copy
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

ENV_PREFIX = "HELPCENTER"
ROOT = Path(__file__).resolve().parent.parent


class DefaultConfig:
    """Settings that make ``make run`` work on a laptop with nothing configured."""

    SECRET_KEY: str | None = None  # read from the instance folder when not given
    DATABASE_URL: str | None = None  # SQLite in the instance folder when not given
    # hide_parameters: a database error or echo logs the statement without its values (a
    # partner's name, email and message never reach a log line).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    DATABASE_RETRY_AFTER = 30  # seconds in Retry-After of a 503 while the database is down
    # Seconds a SQLite writer waits for the write lock before "locked" (a 503); generous, as
    # SQLite's wait is not first come, first served (see helpcenter.sqlite_setup).
    SQLITE_SYNCHRONOUS = "NORMAL"  # or FULL: an fsync per commit (see helpcenter.sqlite_setup)
    SQLITE_BUSY_TIMEOUT = 20
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024  # a whole request: three attachments and the form
    MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # one attachment
    # An image with more pixels is refused before decoding (a decompression bomb); 50 million
    # takes a 48-megapixel phone photo or an 8K screenshot.
    MAX_UPLOAD_PIXELS = 50_000_000
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    CONTENT_DIR = str(ROOT / "content")
    CONTENT_SCAN_INTERVAL = 1.0  # seconds between checks for edited content files
    CONTENT_PREVIEW = False  # True shows drafts, for editors previewing locally
    # The site's address, e.g. "https://help.example.com": emailed links are built on it, its
    # host is trusted, and "https://" makes cookies Secure with the __Host- prefix and sends HSTS.
    SITE_ORIGIN: str | None = None
    TRUSTED_HOSTS: list[str] | None = None  # None: SITE_ORIGIN's host, localhost, 127.0.0.1
    HSTS_MAX_AGE = 365 * 24 * 3600  # sent only when the site is HTTPS (see https_site)
    TRUSTED_ORIGINS: list[str] = []  # other origins allowed to POST here (cross-origin check)
    PUBLIC_PAGE_MAX_AGE = 60  # seconds a shared cache may keep a page that is the same for all
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SECURE: bool | None = None  # None: True when SITE_ORIGIN is https://
    SESSION_REFRESH_EACH_REQUEST = False  # re-sign the cookie only when it changes
    WTF_CSRF_TIME_LIMIT = 3600 * 8
    # No Referer check on HTTPS: case pages send no Referer at all (no-referrer), and the
    # cross-origin check (helpcenter/crossorigin.py) already compares Sec-Fetch-Site / Origin.
    WTF_CSRF_SSL_STRICT = False
    LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
    PERMANENT_SESSION_LIFETIME = 365 * 24 * 3600  # saved articles and votes are remembered
    RATELIMIT_STORAGE_URI = "memory://"  # one process; use redis://... with several
    # Redis unreachable: count in each process's memory instead (a warning is logged), so
    # pages and forms keep working; fail fast rather than hang on a dead server.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS: dict = {"socket_connect_timeout": 1, "socket_timeout": 1}
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True  # a store failing mid-request is logged, never a 500
    FEEDBACK_RATE_LIMIT = "20 per minute;200 per hour"  # per client address
    PROXY_FIX_X_FOR = 0  # number of proxies in front that set X-Forwarded-For
    PROXY_FIX_X_PROTO = 0  # ... that set X-Forwarded-Proto (https ends at nginx)
    PROXY_FIX_X_HOST = 0  # ... that set X-Forwarded-Host
    # Accepted complaints and technical issues together, per client address (one limit for
    # both forms); a form sent back with errors does not count.
    CASES_RATE_LIMIT = "5 per minute;30 per hour"
    CASES_ATTEMPT_RATE_LIMIT = "30 per minute;200 per hour"  # every POST to them, errors too
    # "Lost your link?" requests, counted per client address and, separately, per reference
    CASES_LOST_LINK_RATE_LIMIT = "5 per hour;20 per day"
    CASE_ANSWER_WORKING_DAYS = 2  # "We answer within 2 working days" on the case page
    CASE_OVERDUE_WORKING_DAYS = 5  # staff see a case as overdue after this long without news
    CASE_REMINDER_WORKING_DAYS = 5  # `flask cases remind` sends a progress update after this
    REPORT_MIN_COUNT = 5  # the yearly report shows a smaller topic count as "fewer than 5"
    # Opening secret case links (/<lang>/case/<token>), per client address: only links that do
    # not open a case count, so guessing costs while a partner's own clicks do not.
    CASE_LINK_RATE_LIMIT = "10 per minute;50 per day"
    CASES_RETENTION_MONTHS = 24  # `flask cases purge`: personal data of cases closed longer ago
    CASE_LINK_DAYS_AFTER_CLOSING = 90  # a case link stops working this long after closing
    SIGN_IN_LINK_MINUTES = 15  # an emailed "My cases" sign-in link works this long, once
    # "My cases" sign-in requests, counted per client address and, separately, per email
    PARTNER_SIGN_IN_RATE_LIMIT = "5 per 15 minutes;20 per day"
    PARTNER_SESSION_HOURS = 8  # a "My cases" session ends this long after signing in
    STAFF_LOGIN_RATE_LIMIT = "5 per minute;20 per hour"  # failed logins per address, per account
    STAFF_SESSION_IDLE_MINUTES = 480  # a staff session ends after this long without a request
    MAIL_TRANSPORT = "console"  # or "smtp"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False  # STARTTLS
    MAIL_TIMEOUT = 10
    MAIL_SENDER_ADDRESS = "help@example.com"
    # The From name in each email language; a plain string names every language the same.
    MAIL_SENDER_NAME: dict[str, str] | str = {"nl": "Helpcentrum voor partners",
                                              "en": "Partner Help Centre"}
    MAIL_SENDER: str | None = None  # older "Name <address>" setting: when set, wins for all
    # Reply-To of every email about a case: <local part>+<the case's reply token>@<domain>;
    # `flask mail receive` takes the replies in (cases.email_replies)
    MAIL_REPLY_LOCAL_PART = "reply"
    MAIL_REPLY_DOMAIN = "example.com"
    MAIL_RECEIVE_MAX_BYTES = 25 * 1024 * 1024  # a larger email is refused during the SMTP DATA
    # The authserv-id our own mail server writes in Authentication-Results (RFC 8601): when set,
    # a reply's From must have passed one of MAIL_RECEIVE_AUTH_METHODS there (mail.authentication)
    MAIL_RECEIVE_TRUSTED_AUTHSERV_ID: str | None = None
    MAIL_RECEIVE_AUTH_METHODS: list[str] | str = ["dmarc"]  # also "spf", "dkim" (aligned)
    OUTBOX_KEEP_SENT_DAYS = 7  # the text of a sent email is emptied this long after sending


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill ``app.config``: defaults, then the environment, then the test's overrides."""
    app.config.from_object(DefaultConfig)
    for key, value in app.config.items():  # HELPCENTER_X__nl edits a copy, not the defaults
        if isinstance(value, dict | list):
            app.config[key] = copy.deepcopy(value)
    app.config.from_prefixed_env(ENV_PREFIX)
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app)
    apply_site_settings(app.config)
    app.config.setdefault("BUILD_ID", build_id())
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))


def database_uri(app: Flask) -> str:
    """Return the SQLAlchemy URL: the configured one, or a SQLite file in the instance folder.

    ``postgres://`` and ``postgresql://`` URLs are pointed at the psycopg 3 driver, so
    operators can paste the URL their hosting gives them.
    """
    url = app.config.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(app.instance_path) / 'helpcenter.sqlite3'}"
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def https_site(config) -> bool:
    """Whether the site is served over HTTPS: ``SITE_ORIGIN`` says so, or Secure cookies do."""
    origin = config.get("SITE_ORIGIN") or ""
    return origin.lower().startswith("https://") or config.get("SESSION_COOKIE_SECURE") is True


def apply_site_settings(config) -> None:
    """Derive the cookie, URL and host settings from ``SITE_ORIGIN`` unless they are given.

    On an HTTPS site the session and language cookies are ``Secure`` and carry the
    ``__Host-`` prefix (the browser then refuses them without Secure, with a Domain or with a
    Path other than ``/``, so no other host or path can plant or read them).
    """
    if config.get("SESSION_COOKIE_SECURE") is None:
        config["SESSION_COOKIE_SECURE"] = https_site(config)
    secure = bool(config["SESSION_COOKIE_SECURE"])
    config["PREFERRED_URL_SCHEME"] = "https" if https_site(config) else "http"
    prefix = "__Host-" if secure else ""
    if config.get("SESSION_COOKIE_NAME", "session") == "session":
        config["SESSION_COOKIE_NAME"] = prefix + "session"
    config.setdefault("LANGUAGE_COOKIE_NAME", prefix + "lang")
    if secure:  # the __Host- prefix allows no Domain and only Path=/
        config["SESSION_COOKIE_DOMAIN"] = None
        config["SESSION_COOKIE_PATH"] = "/"
    config["TRUSTED_HOSTS"] = trusted_hosts(config)


LOCAL_HOSTS = ("localhost", "127.0.0.1")  # Werkzeug cannot match an IPv6 literal


def trusted_hosts(config) -> list[str]:
    """The ``Host`` names this site answers to; any other gets a 400 page.

    ``SITE_ORIGIN``'s host, plus ``TRUSTED_HOSTS`` when configured (a list, or names separated
    by commas or spaces; a leading dot allows subdomains), else plus the local names, so
    ``make run`` works on 127.0.0.1 and health checks on the machine itself get through, while
    a forged ``Host`` never reaches a page, a cache key or an email.
    """
    configured = config.get("TRUSTED_HOSTS")
    if isinstance(configured, str):
        configured = configured.replace(",", " ").split()
    hosts = [str(host).lower() for host in configured] if configured else list(LOCAL_HOSTS)
    site_host = urlsplit(config.get("SITE_ORIGIN") or "").hostname
    if site_host and site_host not in hosts:
        hosts.insert(0, site_host)
    return hosts


def build_id() -> str:
    """A tag that changes when templates, translations or static files change.

    Cached pages and their ETags include it, so a deploy never serves a page built from the
    old templates; every instance running the same checkout computes the same tag.
    """
    newest = 0
    for folder in ("templates", "translations", "helpcenter/static"):
        for path in (ROOT / folder).rglob("*"):
            newest = max(newest, path.stat().st_mtime_ns)
    return f"{newest:x}"


def instance_secret_key(instance_path: Path) -> str:
    """Return a secret key kept in the instance folder, creating it on first use.

    Sessions and signed cookies then survive a restart without anyone having to configure a
    key locally; production sets ``HELPCENTER_SECRET_KEY`` instead.
    """
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
