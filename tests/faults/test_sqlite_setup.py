"""Every SQLite connection gets WAL, foreign keys, the configured busy timeout and the
configured ``synchronous`` (NORMAL by default)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from helpcenter.config import DefaultConfig
from helpcenter.extensions import db
from tests.conftest import build_app


def pragmas(app) -> dict[str, object]:
    """The PRAGMAs a new connection of ``app`` has."""
    with app.app_context(), db.engine.connect() as connection:
        return {name: connection.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")}


@pytest.mark.parametrize(("setting", "expected_ms", "synchronous"), [
    ({}, DefaultConfig.SQLITE_BUSY_TIMEOUT * 1000, 1),  # NORMAL
    ({"SQLITE_BUSY_TIMEOUT": 2.5, "SQLITE_SYNCHRONOUS": "full"}, 2500, 2),  # FULL
])
def test_sqlite_connections_get_wal_foreign_keys_and_the_busy_timeout(tmp_path, setting,
                                                                     expected_ms, synchronous):
    app = build_app(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/setup.sqlite3", **setting)
    assert pragmas(app) == {"journal_mode": "wal", "busy_timeout": expected_ms,
                            "foreign_keys": 1, "synchronous": synchronous}


def test_an_unknown_synchronous_mode_is_refused(tmp_path):
    with pytest.raises(ValueError, match="SQLITE_SYNCHRONOUS"):
        build_app(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/setup.sqlite3",
                  SQLITE_SYNCHRONOUS="OFF")

