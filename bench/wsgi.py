"""The site as gunicorn serves it for a benchmark, plus a minimal endpoint to compare against.

``gunicorn 'bench.wsgi:app'`` (run from the checkout) serves the real app built by
``create_app()`` with one extra rule, ``/bench/minimal``, that returns a few bytes of text. It
goes through the same WSGI stack, extensions and request hooks as every other page but renders
nothing, so it is the floor an article page is measured against, on the same server in the same
run.
"""

from __future__ import annotations

import os

from flask import Flask, Response
from sqlalchemy import event

from bench import MINIMAL_PATH
from helpcenter import create_app
from helpcenter.extensions import db

# An experiment, not a setting of the site: ``BENCH_SQLITE_SYNCHRONOUS=NORMAL`` makes SQLite
# skip the fsync at each commit (WAL then syncs at checkpoints only), to see what the commits'
# fsync costs the POSTs (``bench/table.py --sqlite-synchronous NORMAL``).
SYNCHRONOUS = ("FULL", "NORMAL")


def minimal() -> Response:
    """Answer with a tiny plain-text body: the cost of a request that does no work."""
    return Response("ok\n", mimetype="text/plain")


def build_app() -> Flask:
    """Build the help centre with the benchmark's minimal endpoint added."""
    application = create_app()
    application.add_url_rule(MINIMAL_PATH, endpoint="bench_minimal", view_func=minimal)
    synchronous = os.environ.get("BENCH_SQLITE_SYNCHRONOUS", "").upper()
    if synchronous in SYNCHRONOUS:
        with application.app_context():
            if db.engine.dialect.name == "sqlite":
                event.listen(db.engine, "connect", lambda connection, _record: (
                    connection.execute(f"PRAGMA synchronous={synchronous}")))
    return application


app = build_app()
