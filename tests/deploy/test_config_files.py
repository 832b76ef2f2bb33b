"""deploy/gunicorn.conf.py and deploy/nginx.conf say what the README promises."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
from pathlib import Path

import pytest

from deploy.nginx import NginxSettings, nginx_binary, render_nginx_conf
from deploy.processes import PidRecords, start_time

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def gunicorn_settings(monkeypatch, **env) -> dict:
    """The module-level values of gunicorn.conf.py under ``env``."""
    for name in ("GUNICORN_WORKERS", "GUNICORN_MAX_WORKERS", "FORWARDED_ALLOW_IPS",
                 "GUNICORN_BIND", "GUNICORN_MAX_REQUESTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_workers_follow_the_cores_unless_set(monkeypatch):
    cores = len(os.sched_getaffinity(0))
    assert gunicorn_settings(monkeypatch)["workers"] == min(2 * cores + 1, 8)
    assert gunicorn_settings(monkeypatch, GUNICORN_MAX_WORKERS="2")["workers"] == 2
    assert gunicorn_settings(monkeypatch, GUNICORN_WORKERS="7")["workers"] == 7


def test_gunicorn_restarts_gracefully_and_trusts_only_the_configured_proxy(monkeypatch):
    settings = gunicorn_settings(monkeypatch)
    assert settings["worker_class"] == "sync"
    assert settings["wsgi_app"] == "helpcenter:create_app()"
    assert settings["max_requests"] == 20000 and 0 < settings["max_requests_jitter"] < 20000
    assert settings["graceful_timeout"] >= settings["timeout"] > 0
    assert settings["forwarded_allow_ips"] == "127.0.0.1"
    assert settings["bind"] == "127.0.0.1:8000"
    moved = gunicorn_settings(monkeypatch, FORWARDED_ALLOW_IPS="10.0.0.5",
                              GUNICORN_BIND="127.0.0.1:9001")
    assert (moved["forwarded_allow_ips"], moved["bind"]) == ("10.0.0.5", "127.0.0.1:9001")


def test_the_access_log_has_the_request_id_and_no_personal_data(monkeypatch):
    settings = gunicorn_settings(monkeypatch)
    line = settings["access_log_format"]
    assert "%({x-request-id}o)s" in line
    for atom in ("%(h)s", "%(r)s", "%(q)s", "%(a)s", "%(f)s", "%(u)s", "}i)s"):
        assert atom not in line  # address, request line with query, agent, referer, headers
    handlers = settings["logconfig_dict"]["handlers"]
    assert all("request" in handler["filters"] for handler in handlers.values())


def settings_for_test(tmp_path) -> NginxSettings:
    """nginx settings with recognisable values."""
    return NginxSettings(listen="127.0.0.1:18080", upstreams=["127.0.0.1:18001",
                                                             "127.0.0.1:18002"],
                         run_dir=tmp_path, static_root=Path("/srv/helpcenter/helpcenter"),
                         max_body_size=16777216, session_cookie="__Host-session")


def test_the_nginx_template_is_filled_in_completely(tmp_path):
    conf = render_nginx_conf(settings_for_test(tmp_path))
    assert not re.search(r"@[A-Z_]+@", conf)
    assert "server 127.0.0.1:18001" in conf and "server 127.0.0.1:18002" in conf
    assert "client_max_body_size 16777216;" in conf
    assert r"__Host\-session=" in conf
    assert "root /srv/helpcenter/helpcenter;" in conf
    for directive in ("proxy_cache helpcenter;", "gzip on;", "X-Cache-Status",
                      "proxy_set_header X-Request-ID $request_id;", "# ssl_certificate ",
                      "proxy_cache_bypass $helpcenter_has_session",
                      "proxy_no_cache $helpcenter_has_session"):
        assert directive in conf


def test_the_filled_in_nginx_conf_passes_nginx_t(tmp_path):
    binary = nginx_binary()
    if not binary:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx)")
    tmp_path.chmod(0o755)
    for name in ("nginx-tmp", "nginx-cache"):
        (tmp_path / name).mkdir()
    (tmp_path / "nginx.conf").write_text(render_nginx_conf(settings_for_test(tmp_path)))
    checked = subprocess.run([binary, "-t", "-p", str(tmp_path), "-c",  # noqa: S603
                              str(tmp_path / "nginx.conf")], capture_output=True, text=True,
                             timeout=30, check=False)
    assert checked.returncode == 0, checked.stderr


def test_pid_records_never_name_a_process_that_is_not_the_one_started(tmp_path):
    records = PidRecords(tmp_path)
    sleeper = subprocess.Popen(["sleep", "30"])  # noqa: S603, S607
    try:
        records.add("gunicorn-1", sleeper)
        assert records.alive() == {"gunicorn-1": sleeper.pid}
        (records.folder / "gunicorn-1.pid").write_text(f"{sleeper.pid}\n1\n")  # another start
        assert records.alive() == {}
        assert start_time(sleeper.pid)
    finally:
        sleeper.kill()
        sleeper.wait()
