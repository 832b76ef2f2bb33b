"""helpcenter: the help centre a booking platform offers its partners, in Dutch and English."""

from __future__ import annotations

import os

from flask import Flask, request
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from helpcenter import assets, crossorigin, form_widgets, i18n, pagecache, requestlog, security
from helpcenter.articles import store as content_store
from helpcenter.cli import register_commands
from helpcenter.config import ROOT, load_config
from helpcenter.contact import contact_context
from helpcenter.errors import register_errorhandlers
from helpcenter.extensions import babel, csrf, db, limiter, migrate
from helpcenter.search import service as search_service

MIGRATIONS = ROOT / "helpcenter" / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error pages, commands.

    ``test_config`` overrides everything else; its ``INSTANCE_PATH`` (or the environment's
    ``HELPCENTER_INSTANCE_PATH``) moves the instance folder, which holds the SQLite database.
    """
    test_config = dict(test_config or {})
    instance_path = test_config.pop("INSTANCE_PATH", None) or os.environ.get(
        "HELPCENTER_INSTANCE_PATH"
    )
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(instance_path) if instance_path else None,
        instance_relative_config=True,
    )
    os.makedirs(app.instance_path, exist_ok=True)
    load_config(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


# opening a secret case link, or a case by its token through the API: guessing must cost
LIMITED_READS = {"cases.open_case", "api.case"}


@limiter.request_filter
def reads_are_not_limited() -> bool:
    """Rate limits count state-changing requests (votes, forms, logins), and ``LIMITED_READS``.

    No other GET has a limit: content reads are public and cached (a CDN may answer them),
    and a per-address limit would only hold back partners behind one shared address.
    """
    return request.method in crossorigin.SAFE_METHODS and request.endpoint not in LIMITED_READS


def register_extensions(app: Flask) -> None:
    """Bind the extension instances and the locale machinery to ``app``."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    trust_proxy_headers(app)
    requestlog.init_app(app)
    app.context_processor(contact_context)
    form_widgets.init_app(app)
    i18n.init_app(app)
    content_store.init_app(app)
    pagecache.init_app(app)
    search_service.init_app(app)
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    crossorigin.init_app(app)  # late, so that it runs before every other request hook
    security.init_app(app)  # last: the Host check runs before the cross-origin check
    assets.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect",
                         sqlite_setup(float(app.config["SQLITE_BUSY_TIMEOUT"]),
                                      str(app.config["SQLITE_SYNCHRONOUS"])))


def trust_proxy_headers(app: Flask) -> None:
    """Believe the configured number of proxies about the client, scheme and host.

    Behind nginx (one hop) the client address, ``https`` and the public host come from its
    ``X-Forwarded-*`` headers; with no proxy configured (0) those headers are ignored, so
    nobody can fake an address to get round a rate limit.
    """
    hops = {part: int(app.config[f"PROXY_FIX_X_{part.upper()}"])
            for part in ("for", "proto", "host")}
    if any(hops.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops["for"], x_proto=hops["proto"],
                                x_host=hops["host"])


SQLITE_SYNCHRONOUS_MODES = ("FULL", "NORMAL")


def sqlite_setup(busy_timeout_s: float, synchronous: str = "NORMAL"):
    """The ``connect`` listener that sets up each new SQLite connection.

    WAL lets readers go on while one writer writes, foreign keys are enforced, and a writer
    that finds the write lock taken waits up to ``busy_timeout_s`` instead of failing with
    "database is locked" (which ``outage`` answers with a 503).

    Why the wait is long (``SQLITE_BUSY_TIMEOUT``): the sqlite3 driver begins a transaction
    only at its first INSERT, UPDATE or DELETE, so a write never upgrades an earlier read
    snapshot (the upgrade that fails at once, without waiting) and every writer waits in
    SQLite's busy handler. That handler polls, sleeping up to 100 ms, and is not first come,
    first served: while new writers keep arriving, one that keeps losing waits far longer than
    the lock is ever held. With 40 writers at once on two busy cores, each holding the lock
    10-20 ms (the WAL's fsync at commit included), some waited over 10 s, so the former 5 s
    turned a burst of votes and complaints into 503s (tests/faults/test_concurrent_writers.py).
    Keep it well under gunicorn's timeout (30 s), so a request answers before its worker is
    replaced.

    ``SQLITE_SYNCHRONOUS``: NORMAL (the default, SQLite's advice for WAL) writes the WAL to
    disk at checkpoints rather than at every commit. A commit then costs microseconds instead
    of an fsync (~5 ms here, and only one writer at a time: at most ~185 commits a second), and
    a killed or crashed process still loses nothing acknowledged (tests/faults); only a power
    loss or OS crash can lose the last commits, never corrupting the file. FULL fsyncs every
    commit. Production runs on PostgreSQL, which fsyncs its own log.
    """
    busy_timeout_ms = int(busy_timeout_s * 1000)
    if synchronous.upper() not in SQLITE_SYNCHRONOUS_MODES:
        raise ValueError(f"SQLITE_SYNCHRONOUS must be one of {SQLITE_SYNCHRONOUS_MODES}")
    synchronous = synchronous.upper()

    def configure_sqlite(dbapi_connection, connection_record) -> None:
        """WAL, the busy timeout and foreign keys, on every new connection."""
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    return configure_sqlite


def register_blueprints(app: Flask) -> None:
    """Attach every feature's blueprint."""
    from helpcenter.api.views import bp as api_bp
    from helpcenter.articles.views import bp as articles_bp
    from helpcenter.cases.views import bp as cases_bp
    from helpcenter.core.views import bp as core_bp
    from helpcenter.feedback.views import bp as feedback_bp
    from helpcenter.report.views import bp as report_bp
    from helpcenter.search.views import bp as search_bp
    from helpcenter.staff.views import bp as staff_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(articles_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(report_bp)
    app.register_blueprint(api_bp)
