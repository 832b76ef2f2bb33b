"""The production stack on one machine, without Docker: ``make serve`` and ``make serve-stop``.

``start`` runs, in this order: Debian's nginx and Redis installed when missing (``apt-get``, as
root), PostgreSQL started when it is installed but stopped, the database created when missing,
Redis started when nothing answers (a process of our own), the migrations, two gunicorn
instances (deploy/gunicorn.conf.py) on two ports, and nginx (deploy/nginx.conf, filled in) in
front of them. Each process it starts is recorded in ``RUN_DIR/pids/``; ``stop`` ends exactly
those, by pid, and leaves PostgreSQL and a Redis it found running alone.

``services`` does only the first part (install, start PostgreSQL): CI runs it so the deploy
tests find nginx. ``nginx-conf`` prints nginx.conf filled in for a server of your own (it
listens on ``--port`` on every address, its files in ``--run-dir``).

Only the standard library is used until the app's own settings are needed (``services`` works
before the virtualenv exists).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``deploy`` importable
    sys.path.insert(0, str(ROOT))

from deploy.nginx import NginxSettings, nginx_command, prepare_nginx, render_nginx_conf  # noqa: E402
from deploy.processes import (  # noqa: E402
    PidRecords,
    StackError,
    http_status,
    spawn,
    stop_recorded,
    wait_for,
)
from deploy.services import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    HOST,
    ensure_database,
    is_local,
    port_answers,
    redis_answers,
    redis_command,
    services,
)

GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
START_TIMEOUT_S = 60.0


def gunicorn_command() -> list[str]:
    """gunicorn with our settings file, from this Python's environment."""
    return [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF)]


