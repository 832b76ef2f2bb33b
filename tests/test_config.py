"""Configuration from the environment, the database URL and the instance folder."""

import os
import subprocess
import sys

import pytest
from flask import Flask

from helpcenter import create_app
from helpcenter.config import database_uri, instance_secret_key


def test_environment_prefix_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("HELPCENTER_MAX_CONTENT_LENGTH", "2048")
    monkeypatch.setenv("HELPCENTER_SECRET_KEY", "from-env")
    app = create_app({"INSTANCE_PATH": tmp_path})
    assert app.config["MAX_CONTENT_LENGTH"] == 2048
    assert app.config["SECRET_KEY"] == "from-env"


def test_test_config_wins_over_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HELPCENTER_SECRET_KEY", "from-env")
    app = create_app({"INSTANCE_PATH": tmp_path, "SECRET_KEY": "from-test"})
    assert app.config["SECRET_KEY"] == "from-test"


def test_default_database_is_sqlite_in_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("HELPCENTER_DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": tmp_path})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/helpcenter.sqlite3"


def test_instance_path_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HELPCENTER_INSTANCE_PATH", str(tmp_path / "elsewhere"))
    app = create_app()
    assert app.instance_path == str(tmp_path / "elsewhere")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@db:5432/hc", "postgresql+psycopg://u:p@db:5432/hc"),
        ("postgres://u@db/hc", "postgresql+psycopg://u@db/hc"),
        ("postgresql+psycopg://u@db/hc", "postgresql+psycopg://u@db/hc"),
        ("sqlite:////var/lib/hc.db", "sqlite:////var/lib/hc.db"),
    ],
)
def test_database_url_uses_psycopg3(given, expected):
    app = Flask(__name__)
    app.config["DATABASE_URL"] = given
    assert database_uri(app) == expected


def test_secret_key_is_created_once_and_kept(tmp_path):
    first = instance_secret_key(tmp_path)
    assert len(first) == 64
    assert instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_flask_cli_finds_the_app(tmp_path):
    env = {**os.environ, "HELPCENTER_INSTANCE_PATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "helpcenter", "routes"],
        capture_output=True, text=True, env=env, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "core.switch_language" in result.stdout
