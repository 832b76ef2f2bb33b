"""deploy/nginx.conf filled in, checked and run: for ``make serve``, the tests and the bench."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from deploy.processes import StackError

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
NGINX_PATHS = ("/usr/sbin/nginx",)
MIME_TYPES = Path("/etc/nginx/mime.types")


@dataclass
class NginxSettings:
    """The values deploy/nginx.conf needs."""

    listen: str  # "8080" or "127.0.0.1:8080"
    upstreams: list[str]  # "127.0.0.1:8001", ...
    run_dir: Path
    static_root: Path  # the folder that holds ``static/``
    max_body_size: int  # bytes: the app's MAX_CONTENT_LENGTH
    session_cookie: str  # the app's SESSION_COOKIE_NAME
    server_name: str = "_"


def render_nginx_conf(settings: NginxSettings, template: Path = TEMPLATE) -> str:
    """deploy/nginx.conf with its ``@NAME@`` placeholders filled in."""
    user = "user www-data;" if os.geteuid() == 0 else "# user: the one that starts nginx"
    upstreams = "\n".join(f"        server {address} max_fails=1 fail_timeout=5s;"
                          for address in settings.upstreams)
    values = {
        "USER_DIRECTIVE": user,
        "RUN_DIR": str(settings.run_dir),
        "MIME_TYPES": str(MIME_TYPES),
        "LISTEN": settings.listen,
        "SERVER_NAME": settings.server_name,
        "UPSTREAM_SERVERS": upstreams,
        "STATIC_ROOT": str(settings.static_root),
        "MAX_BODY_SIZE": str(int(settings.max_body_size)),
        "SESSION_COOKIE_REGEX": re.escape(settings.session_cookie),
    }
    text = template.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    leftover = re.findall(r"@[A-Z_]+@", text)
    if leftover:
        raise StackError(f"{template}: no value for {', '.join(sorted(set(leftover)))}")
    return text


def nginx_binary() -> str | None:
    """The nginx executable (Debian puts it in /usr/sbin, often not on a user's PATH)."""
    found = shutil.which("nginx")
    if found:
        return found
    return next((path for path in NGINX_PATHS if os.access(path, os.X_OK)), None)


def prepare_nginx(settings: NginxSettings) -> Path:
    """Write the run folder's nginx.conf and the folders it names; check it with ``nginx -t``.

    The folders are world-readable: nginx's workers run as www-data when root starts it.
    """
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    settings.run_dir.chmod(0o755)
    for name in ("nginx-tmp", "nginx-cache"):
        (settings.run_dir / name).mkdir(exist_ok=True)
    conf = settings.run_dir / "nginx.conf"
    conf.write_text(render_nginx_conf(settings))
    binary = nginx_binary()
    if not binary:
        raise StackError("nginx is not installed: apt-get install nginx (or make services)")
    checked = subprocess.run(  # noqa: S603 - our own binary and file
        [binary, "-t", "-q", "-p", str(settings.run_dir), "-c", str(conf)],
        capture_output=True, text=True, timeout=30, check=False)
    if checked.returncode != 0:
        raise StackError(f"nginx -t failed for {conf}:\n{checked.stderr}")
    return conf


def nginx_command(run_dir: Path) -> list[str]:
    """nginx in the foreground (its master is our child) on the run folder's config."""
    return [nginx_binary() or "nginx", "-p", str(run_dir), "-c", str(run_dir / "nginx.conf"),
            "-g", "daemon off;"]