def migrate(env: dict[str, str]) -> None:
    """``flask db upgrade``: the schema first, before any instance serves a request."""
    print("Running the migrations...", flush=True)
    done = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-m", "flask", "--app", "helpcenter", "db", "upgrade"], env=env,
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise StackError(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


APP_SETTINGS_CODE = """
import json
from helpcenter import create_app
app = create_app()
print(json.dumps({"max_body_size": app.config["MAX_CONTENT_LENGTH"],
                  "session_cookie": app.config["SESSION_COOKIE_NAME"],
                  "static_root": str(__import__("pathlib").Path(app.static_folder).parent)}))
"""


def app_settings(env: dict[str, str]) -> dict:
    """What nginx must agree on with the app, read from the app as configured by ``env``."""
    done = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-c", APP_SETTINGS_CODE], env=env, cwd=ROOT, capture_output=True,
        text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise StackError(f"the app did not start:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def stack_environment(run_dir: Path, port: int) -> dict[str, str]:
    """The app's settings for the stack: the caller's ``HELPCENTER_*`` win over these."""
    env = dict(os.environ)
    env.setdefault("HELPCENTER_DATABASE_URL", DEFAULT_DATABASE_URL)
    env.setdefault("HELPCENTER_RATELIMIT_STORAGE_URI", DEFAULT_REDIS_URL)
    env.setdefault("HELPCENTER_INSTANCE_PATH", str(run_dir / "instance"))
    env.setdefault("HELPCENTER_SITE_ORIGIN", f"http://{HOST}:{port}")
    for part in ("FOR", "PROTO", "HOST"):  # nginx is one proxy in front
        env.setdefault(f"HELPCENTER_PROXY_FIX_X_{part}", "1")
    if not env.get("HELPCENTER_SECRET_KEY"):
        env["HELPCENTER_SECRET_KEY"] = run_dir_secret(run_dir)
    if not env.get("GUNICORN_WORKERS"):  # two instances share the cores
        cores = len(os.sched_getaffinity(0))
        env["GUNICORN_WORKERS"] = str(max(2, (2 * cores + 1) // 2))
    return env


def run_dir_secret(run_dir: Path) -> str:
    """A secret key made once and kept (mode 600) in the run folder, the same for every instance."""
    key_file = run_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def start(run_dir: Path, port: int, instance_ports: list[int]) -> None:
    """Bring the whole stack up; on any failure, stop what this run started and raise."""
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o755)
    records = PidRecords(run_dir)
    if records.alive():
        raise StackError(f"already running (pids in {records.folder}): make serve-stop first")
    for number in [port, *instance_ports]:
        if port_answers(HOST, number):
            raise StackError(f"port {number} is in use: choose others (SERVE_PORT, "
                             "GUNICORN_PORTS)")
    env = stack_environment(run_dir, port)
    database_url, redis_url = env["HELPCENTER_DATABASE_URL"], env[
        "HELPCENTER_RATELIMIT_STORAGE_URI"]
    uses_redis = redis_url.startswith("redis")
    services(database_url, redis_url if uses_redis else None)
    processes: dict[int, subprocess.Popen] = {}
    try:
        if uses_redis and not redis_answers(redis_url):
            if not is_local(urlsplit(redis_url).hostname):
                raise StackError(f"Redis does not answer at {redis_url}")
            log = run_dir / "redis.log"
            process = spawn(redis_command(redis_url, run_dir / "redis"), env, log)
            records.add("redis", process)
            wait_for(lambda: redis_answers(redis_url), 15, "redis-server", process, log)
        ensure_database(database_url)
        migrate(env)
        settings = app_settings(env)
        for number in instance_ports:
            log = run_dir / f"gunicorn-{number}.log"
            process = spawn(gunicorn_command(), dict(env, GUNICORN_BIND=f"{HOST}:{number}"), log)
            records.add(f"gunicorn-{number}", process)
            processes[number] = process
        for number in instance_ports:
            wait_for(lambda n=number: http_status(f"http://{HOST}:{n}/readyz") == 200,
                     START_TIMEOUT_S, f"gunicorn on port {number}", processes[number],
                     run_dir / f"gunicorn-{number}.log")
        prepare_nginx(NginxSettings(
            listen=f"{HOST}:{port}", upstreams=[f"{HOST}:{n}" for n in instance_ports],
            run_dir=run_dir.resolve(), static_root=Path(settings["static_root"]),
            max_body_size=settings["max_body_size"], session_cookie=settings["session_cookie"]))
        log = run_dir / "nginx.log"
        process = spawn(nginx_command(run_dir.resolve()), env, log)
        records.add("nginx", process)
        wait_for(lambda: http_status(f"http://{HOST}:{port}/healthz") == 200, 30, "nginx",
                 process, log)
    except BaseException:
        stop_recorded(run_dir)
        raise
    print(f"\nThe help centre runs on http://{HOST}:{port}/ (nginx, cache and static files)")
    print(f"  gunicorn instances: {', '.join(f'http://{HOST}:{n}/' for n in instance_ports)}")
    print(f"  logs and pids: {run_dir}/ (gunicorn-*.log, nginx-access.log, nginx-error.log)")
    print("  stop it with: make serve-stop")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line: a subcommand and the run folder and ports."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("start", "stop", "services", "nginx-conf"))
    parser.add_argument("--run-dir", type=Path, default=ROOT / "instance" / "serve",
                        help="pids, logs, nginx.conf and its cache (default instance/serve)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument("--instances", default="8001,8002",
                        help="gunicorn ports, comma-separated (default 8001,8002)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; a ``StackError`` is printed without a traceback (exit status 1)."""
    args = parse_args(argv)
    instance_ports = [int(p) for p in args.instances.replace(" ", "").split(",") if p]
    run_dir = args.run_dir.resolve()
    try:
        if args.command == "start":
            start(run_dir, args.port, instance_ports)
        elif args.command == "stop":
            if not stop_recorded(run_dir):
                print(f"Nothing recorded in {run_dir}/pids is running.")
        elif args.command == "services":
            services(os.environ.get("HELPCENTER_DATABASE_URL") or DEFAULT_DATABASE_URL,
                     os.environ.get("HELPCENTER_RATELIMIT_STORAGE_URI") or DEFAULT_REDIS_URL)
        else:
            env = dict(os.environ, HELPCENTER_SECRET_KEY=secrets.token_hex(16))  # never used
            settings = app_settings(env)
            print(render_nginx_conf(NginxSettings(  # for a server: every address
                listen=str(args.port), upstreams=[f"{HOST}:{n}" for n in instance_ports],
                run_dir=run_dir, static_root=Path(settings["static_root"]),
                max_body_size=settings["max_body_size"],
                session_cookie=settings["session_cookie"])), end="")
    except StackError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())
