"""The benchmark table (``make bench``): every kind of request against the floor, in one run.

Starts the site under gunicorn with the production settings (deploy/gunicorn.conf.py: its
sync workers, timeouts, worker recycling and access log) on SQLite in a temporary folder,
bulk-filled with cases (``bench/dataset.py``) and a staff account, then loads with 32
connections, in interleaved rounds, ``/bench/minimal`` (the floor: the same app answering
``ok``) and: the home page, an article in both languages for a first visit and a returning
visitor, search, suggest, the staff queue, the report's year page; then, in rounds of their
own (a filed case changes the report's data version), the floor again, a vote POST and a
complaint POST. It prints ONE table: requests per second, p50 and p99, each also as a ratio to
the floor of the same round (median over the rounds), the targets with OK or MISSED, the peak
memory per worker and the cold start with a generated corpus.

Exit status 0 whatever the figures (it is a measurement), 1 when something broke (the server
did not start, a page did not answer as it should before the load), 2 for bad arguments.

Usage::

    .venv/bin/python bench/table.py [--quick] [--rounds N] [--duration S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import platform
import re
import secrets
import sqlite3
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``bench`` and ``helpcenter`` importable
    sys.path.insert(0, str(ROOT))

from bench import MINIMAL_PATH  # noqa: E402
from bench.article_page import DEFAULT_ARTICLE, DEFAULT_CONTENT  # noqa: E402
from bench.harness import (  # noqa: E402
    GUNICORN_CONF,
    UNIQUE,
    Sample,
    Startup,
    Target,
    WorkerMemory,
    app_environment,
    gunicorn,
    make_load,
    measure,
    measure_startup,
    migrate,
    peak_memory_mib,
    per_round_ratios,
    production_workers,
    run_in_temporary_folder,
    send,
    session_cookie,
    settle,
    wrk_installed,
)
from deploy.services import DEFAULT_REDIS_URL, redis_answers  # noqa: E402

ARTICLE_RATIO_TARGET = 0.85
P99_TARGET_MS = 50.0
VOTE_RPS_TARGET = 700.0
COMPLAINT_RPS_TARGET = 250.0
STARTUP_TARGET_S = 2.0
RAISED_LIMIT = "1000000 per minute"  # every *_RATE_LIMIT setting, so no POST meets a 429
POST_OK = (200, 399)  # a form POST answers 303; anything else but 2xx/3xx is an error

FULL = {"rounds": 5, "duration": 3, "cases": 100_000, "open_cases": 10_000,
        "startup_pairs": 2000, "startup_runs": 3}
QUICK = {"rounds": 2, "duration": 1, "cases": 10_000, "open_cases": 1_000,
         "startup_pairs": 500, "startup_runs": 1}


@dataclass(frozen=True)
class Row:
    """A line of the table: what was loaded, the phase it ran in, and its target."""

    target: Target
    phase: str  # "read" or "write": which floor it is compared with
    kind: str  # "floor", "article", "page", "vote", "complaint"


# ---------------------------------------------------------------------------------------------
# Setting up


def bench_environment(work: Path) -> tuple[dict[str, str], str]:
    """The server's environment and a word on where rate limits are counted.

    Every ``*_RATE_LIMIT`` setting is raised (a load from one address would meet a 429 at
    once); limits are still checked and counted, in Redis when one answers at the address
    ``make serve`` uses (under a key prefix of this run), else in each worker's memory.
    """
    from helpcenter.config import DefaultConfig  # the settings that exist, without the app

    env = app_environment(work / "instance", DEFAULT_CONTENT)
    for name in dir(DefaultConfig):
        if name.endswith("_RATE_LIMIT"):
            env[f"HELPCENTER_{name}"] = RAISED_LIMIT
    if redis_answers(DEFAULT_REDIS_URL):
        env["HELPCENTER_RATELIMIT_STORAGE_URI"] = DEFAULT_REDIS_URL
        env["HELPCENTER_RATELIMIT_KEY_PREFIX"] = f"helpcenter-bench-{secrets.token_hex(4)}"
        return env, f"Redis ({DEFAULT_REDIS_URL})"
    return env, "memory (no Redis answered)"


def fill_database(env: dict[str, str], cases: int, open_cases: int, year: int,
                  staff_email: str, staff_password: str) -> str:
    """Run ``bench/dataset.py`` in the server's environment; return what it printed."""
    done = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-m", "bench.dataset", "--cases", str(cases), "--open",
         str(open_cases), "--year", str(year), "--staff-email", staff_email],
        input=staff_password + "\n", env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=900, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"filling the database failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
