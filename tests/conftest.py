"""Shared fixtures: an app on a temporary instance folder, its client and CLI runner.

The database is SQLite in the temporary instance folder, or the server named by
``HELPCENTER_TEST_DATABASE_URL`` (CI runs the suite a second time on PostgreSQL). Either way
the schema comes from the migrations, exactly as in production.
"""

from __future__ import annotations

import os

import flask_migrate
import pytest
from sqlalchemy import text

from helpcenter import create_app
from helpcenter.extensions import db

TEST_DATABASE_URL = os.environ.get("HELPCENTER_TEST_DATABASE_URL")


def build_app(instance_path, **overrides):
    """Create an app for tests: its own instance folder and database, CSRF off unless asked."""
    config = {
        "TESTING": True,
        "INSTANCE_PATH": instance_path,
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Never the developer's own database: a temporary SQLite file or the CI server.
        "DATABASE_URL": TEST_DATABASE_URL or f"sqlite:///{instance_path}/test.sqlite3",
    }
    config.update(overrides)
    return create_app(config)


def reset_database(app) -> None:
    """Drop every table the migrations made, so the next test starts from nothing."""
    with app.app_context():
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()


@pytest.fixture
def make_app(tmp_path):
    """A factory for apps with extra settings; each gets a migrated database, dropped after."""
    made = []

    def factory(**overrides):
        app = build_app(tmp_path / f"instance{len(made)}", **overrides)
        with app.app_context():
            flask_migrate.upgrade()
        made.append(app)
        return app

    yield factory
    for app in made:
        reset_database(app)


@pytest.fixture
def app(make_app):
    """An app with the test settings and a migrated database."""
    return make_app()


@pytest.fixture
def client(app):
    """A test client for ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for ``app``'s ``flask`` commands."""
    return app.test_cli_runner()
