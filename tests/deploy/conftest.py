"""The deploy tests' stack on 127.0.0.1: PostgreSQL, Redis, two gunicorn instances, nginx.

The instances run deploy/gunicorn.conf.py and nginx runs deploy/nginx.conf, filled in by the
same code as ``make serve``. They share a PostgreSQL database made for this run (dropped at the
end) and one Redis; a rate-limit key prefix of this run keeps other users of that Redis apart.

What this machine lacks is reported: the tests that need it are skipped with the reason, or
fail when ``HELPCENTER_DEPLOY_TESTS=required`` (CI sets it, after ``make services``). Every
process started here is stopped at the end of the session, also when a test fails.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from deploy.nginx import NginxSettings, nginx_binary, nginx_command, prepare_nginx
from deploy.processes import StackError, http_status, spawn, terminate, wait_for
from deploy.serve import app_settings, gunicorn_command, migrate
from deploy.services import redis_answers, redis_command
from tests.articles.conftest import REAL_CONTENT, article

REQUIRED = os.environ.get("HELPCENTER_DEPLOY_TESTS") == "required"
POSTGRES_URL = os.environ.get("HELPCENTER_DEPLOY_TEST_POSTGRES_URL",
                              "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("HELPCENTER_DEPLOY_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
SCAN_INTERVAL_S = 1.0
CASES_LIMIT = 4  # complaints per client address per minute, wherever they are sent
START_TIMEOUT_S = 45


def unavailable(reason: str):
    """Skip (or, where the deploy tests are required, fail) for a missing service."""
    if REQUIRED:
        pytest.fail(f"{reason} (HELPCENTER_DEPLOY_TESTS=required)")
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the session."""
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        unavailable(f"PostgreSQL is not reachable at {POSTGRES_URL} ({str(error).strip()}); "
                    "set HELPCENTER_DEPLOY_TEST_POSTGRES_URL")
    name = f"helpcenter_deploy_{secrets.token_hex(4)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield urlsplit(POSTGRES_URL)._replace(path=f"/{name}").geturl()
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A Redis that answers: the local one, else a server of our own while the session runs."""
    if redis_answers(REDIS_URL):
        yield REDIS_URL
        return
    if not shutil.which("redis-server"):
        unavailable(f"no Redis answers at {REDIS_URL} and redis-server is not installed "
                    "(Debian: apt-get install redis-server); set HELPCENTER_DEPLOY_TEST_REDIS_URL")
    url = f"redis://127.0.0.1:{free_port()}/0"
    folder = tmp_path_factory.mktemp("redis")
    process = spawn(redis_command(url, folder), dict(os.environ), folder / "redis.log")
    try:
        wait_for(lambda: redis_answers(url), 15, "redis-server", process, folder / "redis.log")
        yield url
    finally:
        terminate(process, 10)


@pytest.fixture(scope="session")
def deploy_content(tmp_path_factory) -> Path:
    """A content folder the tests may edit: one section, an article pair, two more articles."""
    root = tmp_path_factory.mktemp("content")
    section = root / "guides"
    section.mkdir()
    shutil.copy(REAL_CONTENT / "topics.yaml", root / "topics.yaml")
    (section / "_index.en.md").write_text("---\ntitle: Guides\ndescription: How to\n---\n")
    (section / "_index.nl.md").write_text("---\ntitle: Handleidingen\n---\n")
    (section / "first-steps.en.md").write_text(article("First steps", "Intro.\n\n## Start\n"))
    (section / "first-steps.nl.md").write_text(article("Eerste stappen", "Inleiding.\n",
                                                      source_updated="2026-06-01"))
    (section / "edited.en.md").write_text(article("Before the edit", "Old text.\n"))
    (section / "cached.en.md").write_text(article("Kept by nginx", "Shared text.\n"))
    return root


@dataclass
class Stack:
    """Two gunicorn instances sharing one database and one Redis."""

    ports: list[int]
    env: dict[str, str]
    access_logs: list[Path]
    error_logs: list[Path]
    database_url: str
    content: Path
    processes: list = field(default_factory=list)

    def query(self, statement: str, *params) -> list[tuple]:
        """Rows of a SQL query on the stack's database."""
        with psycopg.connect(self.database_url, connect_timeout=5) as connection:
            return connection.execute(statement, params).fetchall()

    def logs(self) -> str:
        """Everything the instances wrote so far, access and error logs."""
        return "".join(path.read_text(errors="replace")
                       for path in [*self.access_logs, *self.error_logs])


