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


@limiter.request_filter
def reads_are_not_limited() -> bool:
    """Rate limits count only state-changing requests (votes, forms, logins).

    No GET has a limit, so the limiter is spared its per-request work on page views.
    """
    return request.method in crossorigin.SAFE_METHODS


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
            event.listen(db.engine, "connect", configure_sqlite)


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


def configure_sqlite(dbapi_connection, connection_record) -> None:
    """Let SQLite serve several requests at once: WAL journal and a wait instead of "locked"."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def register_blueprints(app: Flask) -> None:
    """Attach every feature's blueprint."""
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
