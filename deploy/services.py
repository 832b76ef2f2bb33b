"""What the stack needs from the machine: Debian's packages, PostgreSQL, Redis, a database.

Only the standard library until a database is created (``make services`` runs before the
virtualenv exists).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from deploy.nginx import nginx_binary
from deploy.processes import StackError, wait_for

HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/helpcenter"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"


def is_root() -> bool:
    """Whether we may install packages and start system services."""
    return os.geteuid() == 0


def apt_install(*packages: str) -> None:
    """Install Debian packages (root only); services they bring are not started by apt here."""
    if not (is_root() and shutil.which("apt-get")):
        raise StackError(f"missing: {' '.join(packages)}. Install them: "
                         f"sudo apt-get install {' '.join(packages)}")
    print(f"Installing {' '.join(packages)} from Debian...", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=True,  # noqa: S607
                   stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages],  # noqa: S603, S607
                   env=env, check=True, stdout=subprocess.DEVNULL)


def ensure_packages(need_redis: bool) -> None:
    """nginx, and redis-server when Redis is local and not answering, installed."""
    missing = [] if nginx_binary() else ["nginx"]
    if need_redis and not shutil.which("redis-server"):
        missing.append("redis-server")
    if missing:
        apt_install(*missing)


def is_local(host: str | None) -> bool:
    """Whether ``host`` is this machine (we may start a server for it)."""
    return host in (None, "", "localhost", "127.0.0.1", "::1")


def port_answers(host: str, port: int, timeout: float = 1.0) -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=timeout):
        return True
    return False


def redis_answers(url: str, timeout: float = 1.0) -> bool:
    """Whether the Redis server of ``url`` answers PING (no client library needed)."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or HOST, parts.port or 6379),
                                      timeout=timeout) as sock:
            if parts.password:
                sock.sendall(f"AUTH {parts.password}\r\n".encode())
                sock.recv(64)
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def ensure_postgres(url: str) -> None:
    """Start the local PostgreSQL cluster when it is installed but not answering."""
    parts = urlsplit(url)
    host, port = parts.hostname or HOST, parts.port or 5432
    if not parts.scheme.startswith("postgres") or port_answers(host, port) or not is_local(host):
        return
    clusters = Path("/etc/postgresql")
    if not (is_root() and shutil.which("pg_ctlcluster") and clusters.is_dir()):
        raise StackError(f"PostgreSQL does not answer on {host}:{port}; start it, or set "
                         "HELPCENTER_DATABASE_URL")
    version = sorted(p.name for p in clusters.iterdir())[0]
    print(f"Starting the local PostgreSQL server ({version}/main)...", flush=True)
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main",  # noqa: S603, S607
                    "start"], check=True)
    wait_for(lambda: port_answers(host, port), 30, f"PostgreSQL on {host}:{port}")


def services(database_url: str, redis_url: str | None) -> None:
    """What the stack and the deploy tests need: nginx (and redis-server when no Redis
    answers at ``redis_url``) installed, a local PostgreSQL running."""
    need_redis = bool(redis_url) and is_local(urlsplit(redis_url).hostname) and not (
        redis_answers(redis_url))
    ensure_packages(need_redis)
    ensure_postgres(database_url)
    redis = "not used" if not redis_url else "answers" if not need_redis else (
        "installed, not running (make serve starts its own)")
    print(f"nginx: {nginx_binary()}; database: {urlsplit(database_url).scheme}; Redis: {redis}")


def ensure_database(url: str) -> None:
    """Create the database named in ``url`` when it does not exist (PostgreSQL only)."""
    import psycopg  # the app's driver, in the virtualenv
    from psycopg import sql

    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    name = parts.path.lstrip("/")
    server = parts._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (name,)).fetchone()
        if not exists:
            print(f"Creating the database {name}...", flush=True)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def redis_command(url: str, folder: Path) -> list[str]:
    """A Redis server of our own for ``url``: local, in memory only (rate limits are short)."""
    parts = urlsplit(url)
    folder.mkdir(parents=True, exist_ok=True)
    return [shutil.which("redis-server") or "redis-server", "--bind", parts.hostname or HOST,
            "--port", str(parts.port or 6379), "--save", "", "--appendonly", "no",
            "--dir", str(folder)]