def stack_environment(database_url: str, redis_url: str, content: Path, instance: Path) -> dict:
    """The instances' settings: production-like, with tight limits the tests can reach."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("HELPCENTER_", "GUNICORN_"))}
    env.update(
        HELPCENTER_DATABASE_URL=database_url,
        HELPCENTER_RATELIMIT_STORAGE_URI=redis_url,
        HELPCENTER_RATELIMIT_KEY_PREFIX=f"deploy-test-{secrets.token_hex(4)}",
        HELPCENTER_SECRET_KEY=secrets.token_hex(32),
        HELPCENTER_INSTANCE_PATH=str(instance),
        HELPCENTER_CONTENT_DIR=str(content),
        HELPCENTER_CONTENT_SCAN_INTERVAL=str(SCAN_INTERVAL_S),
        HELPCENTER_PROXY_FIX_X_FOR="1",
        HELPCENTER_PROXY_FIX_X_PROTO="1",
        HELPCENTER_PROXY_FIX_X_HOST="1",
        HELPCENTER_CASES_RATE_LIMIT=f"{CASES_LIMIT} per minute",
        HELPCENTER_FEEDBACK_RATE_LIMIT="200 per minute",
        # Emails wait in the outbox (no mail server answers), so none is printed in the logs.
        HELPCENTER_MAIL_TRANSPORT="smtp",
        HELPCENTER_MAIL_SERVER="127.0.0.1",
        HELPCENTER_MAIL_PORT=str(free_port()),
        HELPCENTER_MAIL_TIMEOUT="2",
        GUNICORN_WORKERS="2",
        GUNICORN_GRACEFUL_TIMEOUT="5",
    )
    return env


@pytest.fixture(scope="session")
def stack(postgres_database, redis_url, deploy_content, tmp_path_factory) -> Iterator[Stack]:
    """Migrate the database, then start two gunicorn instances and wait until both are ready."""
    folder = tmp_path_factory.mktemp("stack")
    env = stack_environment(postgres_database, redis_url, deploy_content, folder / "instance")
    migrate(env)
    built = Stack([], env, [], [], postgres_database, deploy_content)
    try:
        for number in (1, 2):
            listener = socket.socket()
            listener.bind(("127.0.0.1", 0))
            listener.listen(64)
            access, errors = folder / f"access-{number}.log", folder / f"errors-{number}.log"
            process = spawn(gunicorn_command(),
                            dict(env, GUNICORN_BIND=f"fd://{listener.fileno()}"), access,
                            errors, pass_fds=[listener.fileno()])
            built.ports.append(listener.getsockname()[1])
            listener.close()
            built.processes.append(process)
            built.access_logs.append(access)
            built.error_logs.append(errors)
        for port, process, errors in zip(built.ports, built.processes, built.error_logs,
                                         strict=True):
            wait_for(lambda p=port: http_status(f"http://127.0.0.1:{p}/readyz") == 200,
                     START_TIMEOUT_S, f"gunicorn on port {port}", process, errors)
        yield built
    except StackError as error:
        pytest.fail(str(error))
    finally:
        for process in built.processes:
            terminate(process, 15)


@dataclass
class Front:
    """nginx in front of the stack."""

    port: int
    run_dir: Path
    process: subprocess.Popen

    def access_log(self) -> str:
        """nginx's access log, its buffer written out first (USR1 reopens and flushes it)."""
        self.process.send_signal(signal.SIGUSR1)
        time.sleep(0.3)
        return (self.run_dir / "nginx-access.log").read_text()


@pytest.fixture(scope="session")
def nginx(stack) -> Iterator[Front]:
    """Debian's nginx with deploy/nginx.conf in front of both instances."""
    if not nginx_binary():
        unavailable("nginx is not installed (Debian: apt-get install nginx; "
                    "`make services` installs it when run as root)")
    run_dir = Path(tempfile.mkdtemp(prefix="helpcenter-nginx-"))  # nginx's workers read it
    port = free_port()
    process = None
    try:
        settings = app_settings(stack.env)
        prepare_nginx(NginxSettings(
            listen=f"127.0.0.1:{port}", upstreams=[f"127.0.0.1:{p}" for p in stack.ports],
            run_dir=run_dir, static_root=Path(settings["static_root"]),
            max_body_size=settings["max_body_size"], session_cookie=settings["session_cookie"]))
        process = spawn(nginx_command(run_dir), stack.env, run_dir / "nginx.log")
        wait_for(lambda: http_status(f"http://127.0.0.1:{port}/healthz") == 200, 20, "nginx",
                 process, run_dir / "nginx-error.log")
        yield Front(port, run_dir, process)
    except StackError as error:
        pytest.fail(str(error))
    finally:
        if process is not None:
            terminate(process, 10)
        shutil.rmtree(run_dir, ignore_errors=True)