VALUE = re.compile(r'value="([^"]+)"')


def form_session(port: int, path: str, cookie: str = "") -> tuple[str, str]:
    """(cookie, CSRF token) after a GET of the form at ``path``, as a browser has them."""
    response = send(port, path, headers={"Cookie": cookie} if cookie else None)
    tag = CSRF_INPUT.search(response.body)
    token = VALUE.search(tag.group(0)) if tag else None
    if response.status != 200 or token is None:
        raise RuntimeError(f"{path} answered {response.status} without a CSRF token")
    return response.cookie(cookie), token.group(1)


def staff_login(port: int, email: str, password: str) -> str:
    """The cookie of a logged-in staff session (through the login form)."""
    cookie, token = form_session(port, "/en/staff/login")
    body = urlencode({"email": email, "password": password, "csrf_token": token})
    response = send(port, "/en/staff/login", "POST", body, {"Cookie": cookie})
    if response.status != 303:
        raise RuntimeError(f"staff login answered {response.status}")
    return response.cookie(cookie)


def complaint_target(port: int) -> Target:
    """A complaint POST: the session and token of one form page, a new idempotency key each."""
    cookie, token = form_session(port, "/en/complaint")
    body = urlencode({
        "requester_type": "partner", "name": "Bench Partner", "email": "partner@example.com",
        "phone": "", "property_id": "123456", "country": "NL", "topic": "ranking",
        "message": "Our property dropped in the ranking without any reason we can see.",
        "consent": "y", "website": "", "csrf_token": token, "idempotency_key": "KEY",
    }).replace("KEY", UNIQUE)
    return Target("complaint POST", "/en/complaint", "POST", body,
                  (("Cookie", cookie), ("Sec-Fetch-Site", "same-origin")), ok=POST_OK)


def make_rows(port: int, staff_cookie: str, year: int, cases: int, open_cases: int,
              ) -> list[Row]:
    """Every line of the table, the floor first in each phase."""
    article = DEFAULT_ARTICLE
    returning = {lang: session_cookie(port, f"/{lang}/{article}") for lang in ("en", "nl")}
    slug = article.rsplit("/", 1)[-1]
    floor = Target("floor " + MINIMAL_PATH, MINIMAL_PATH)
    rows = [Row(floor, "read", "floor"), Row(Target("home /en/", "/en/"), "read", "page")]
    for visitor in ("first", "returning"):
        for lang in ("en", "nl"):
            headers = (("Cookie", returning[lang]),) if visitor == "returning" else ()
            rows.append(Row(Target(f"article {lang}, {visitor} visit", f"/{lang}/{article}",
                                   headers=headers), "read", "article"))
    rows += [
        Row(Target("search /en/search?q=", "/en/search?q=commission+invoice"), "read", "page"),
        Row(Target("suggest /en/search/suggest", "/en/search/suggest?q=compl"), "read", "page"),
        Row(Target(f"staff queue, {open_cases:,} open", "/en/staff/",
                   headers=(("Cookie", staff_cookie),)), "read", "page"),
        Row(Target(f"report {year}, {cases:,} cases", f"/en/complaint-handling-report/{year}"),
            "read", "page"),
        Row(Target("floor (write rounds)", MINIMAL_PATH), "write", "floor"),
        Row(Target("vote POST, new visitor", f"/en/feedback/{slug}", "POST", "answer=yes",
                   (("Sec-Fetch-Site", "same-origin"),), ok=POST_OK), "write", "vote"),
        Row(complaint_target(port), "write", "complaint"),
    ]
    return rows


