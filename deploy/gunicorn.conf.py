"""gunicorn settings for the help centre behind nginx.

    gunicorn -c deploy/gunicorn.conf.py

serves ``helpcenter:create_app()`` with sync workers (every request is short: pages come from
caches, forms are small). Each value can be changed by an environment variable, so one file
serves every machine; ``make serve`` starts two instances with it.

| variable | default | what |
|---|---|---|
| ``GUNICORN_BIND`` | ``127.0.0.1:8000`` | address to listen on (nginx forwards to it) |
| ``GUNICORN_WORKERS`` | 2 × cores + 1, at most ``GUNICORN_MAX_WORKERS`` (8) | processes |
| ``GUNICORN_TIMEOUT`` | ``30`` | seconds a request may take before its worker is replaced |
| ``GUNICORN_GRACEFUL_TIMEOUT`` | ``30`` | seconds workers get to finish on restart or stop |
| ``GUNICORN_MAX_REQUESTS`` | ``1000`` | each worker is replaced (gracefully) after this many |
| ``GUNICORN_LOG_LEVEL`` | ``info`` | level of gunicorn's and the app's log lines |
| ``FORWARDED_ALLOW_IPS`` | ``127.0.0.1`` | proxies whose ``X-Forwarded-Proto`` gunicorn believes |

The access log goes to standard output, everything else to standard error (a process manager
or ``make serve`` keeps them). Neither holds personal data: no client address, no query string,
and a secret link is logged without its secret (``/<lang>/case/[redacted]``,
``/<lang>/sign-in/[redacted]``, ``token=[redacted]``): the ``request`` filter on both handlers
cleans every line, tracebacks included (see helpcenter/requestlog.py). Every line names the
request id that nginx sent (``X-Request-ID``) or the app made.
"""

import os

wsgi_app = "helpcenter:create_app()"


def env_int(name: str, default: int) -> int:
    """An integer setting from the environment, ``default`` when unset or empty."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def default_workers() -> int:
    """2 × the cores this process may use + 1 (gunicorn's advice), capped for small machines."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(2 * (cores or 1) + 1, env_int("GUNICORN_MAX_WORKERS", 8)))


bind = os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"
workers = env_int("GUNICORN_WORKERS", default_workers())
worker_class = "sync"
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Restart each worker after a while (at a different moment per worker, thanks to the jitter),
# so a slow leak never grows; the master starts the new worker before the old one leaves.
# Not too often: a new worker starts with an empty page cache (and recomputes the report), so
# at 1,000 a busy site restarted workers several times a minute (bench/README.md).
max_requests = env_int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"
proc_name = "helpcenter"

loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
accesslog = "-"
# Time, request, status, bytes, duration and the request id: no address, no query string.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "helpcenter.requestlog.RequestIdLogFilter"}},
    "formatters": {
        "app": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(name)s "
                          "rid=%(request_id)s: %(message)s",
                "datefmt": "[%Y-%m-%d %H:%M:%S %z]"},
        "access": {"format": "%(message)s"},
    },
    "handlers": {
        "errors": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                   "formatter": "app", "filters": ["request"]},
        "access": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout",
                   "formatter": "access", "filters": ["request"]},
    },
    "root": {"level": loglevel.upper(), "handlers": ["errors"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["errors"],
                           "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
