"""CPU time per request of every row of the benchmark table, without a load generator.

Wall-clock figures (``make bench``) move with whatever else runs on a shared machine; the CPU
time the process spends on one request does not, much. This builds the app as ``bench/wsgi.py``
does (SQLite in a temporary folder, filled by ``bench/report.py``'s bulk insert, a staff
account, every rate limit raised), then sends each row's request ``--requests`` times through
Flask's test client and prints the process CPU time per request (``time.process_time``), the
floor's included so the difference is the page's own work. ``--profile ROW`` prints
cProfile's top functions for that row instead.

    .venv/bin/python bench/cpu.py [--requests 300] [--cases 10000 --open-cases 1000]
    .venv/bin/python bench/cpu.py --profile "search" --requests 200
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``bench`` and ``helpcenter`` importable
    sys.path.insert(0, str(ROOT))

from bench import MINIMAL_PATH  # noqa: E402
from bench.article_page import DEFAULT_ARTICLE, DEFAULT_CONTENT  # noqa: E402

RAISED_LIMIT = "1000000 per minute"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def environment(work: Path) -> None:
    """Point the app at a temporary instance folder with every rate limit raised."""
    from helpcenter.config import DefaultConfig

    for name in [k for k in os.environ if k.startswith("HELPCENTER_")]:
        del os.environ[name]
    os.environ.update(HELPCENTER_CONTENT_DIR=str(DEFAULT_CONTENT),
                      HELPCENTER_INSTANCE_PATH=str(work),
                      HELPCENTER_SECRET_KEY=secrets.token_hex(32),
                      HELPCENTER_MAIL_TRANSPORT="console")
    for name in dir(DefaultConfig):
        if name.endswith("_RATE_LIMIT"):
            os.environ[f"HELPCENTER_{name}"] = RAISED_LIMIT


def csrf_token(body: str) -> str:
    """The CSRF token of the form in ``body``."""
    found = CSRF.search(body)
    if found is None:
        raise RuntimeError("no CSRF token in the form")
    return found.group(1) or found.group(2)


def build(cases: int, open_cases: int, filled: bool = False):
    """The app with its database filled (unless ``filled``: already done); (app, year)."""
    import flask_migrate

    from bench.report import fill
    from bench.wsgi import build_app
    from helpcenter import clock
    from helpcenter.staff import service as staff

    app = build_app()
    year = dt.date.today().year - 1
    if filled:
        return app, year
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "helpcenter" / "migrations"))
        fill(cases, year, random.Random(1), open_cases=open_cases,  # noqa: S311
             now=clock.utcnow())
        staff.create_staff("bench-handler@example.com", "Bench Handler", "bench-password-1")
    return app, year


def rows(app, year: int, cases: int, open_cases: int) -> dict[str, Callable[[], int]]:
    """Every row of the table as a function that sends one request and returns its status."""
    article = DEFAULT_ARTICLE
    slug = article.rsplit("/", 1)[-1]
    returning = {}
    for lang in ("en", "nl"):
        client = app.test_client()
        client.post(f"/{lang}/saved", data={"slug": slug, "action": "save"},
                    headers=SAME_ORIGIN)
        returning[lang] = client
    staff = app.test_client()
    token = csrf_token(staff.get("/en/staff/login").text)
    login = staff.post("/en/staff/login", data={
        "email": "bench-handler@example.com", "password": "bench-password-1",
        "csrf_token": token}, headers=SAME_ORIGIN)
    assert login.status_code == 303, login.status_code
    partner = app.test_client()
    complaint_token = csrf_token(partner.get("/en/complaint").text)

    def get(path: str, client=None) -> Callable[[], int]:
        return lambda: (client or app.test_client()).get(path).status_code

    def not_modified(path: str) -> Callable[[], int]:
        etag = app.test_client().get(path).headers["ETag"]
        return lambda: app.test_client().get(path, headers={"If-None-Match": etag}).status_code

    def vote() -> int:
        return app.test_client().post(f"/en/feedback/{slug}", data={"answer": "yes"},
                                      headers=SAME_ORIGIN).status_code

    def complaint() -> int:
        return partner.post("/en/complaint", headers=SAME_ORIGIN, data={
            "requester_type": "partner", "name": "Bench Partner",
            "email": "partner@example.com", "phone": "", "property_id": "123456",
            "country": "NL", "topic": "ranking",
            "message": "Our property dropped in the ranking without any reason we can see.",
            "consent": "y", "website": "", "csrf_token": complaint_token,
            "idempotency_key": secrets.token_hex(16)}).status_code

    table = {"floor": get(MINIMAL_PATH), "home": get("/en/")}
    for lang in ("en", "nl"):
        table[f"article {lang} first"] = get(f"/{lang}/{article}")
        table[f"article {lang} returning"] = get(f"/{lang}/{article}", returning[lang])
    table |= {
        "api article en": get(f"/api/v1/articles/{slug}?lang=en"),
        "api article en 304": not_modified(f"/api/v1/articles/{slug}?lang=en"),
        "api search": get("/api/v1/search?q=commission+invoice&lang=en"),
        "search": get("/en/search?q=commission+invoice"),
        "suggest": get("/en/search/suggest?q=compl"),
        f"staff queue {open_cases}": get("/en/staff/", staff),
        f"report {year} {cases}": get(f"/en/complaint-handling-report/{year}"),
        "vote POST": vote,
        "complaint POST": complaint,
    }
    return table


def cpu_per_request(send: Callable[[], int], count: int) -> tuple[float, float, set[int]]:
    """Medians over 3 batches of process CPU and of wall milliseconds per request (one at a
    time: the wall time adds what the request waited for, e.g. fsyncs); the statuses seen."""
    statuses = {send() for _ in range(3)}  # warm: templates compiled, caches filled
    cpu, wall = [], []
    each = max(1, count // 3)
    for _ in range(3):
        began, began_wall = time.process_time(), time.perf_counter()
        for _ in range(each):
            statuses.add(send())
        cpu.append((time.process_time() - began) * 1000 / each)
        wall.append((time.perf_counter() - began_wall) * 1000 / each)
    return statistics.median(cpu), statistics.median(wall), statuses


def main(argv: list[str] | None = None) -> int:
    """Print CPU ms per request for each row, or a profile of one."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--open-cases", type=int, default=1_000)
    parser.add_argument("--only", help="rows whose name contains this")
    parser.add_argument("--profile", help="cProfile the first row whose name contains this")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--database", type=Path,
                        help="keep the filled SQLite database in this folder and reuse it "
                             "on the next run (filling 100,000 cases takes a while)")
    parser.add_argument("--limit", type=int, default=45)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="helpcenter-bench-cpu-") as work:
        folder = args.database or Path(work)
        folder.mkdir(parents=True, exist_ok=True)
        environment(folder)
        app, year = build(args.cases, args.open_cases,
                          filled=(folder / "helpcenter.sqlite3").exists())
        table = rows(app, year, args.cases, args.open_cases)
        if args.profile:
            name = next(n for n in table if args.profile in n)
            send = table[name]
            for _ in range(3):
                send()
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                send()
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.limit)
            print(f"profile of {name!r}, {args.requests} requests")
            print(out.getvalue())
            return 0
        print(f"{'row':<28}{'CPU ms/request':>15}{'minus floor':>13}{'wall ms':>9}  statuses")
        floor = None
        for name, send in table.items():
            if args.only and args.only not in name and name != "floor":
                continue
            ms, wall, statuses = cpu_per_request(send, args.requests)
            floor = ms if floor is None else floor
            extra = "" if name == "floor" else f"{ms - floor:.2f}"
            print(f"{name:<28}{ms:>15.2f}{extra:>13}{wall:>9.2f}  {sorted(statuses)}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