def check_rows(port: int, rows: list[Row]) -> None:
    """One request of each: a page must answer 200, a POST 303; raise otherwise."""
    for row in rows:
        target = row.target
        body = target.body.replace(UNIQUE, secrets.token_hex(16))
        response = send(port, target.path, target.method, body, dict(target.headers))
        expected = 303 if target.method == "POST" else 200
        if response.status != expected:
            raise RuntimeError(f"{target.label}: {target.method} {target.path} answered "
                               f"{response.status}, not {expected}")


def stored_rows(instance: Path) -> dict[str, int]:
    """How many votes and cases the database holds (read after the server stopped)."""
    with sqlite3.connect(instance / "helpcenter.sqlite3") as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in ("article_votes", "cases")}


# ---------------------------------------------------------------------------------------------
# The table


@dataclass
class Line:
    """One row's figures: medians over the rounds, ratios to the floor of the same round."""

    label: str
    rps: float
    p50: float
    p99: float
    errors: int
    rps_ratio: float | None
    p50_ratio: float | None
    p99_ratio: float | None
    target: str
    met: bool | None


def summarise(row: Row, samples: list[Sample], floor: list[Sample]) -> Line:
    """The table's figures for ``row`` and whether it meets its target."""
    rps = statistics.median(s.rps for s in samples)
    p50 = statistics.median(s.p50_ms for s in samples)
    p99 = statistics.median(s.p99_ms for s in samples)
    errors = sum(s.failures for s in samples)
    if row.kind == "floor":
        return Line(row.target.label, rps, p50, p99, errors, None, None, None, "", None)
    ratios = [median_or_none(per_round_ratios(samples, floor, figure)) for figure in
              (lambda s: s.rps, lambda s: s.p50_ms, lambda s: s.p99_ms)]
    fast = p99 < P99_TARGET_MS
    target, met = f"p99 < {P99_TARGET_MS:.0f} ms", fast
    if row.kind == "article":
        target = f">= {ARTICLE_RATIO_TARGET:.2f}x floor, {target}"
        met = fast and (ratios[0] or 0.0) >= ARTICLE_RATIO_TARGET
    elif row.kind in ("vote", "complaint"):
        goal = VOTE_RPS_TARGET if row.kind == "vote" else COMPLAINT_RPS_TARGET
        target = f">= {goal:.0f}/s, 0 errors, {target}"
        met = fast and rps >= goal
    answered = all(sample.requests for sample in samples)
    return Line(row.target.label, rps, p50, p99, errors, *ratios, target,
                met and answered and not errors)


def median_or_none(values: list[float]) -> float | None:
    """The median, or None when no round had a floor to compare with."""
    return statistics.median(values) if values else None


def verdict(met: bool) -> str:
    """How a target check reads in the table."""
    return "OK" if met else "MISSED"


def ratio(value: float | None) -> str:
    """A ratio cell: ``0.93x``, or ``-`` (the floor itself, or no floor measured)."""
    return "-" if value is None else f"{value:.2f}x"


