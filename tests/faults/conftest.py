"""Fault tests' servers: gunicorn with deploy/gunicorn.conf.py on SQLite or PostgreSQL.

Each test starts its own gunicorn (``python -m gunicorn -c deploy/gunicorn.conf.py``, as
``make serve`` does) on a database of its own: a SQLite file in the test's folder, or a new
PostgreSQL database on the deploy tests' server (``postgres_database``, dropped after the
session). Rate limits are raised so that only the faults under test can refuse a request.

Without gunicorn or PostgreSQL the tests that need them are skipped with the reason, or fail
where ``HELPCENTER_DEPLOY_TESTS=required`` (CI), as in tests/deploy.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import shutil
import socket
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from deploy.processes import StackError, http_status, spawn, terminate, wait_for
from deploy.serve import gunicorn_command, migrate
from helpcenter.config import ENV_PREFIX, DefaultConfig
from tests.articles.conftest import REAL_CONTENT, article
from tests.deploy.conftest import free_port, postgres_database, unavailable  # noqa: F401

START_TIMEOUT_S = 60  # a new gunicorn on a busy 2-core machine
ARTICLE_SLUGS = [f"article-{number}" for number in range(1, 13)]  # each in English and Dutch
UNLIMITED = "100000 per minute"


@pytest.fixture(scope="session")
def fault_content(tmp_path_factory) -> Path:
    """A content folder with twelve article pairs to vote on (24 article pages)."""
    root = tmp_path_factory.mktemp("fault-content")
    section = root / "guides"
    section.mkdir()
    shutil.copy(REAL_CONTENT / "topics.yaml", root / "topics.yaml")
    (section / "_index.en.md").write_text("---\ntitle: Guides\n---\n")
    (section / "_index.nl.md").write_text("---\ntitle: Handleidingen\n---\n")
    for slug in ARTICLE_SLUGS:
        (section / f"{slug}.en.md").write_text(article(f"Guide {slug}", "Text.\n"))
        (section / f"{slug}.nl.md").write_text(article(f"Handleiding {slug}", "Tekst.\n"))
    return root


def server_environment(database_url: str, content: Path, instance: Path, workers: int) -> dict:
    """Production-like settings with every rate limit out of the way (all clients share one
    address).

    Emails go to an SMTP port where nothing listens, so each waits in the outbox (a refused
    connection fails at once) and none is printed in the logs.
    """
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("HELPCENTER_", "GUNICORN_"))}
    env.update(
        HELPCENTER_DATABASE_URL=database_url,
        HELPCENTER_SECRET_KEY=secrets.token_hex(32),
        HELPCENTER_INSTANCE_PATH=str(instance),
        HELPCENTER_CONTENT_DIR=str(content),
        HELPCENTER_RATELIMIT_STORAGE_URI="memory://",
        HELPCENTER_MAIL_TRANSPORT="smtp",
        HELPCENTER_MAIL_SERVER="127.0.0.1",
        HELPCENTER_MAIL_PORT=str(free_port()),
        HELPCENTER_MAIL_TIMEOUT="2",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_GRACEFUL_TIMEOUT="5",
        GUNICORN_MAX_REQUESTS="0",  # workers are replaced only when a test kills them
    )
    env.update({f"{ENV_PREFIX}_{name}": UNLIMITED for name in vars(DefaultConfig)
                if name.endswith("_RATE_LIMIT")})  # every limit, also one added later
    return env


@dataclass
class Server:
    """One gunicorn (an arbiter and its workers) and the database it writes to."""

    port: int
    process: object
    database_url: str
    log: Path

    def worker_pids(self) -> set[int]:
        """The arbiter's living children: its workers."""
        found = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
                if int(fields[1]) == self.process.pid and fields[0] != "Z":
                    found.add(int(entry.name))
        return found

    def busy_workers(self) -> set[int]:
        """Workers holding a client's connection right now (in the middle of a request)."""
        inodes = connections_to(self.port)
        busy = set()
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                fds = Path(f"/proc/{pid}/fd")
                links = {os.readlink(fd) for fd in fds.iterdir()}
                if any(f"socket:[{inode}]" in links for inode in inodes):
                    busy.add(pid)
        return busy

    def logs(self) -> str:
        """Everything gunicorn and the app wrote so far."""
        return self.log.read_text(errors="replace")

    def rows(self, statement: str, **params) -> list[tuple]:
        """Rows of a SQL query on the server's database."""
        url = self.database_url
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(statement), params)]
        finally:
            engine.dispose()


def connections_to(port: int) -> set[str]:
    """Socket inodes of established TCP connections to local ``port`` (server side)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if local_port == port and fields[3] == "01":  # 01: ESTABLISHED
                    inodes.add(fields[9])
    return inodes


@contextlib.contextmanager
def running_gunicorn(database_url: str, content: Path, folder: Path, workers: int,
                     threads: int = 1) -> Iterator[Server]:
    """Migrate the database and serve it with gunicorn until the block ends.

    ``threads`` above 1 turns the sync workers into gunicorn's threaded workers.
    """
    if importlib.util.find_spec("gunicorn") is None:
        unavailable("gunicorn is not installed in this environment (pip install -e .)")
    env = server_environment(database_url, content, folder / "instance", workers)
    migrate(env)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(512)
    log = folder / "gunicorn.log"
    command = gunicorn_command() + (["--threads", str(threads)] if threads > 1 else [])
    process = spawn(command, dict(env, GUNICORN_BIND=f"fd://{listener.fileno()}"), log,
                    pass_fds=[listener.fileno()])
    server = Server(listener.getsockname()[1], process, database_url, log)
    listener.close()
    try:
        try:
            wait_for(lambda: http_status(f"http://127.0.0.1:{server.port}/readyz") == 200,
                     START_TIMEOUT_S, "gunicorn", process, log)
        except StackError as error:
            unavailable(f"gunicorn could not start: {error}")
        yield server
    finally:
        terminate(process, 20)


def sqlite_url(folder: Path) -> str:
    """A SQLite database file of the test's own."""
    return f"sqlite:///{folder / 'faults.sqlite3'}"


def sqlite_integrity(url: str) -> list[str]:
    """``PRAGMA integrity_check`` and ``foreign_key_check`` of a SQLite file ("ok" when whole)."""
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        result += [repr(row) for row in connection.execute("PRAGMA foreign_key_check")]
        return result
    finally:
        connection.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """The URL of an empty database: a SQLite file, or PostgreSQL (skipped without one)."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("postgres_database")