def table_lines(lines: list[Line], memory: WorkerMemory, master_mib: float,
                startup: Startup | None, pairs: int) -> list[str]:
    """The table as text lines, ready to print or paste into the README."""
    out = [f"{'endpoint (32 connections)':<34}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}"
           f"{'errors':>7}{'req/s':>9}{'p50':>8}{'p99':>8}   target",
           f"{'':<34}{'':>8}{'':>8}{'':>8}{'':>7}{'÷ floor':>9}{'÷ floor':>8}{'÷ floor':>8}"]
    for line in lines:
        check = "" if line.met is None else f"{verdict(line.met):<7}{line.target}"
        out.append(f"{line.label:<34}{line.rps:>8.0f}{line.p50:>8.1f}{line.p99:>8.1f}"
                   f"{line.errors:>7}{ratio(line.rps_ratio):>9}{ratio(line.p50_ratio):>8}"
                   f"{ratio(line.p99_ratio):>8}   {check}".rstrip())
    peaks = sorted(memory.peaks.values())
    if peaks:
        out.append(f"peak memory per worker (VmHWM, {len(peaks)} workers seen): max "
                   f"{peaks[-1]:.0f} MiB, median {statistics.median(peaks):.0f} MiB "
                   f"(master {master_mib:.0f} MiB)")
    if startup is not None:
        median = statistics.median(startup.seconds)
        out.append(f"cold start, {pairs:,} article pairs: {median:.2f} s (median of "
                   f"{len(startup.seconds)}, {min(startup.seconds):.2f}-"
                   f"{max(startup.seconds):.2f} s; peak {startup.peak_mib:.0f} MiB)   "
                   f"{verdict(median < STARTUP_TARGET_S)} < {STARTUP_TARGET_S:.0f} s")
    return out


# ---------------------------------------------------------------------------------------------
# Running


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; ``--quick`` changes the defaults of the others."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="a try in about a minute: 2 rounds x 1 s, 10,000 cases (1,000 "
                             "open), start-up with 500 pairs once")
    parser.add_argument("--rounds", type=int, help="rounds (full 5, quick 2; max 30)")
    parser.add_argument("--duration", type=int,
                        help="whole seconds per endpoint per round (full 3, quick 1; max 60)")
    parser.add_argument("--cases", type=int, help="cases in the database (full 100,000)")
    parser.add_argument("--open-cases", type=int,
                        help="of which open, in the staff queue (full 10,000)")
    parser.add_argument("--startup-pairs", type=int,
                        help="article pairs for the cold start (full 2,000)")
    parser.add_argument("--startup-runs", type=int, help="cold starts (full 3; 0 skips)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: what "
                        "deploy/gunicorn.conf.py gives here, GUNICORN_WORKERS included)")
    parser.add_argument("--concurrency", type=int, default=32,
                        help="connections (default 32)")
    parser.add_argument("--sqlite-synchronous", choices=("FULL", "NORMAL"),
                        help="an experiment: SQLite's synchronous pragma for the server "
                             "(default: the site's own, FULL; NORMAL skips the fsync per commit)")
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator: wrk when installed (auto), or pure Python")
    args = parser.parse_args(argv)
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    limits = {"rounds": (1, 30), "duration": (1, 60), "cases": (1, 2_000_000),
              "open_cases": (0, 2_000_000), "startup_pairs": (1, 20_000),
              "startup_runs": (0, 20), "concurrency": (1, 256)}
    for name, (low, high) in limits.items():
        if not low <= getattr(args, name) <= high:
            parser.error(f"--{name.replace('_', '-')} must be between {low} and {high}")
    if args.open_cases > args.cases:
        parser.error("--open-cases must not exceed --cases")
    if args.workers is not None and not 1 <= args.workers <= 32:
        parser.error("--workers must be between 1 and 32")
    if args.tool == "wrk" and not wrk_installed():
        parser.error("--tool wrk: wrk is not installed (apt-get install wrk)")
    if importlib.util.find_spec("gunicorn") is None:
        parser.error(f"gunicorn is not installed in {sys.prefix}: run `make setup`")
    return args


def booted_workers(log: Path) -> int:
    """How many workers gunicorn started, from its log."""
    return log.read_text(errors="replace").count("Booting worker")


def warm_up(load, port: int, rows: list[Row]) -> dict[str, Sample]:
    """A second of each: every worker imports, loads and fills its caches."""
    warmed = {}
    for row in rows:
        warmed[row.target.label] = load.run(port, row.target, 1)
        settle(port)
    return warmed


def successes(samples: list[Sample]) -> int:
    """Requests answered with a status the target counts as success."""
    return sum(sample.requests - sample.failures for sample in samples)


def run(args: argparse.Namespace, work: Path) -> int:
    """Set up, serve, load, print the table; return the exit status."""
    started = dt.datetime.now(dt.UTC)
    year = started.year - 1
    env, limits = bench_environment(work)
    if args.sqlite_synchronous:
        env["BENCH_SQLITE_SYNCHRONOUS"] = args.sqlite_synchronous
        limits += f"; EXPERIMENT: PRAGMA synchronous={args.sqlite_synchronous}"
    workers = args.workers or production_workers(env)
    load = make_load(args.tool, args.concurrency, work)
    print(f"helpcenter benchmark{' (quick)' if args.quick else ''}: "
          f"{started:%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"  server  gunicorn -c {GUNICORN_CONF.relative_to(ROOT)} ({workers} sync workers), "
          f"bench.wsgi:app on SQLite; rate limits raised, counted in {limits}")
    print(f"  load    {load.name}, {args.concurrency} connections; {args.rounds} rounds x "
          f"{args.duration} s per endpoint, interleaved; figures are medians over the rounds")
    migrate(env)
    staff_email, staff_password = "bench-handler@example.com", secrets.token_urlsafe(18)
    print("  data    " + fill_database(env, args.cases, args.open_cases, year, staff_email,
                                       staff_password), flush=True)
    with gunicorn(env, workers, work / "gunicorn.log", production=True) as (port, master):
        memory = WorkerMemory(master)
        rows = make_rows(port, staff_login(port, staff_email, staff_password), year,
                         args.cases, args.open_cases)
        check_rows(port, rows)
        results: dict[str, list[Sample]] = {}
        acknowledged = {row.kind: 1 for row in rows if row.target.method == "POST"}  # checks
        for phase in ("read", "write"):
            phase_rows = [row for row in rows if row.phase == phase]
            print(f"\n{phase} rounds", flush=True)
            warmed = warm_up(load, port, phase_rows)
            results |= measure(load, port, [row.target for row in phase_rows], args.rounds,
                               args.duration, after_each=memory.sample)
            for row in phase_rows:
                if row.kind in acknowledged:
                    acknowledged[row.kind] += successes(
                        [warmed[row.target.label], *results[row.target.label]])
        master_mib = peak_memory_mib(master)
    floors = {row.phase: results[row.target.label] for row in rows if row.kind == "floor"}
    lines = [summarise(row, results[row.target.label], floors[row.phase]) for row in rows]
    stored = stored_rows(work / "instance")
    stored["cases"] -= args.cases
    startup = None
    if args.startup_runs:
        print(f"\ncold start with {args.startup_pairs:,} article pairs...", flush=True)
        startup = measure_startup(env, work, args.startup_pairs, args.startup_runs)
    print()
    for text in table_lines(lines, memory, master_mib, startup, args.startup_pairs):
        print(text)
    lost = False
    for kind, table in (("vote", "article_votes"), ("complaint", "cases")):
        missing = stored[table] < acknowledged[kind]
        lost |= missing
        print(f"{kind} POSTs answered with success: {acknowledged[kind]:,}, stored: "
              f"{stored[table]:,} ({'SOME LOST' if missing else 'none lost'}; a few more are "
              "stored when requests were in flight as a segment ended)")
    print(f"workers started during the run (gunicorn replaces each after max_requests): "
          f"{booted_workers(work / 'gunicorn.log') - workers}")
    broken = lost or (startup is not None and set(startup.statuses) != {200})
    return 1 if broken else 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark in a temporary folder that is removed afterwards."""
    return run_in_temporary_folder(run, parse_args(argv), "helpcenter-bench-table-")


if __name__ == "__main__":
    sys.exit(main())
