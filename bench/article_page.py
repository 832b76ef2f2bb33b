"""Benchmark an article page against a minimal endpoint of the same app under gunicorn.

Starts the site under gunicorn (sync workers) on 127.0.0.1, then loads, in
several interleaved rounds of a fixed duration each, ``/bench/minimal`` (a tiny response from
the same app: the floor) and one article page in English and in Dutch. It prints the medians
over the rounds of requests per second and of the median and 95th-percentile latency, the ratio
article/minimal (computed per round, then the median), each worker's peak memory (VmHWM) after
the load, and the start-up time of the app with a generated corpus of 1,000 article pairs.

Targets: article page at 85% or more of the minimal endpoint, for a first visit (no cookie,
the public page) and for a returning visitor (a session cookie, the private page), with the
99th-percentile latency under 50 ms; start-up under 2 s.

The exit status is 0 whatever the figures are; it is 1 when something broke (a response other
than 200, a server that did not start) and 2 for bad arguments.

Usage::

    .venv/bin/python bench/article_page.py [--content DIR] [--duration S] [--rounds N]
"""

from __future__ import annotations

import argparse
import contextlib
import html
import http.client
import importlib.util
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``bench`` and ``helpcenter`` importable
    sys.path.insert(0, str(ROOT))

from bench import MINIMAL_PATH  # noqa: E402
from bench.corpus import generate  # noqa: E402

HOST = "127.0.0.1"
VISITORS = {"both": ("first", "returning"), "first": ("first",), "returning": ("returning",)}
DEFAULT_CONTENT = ROOT / "content"
DEFAULT_ARTICLE = "complaints/submit-a-complaint"
RATIO_TARGET = 0.85
P99_TARGET_MS = 50.0
STARTUP_TARGET_S = 2.0
STARTUP_PAIRS = 1000
SERVER_START_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 10.0


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class Sample:
    """One load segment against one URL: counts and latency percentiles."""

    requests: int
    failures: int  # responses other than 200, plus socket errors and timeouts
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Target:
    """A URL path to load, with the label it gets in the table."""

    label: str
    path: str


# ---------------------------------------------------------------------------------------------
# Load generators


class PythonLoad:
    """A load generator in pure Python: ``concurrency`` threads, one connection per request.

    Used when ``wrk`` is not installed. It sends a raw ``GET`` with ``Connection: close`` and
    reads until the server closes, so it costs little CPU next to the server.
    """

    name = "python"

    def __init__(self, concurrency: int, max_requests: int) -> None:
        self.concurrency = concurrency
        self.max_requests = max_requests
        self.headers: dict[str, str] = {}

    def run(self, port: int, path: str, duration: int) -> Sample:
        """Load ``path`` for ``duration`` seconds (or ``max_requests`` requests) and measure."""
        extra = "".join(f"{name}: {value}\r\n" for name, value in self.headers.items())
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: bench\r\n"
            f"{extra}Connection: close\r\n\r\n"
        ).encode()
        latencies: list[float] = []
        failures = [0]
        lock = threading.Lock()
        deadline = time.perf_counter() + duration
        cap = -(-self.max_requests // self.concurrency)  # per thread, rounded up

        def worker() -> None:
            mine: list[float] = []
            bad = 0
            while time.perf_counter() < deadline and len(mine) < cap:
                status, elapsed = one_request(port, request)
                mine.append(elapsed)
                bad += status != 200
            with lock:
                latencies.extend(mine)
                failures[0] += bad

        start = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(self.concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - start
        return Sample(len(latencies), failures[0], seconds, *percentiles_ms(latencies))


def one_request(port: int, request: bytes) -> tuple[int, float]:
    """Send ``request`` on a new connection; return (status, seconds). Status 0: socket error."""
    start = time.perf_counter()
    chunks = []
    try:
        with socket.create_connection((HOST, port), timeout=REQUEST_TIMEOUT_S) as sock:
            sock.sendall(request)
            while data := sock.recv(65536):
                chunks.append(data)
    except OSError:
        return 0, time.perf_counter() - start
    elapsed = time.perf_counter() - start
    response = b"".join(chunks)
    match = re.match(rb"HTTP/1\.[01] (\d{3})", response)
    return (int(match.group(1)) if match else 0), elapsed


def percentiles_ms(latencies: list[float]) -> tuple[float, float, float]:
    """Median, 95th and 99th percentile of ``latencies`` (seconds), in milliseconds."""
    if not latencies:
        return 0.0, 0.0, 0.0
    if len(latencies) == 1:
        return (latencies[0] * 1000,) * 3
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return statistics.median(latencies) * 1000, cuts[94] * 1000, cuts[98] * 1000


WRK_SCRIPT = """
-- Counts responses other than 200 in every thread; prints one machine-readable line at the end.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("bad") end
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    bad + e.connect + e.read + e.write + e.timeout))
end
"""


class WrkLoad:
    """Load with ``wrk`` (``concurrency`` connections), keep-alive unless ``close`` is set.

    gunicorn's sync workers answer every request with ``Connection: close`` anyway, so wrk
    reconnects after each response, as a proxy in front of them does.
    """

    name = "wrk"

    def __init__(self, concurrency: int, script: Path, close: bool = False) -> None:
        self.concurrency = concurrency
        self.close = close
        self.threads = min(2, concurrency)
        script.write_text(WRK_SCRIPT)
        self.script = script
        self.headers: dict[str, str] = {}

    def run(self, port: int, path: str, duration: int) -> Sample:
        """Load ``path`` for ``duration`` seconds and measure; wrk's own clock counts."""
        command = [
            "wrk", f"-t{self.threads}", f"-c{self.concurrency}", f"-d{duration}s",
            f"--timeout={int(REQUEST_TIMEOUT_S)}s",
            *(("-H", "Connection: close") if self.close else ()),
            *(arg for name, value in self.headers.items() for arg in ("-H", f"{name}: {value}")),
            "-s", str(self.script), f"http://{HOST}:{port}{path}",
        ]
        done = subprocess.run(  # noqa: S603 - fixed command, local URL
            command, capture_output=True, text=True, timeout=duration + 30, check=False
        )
        match = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", done.stdout,
                          re.MULTILINE)
        if done.returncode != 0 or not match:
            raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
        requests, micros, p50, p95, p99, failures = (int(g) for g in match.groups())
        return Sample(requests, failures, micros / 1e6, p50 / 1000, p95 / 1000, p99 / 1000)


# ---------------------------------------------------------------------------------------------
# The server


def app_environment(instance: Path, content: Path) -> dict[str, str]:
    """The process environment for the app: our content, a temporary instance folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPCENTER_")}
    env.update(
        HELPCENTER_CONTENT_DIR=str(content),
        HELPCENTER_INSTANCE_PATH=str(instance),
        HELPCENTER_SECRET_KEY=secrets.token_hex(32),
    )
    return env


def migrate(env: dict[str, str]) -> None:
    """Bring the instance folder's SQLite database up to date, as before any deployment."""
    command = [sys.executable, "-m", "flask", "--app", "helpcenter", "db", "upgrade"]
    done = subprocess.run(  # noqa: S603 - fixed command
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path) -> Iterator[tuple[int, int]]:
    """Run gunicorn on a free 127.0.0.1 port; yield (port, master pid); stop it afterwards.

    The listening socket is made here and handed over as ``fd://`` so no other process can take
    the port between choosing and binding it.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((HOST, 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync",
        "--keep-alive", "0", "--bind", f"fd://{listener.fileno()}", "--chdir", str(ROOT),
        "--log-level", "warning", "--timeout", "60", "bench.wsgi:app",
    ]
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed command
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
        )
    listener.close()
    try:
        wait_until_ready(process, port, workers, log)
        yield port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_ready(process: subprocess.Popen, port: int, workers: int, log: Path) -> None:
    """Wait until every worker is up and the minimal endpoint answers 200."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        if len(children(process.pid)) >= workers:
            with contextlib.suppress(OSError):
                if fetch(port, MINIMAL_PATH)[0] == 200:
                    return
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer within {SERVER_START_TIMEOUT_S} s:\n"
                       f"{log.read_text()}")


def fetch(port: int, path: str) -> tuple[int, str]:
    """GET ``path`` from the server; return (status, body as text)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def session_cookie(port: int, path: str) -> str:
    """The ``name=value`` of the session cookie that saving the article at ``path`` sets.

    Page views set no cookie; a visitor who saved or voted has one, and gets the private page.
    """
    lang, slug = path.strip("/").split("/")[0], path.rstrip("/").rsplit("/", 1)[-1]
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request("POST", f"/{lang}/saved", body=f"slug={slug}&action=save",
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Sec-Fetch-Site": "same-origin"})
        response = connection.getresponse()
        response.read()
        cookie = response.getheader("Set-Cookie") or ""
    finally:
        connection.close()
    if not cookie:
        raise RuntimeError(f"saving {path} set no session cookie")
    return cookie.split(";", 1)[0]


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (gunicorn's workers), from ``/proc``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if proc_status(int(entry.name)).get("PPid") == str(pid):
                found.append(int(entry.name))
    return sorted(found)


def proc_status(pid: int) -> dict[str, str]:
    """The fields of ``/proc/<pid>/status`` as text (``VmHWM`` → ``"61234 kB"``)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def peak_memory_mib(pid: int) -> float:
    """The peak resident set size (``VmHWM``) of process ``pid`` in MiB."""
    return int(proc_status(pid)["VmHWM"].split()[0]) / 1024


# ---------------------------------------------------------------------------------------------
# Content


def article_files(content: Path) -> list[Path]:
    """The article files (not ``_index``) under ``content``."""
    return sorted(p for p in content.glob("*/*.md") if not p.name.startswith("_index."))


def choose_article(content: Path, wanted: str | None) -> str:
    """``section/slug`` to measure: ``wanted``, the default one, or the first pair found."""
    if wanted:
        return wanted.strip("/")
    if all((content / f"{DEFAULT_ARTICLE}.{lang}.md").exists() for lang in ("en", "nl")):
        return DEFAULT_ARTICLE
    for path in article_files(content):
        slug = path.name.split(".")[0]
        if all((path.parent / f"{slug}.{lang}.md").exists() for lang in ("en", "nl")):
            return f"{path.parent.name}/{slug}"
    raise RuntimeError(f"no article with both an .en.md and an .nl.md file in {content}")


def front_matter_title(path: Path) -> str | None:
    """The ``title`` in a content file's front matter (simple parse, enough for a check)."""
    if not path.exists():
        return None
    match = re.search(r'^title:\s*["\']?(.*?)["\']?\s*$', path.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else None


# ---------------------------------------------------------------------------------------------
# Measurements


def measure(load: PythonLoad | WrkLoad, port: int, targets: list[Target], rounds: int,
            duration: int) -> dict[str, list[Sample]]:
    """Load each target for ``duration`` s in every round, rotating the order between rounds."""
    results: dict[str, list[Sample]] = {t.label: [] for t in targets}
    for number in range(rounds):
        shift = number % len(targets)
        for target in targets[shift:] + targets[:shift]:
            results[target.label].append(load.run(port, target.path, duration))
        line = ", ".join(f"{t.label} {results[t.label][-1].rps:.0f}/s" for t in targets)
        print(f"  round {number + 1}/{rounds}: {line}", flush=True)
    return results


STARTUP_CODE = """
import sys
from helpcenter import create_app
status = create_app().test_client().get(sys.argv[1]).status_code
print(status, flush=True)
with open("/proc/self/status") as f:
    print(next(l.split()[1] for l in f if l.startswith("VmHWM:")), flush=True)
"""


@dataclass
class Startup:
    """Start-up runs against a generated corpus: wall times, statuses, peak memory."""

    path: str
    seconds: list[float]
    statuses: list[int]
    peak_mib: float
    generate_seconds: float


def measure_startup(env: dict[str, str], work: Path, pairs: int, runs: int,
                    home: bool) -> Startup:
    """Time ``python -c`` from spawn until its first page of a generated corpus answers.

    The corpus (``pairs`` article pairs) is written to ``work`` first; that is not timed.
    """
    started = time.perf_counter()
    corpus = generate(work / "corpus", pairs=pairs)
    generate_seconds = time.perf_counter() - started
    path = "/en/" if home else corpus.sample().path("en")
    env = dict(env, HELPCENTER_CONTENT_DIR=str(corpus.root))
    seconds, statuses, peak = [], [], 0.0
    for _ in range(runs):
        status, elapsed, peak_mib = startup_run(env, path, work / "startup.err")
        seconds.append(elapsed)
        statuses.append(status)
        peak = max(peak, peak_mib)
    return Startup(path, seconds, statuses, peak, generate_seconds)


def startup_run(env: dict[str, str], path: str, errors: Path) -> tuple[int, float, float]:
    """One start-up: (status of ``path``, seconds from spawn until it answered, peak MiB)."""
    with errors.open("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 - fixed command
            [sys.executable, "-c", STARTUP_CODE, path], env=env, cwd=ROOT,
            stdout=subprocess.PIPE, stderr=err, text=True,
        )
        assert process.stdout is not None  # stdout is a pipe
        first = process.stdout.readline()
        elapsed = time.perf_counter() - start
        rest = process.stdout.read()
        process.wait(timeout=120)
        err.seek(0)
        if not (first.strip().isdigit() and rest.strip().isdigit()):
            raise RuntimeError(f"start-up run failed:\n{first}{rest}{err.read()}")
    return int(first), elapsed, int(rest) / 1024


# ---------------------------------------------------------------------------------------------
# The report


def verdict(met: bool) -> str:
    """How a target check reads in the table."""
    return "met" if met else "NOT met"


def print_table(results: dict[str, list[Sample]], targets: list[Target]) -> dict[str, float]:
    """Print req/s, latencies and the ratio to the floor; return the median ratio per article."""
    floor = results[targets[0].label]
    width = max(len(t.path) for t in targets) + 2
    print(f"\n{'endpoint':<{width}}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"   {'page/minimal (min-max)':<27}target >= {RATIO_TARGET:.0%}, "
          f"p99 < {P99_TARGET_MS:.0f} ms")
    ratios = {}
    for target in targets:
        samples = results[target.label]
        rps = statistics.median(s.rps for s in samples)
        p50 = statistics.median(s.p50_ms for s in samples)
        p95 = statistics.median(s.p95_ms for s in samples)
        p99 = statistics.median(s.p99_ms for s in samples)
        row = f"{target.path:<{width}}{rps:>9.1f}{p50:>9.2f}{p95:>9.2f}{p99:>9.2f}"
        if target is targets[0]:
            print(f"{row}   {'(the floor)':<27}")
            continue
        per_round = [a.rps / m.rps for a, m in zip(samples, floor, strict=True) if m.rps]
        ratios[target.label] = statistics.median(per_round)
        spread = f"{ratios[target.label]:.2f} ({min(per_round):.2f}-{max(per_round):.2f})"
        met = ratios[target.label] >= RATIO_TARGET and p99 < P99_TARGET_MS
        print(f"{row}   {spread:<27}{verdict(met)}")
    return ratios


def print_memory(master: int, workers: list[int]) -> None:
    """Print each worker's peak resident memory (VmHWM) and the master's."""
    parts = [f"worker {pid}: {peak_memory_mib(pid):.1f} MiB" for pid in workers]
    parts.append(f"master {master}: {peak_memory_mib(master):.1f} MiB")
    print(f"\npeak memory (VmHWM) after the load: {', '.join(parts)}")


def print_startup(startup: Startup, pairs: int) -> None:
    """Print the start-up time with the generated corpus and the target check."""
    median = statistics.median(startup.seconds)
    print(f"\nstart-up with a generated corpus of {pairs:,} article pairs "
          f"(written in {startup.generate_seconds:.1f} s, not counted):")
    print(f"  process start -> {startup.path} answers: median {median:.2f} s over "
          f"{len(startup.seconds)} runs ({min(startup.seconds):.2f}-{max(startup.seconds):.2f} s)"
          f", status {'/'.join(str(s) for s in sorted(set(startup.statuses)))}"
          f"; target < {STARTUP_TARGET_S:.0f} s: {verdict(median < STARTUP_TARGET_S)}")
    print(f"  peak memory of that process (VmHWM): {startup.peak_mib:.1f} MiB")


# ---------------------------------------------------------------------------------------------
# Command line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line options (all bounded, so a run always ends)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT,
                        help="content folder to serve (default: the shipped content/)")
    parser.add_argument("--article", help=f"section/slug to measure (default {DEFAULT_ARTICLE}"
                        " or the first article pair in --content)")
    parser.add_argument("--home", action="store_true",
                        help="measure the home page (/en/, /nl/) instead of an article")
    parser.add_argument("--duration", type=int, default=5,
                        help="whole seconds of load per endpoint per round (default 5, max 60)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (default 5, max 30)")
    parser.add_argument("--concurrency", type=int, default=32,
                        help="concurrent connections (default 32, max 64)")
    parser.add_argument("--close", action="store_true",
                        help="send Connection: close (default: keep-alive, as a proxy does)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--max-requests", type=int, default=200_000,
                        help="cap on requests per segment for the Python load generator")
    parser.add_argument("--visitor", choices=("both", "first", "returning"), default="both",
                        help="first: no cookie, the public page every new visitor gets; "
                             "returning: the session cookie a Save set, the private page; "
                             "both (default): one after the other, a ratio for each")
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator: wrk when installed (auto), or pure Python")
    parser.add_argument("--startup-runs", type=int, default=3,
                        help="start-up measurements with the generated corpus (0 skips)")
    parser.add_argument("--startup-pairs", type=int, default=STARTUP_PAIRS,
                        help=f"article pairs in the start-up corpus (default {STARTUP_PAIRS})")
    args = parser.parse_args(argv)
    limits = {"duration": (1, 60), "rounds": (1, 30), "concurrency": (1, 64),
              "workers": (1, 16), "max_requests": (1, 1_000_000), "startup_runs": (0, 20),
              "startup_pairs": (1, 20_000)}
    for name, (low, high) in limits.items():
        if not low <= getattr(args, name) <= high:
            parser.error(f"--{name.replace('_', '-')} must be between {low} and {high}")
    if not args.content.is_dir():
        parser.error(f"--content {args.content} is not a folder")
    if args.tool == "wrk" and not shutil.which("wrk"):
        parser.error("--tool wrk: wrk is not installed")
    if importlib.util.find_spec("gunicorn") is None:
        parser.error(f"gunicorn is not installed in {sys.prefix}: run `make setup` "
                     f"(or `{sys.prefix}/bin/pip install gunicorn`)")
    return args


def make_load(args: argparse.Namespace, work: Path) -> PythonLoad | WrkLoad:
    """The load generator: wrk when asked or found (``auto``), the Python one otherwise."""
    if args.tool == "wrk" or (args.tool == "auto" and shutil.which("wrk")):
        return WrkLoad(args.concurrency, work / "bench.lua", close=args.close)
    return PythonLoad(args.concurrency, args.max_requests)


def make_targets(content: Path, article: str, home: bool) -> list[Target]:
    """The floor first, then the page in English and Dutch."""
    if home:
        return [Target("minimal", MINIMAL_PATH), Target("en", "/en/"), Target("nl", "/nl/")]
    return [Target("minimal", MINIMAL_PATH), Target("en", f"/en/{article}"),
            Target("nl", f"/nl/{article}")]


def check_targets(port: int, targets: list[Target], content: Path, article: str,
                  home: bool) -> bool:
    """GET every target once: each must answer 200; warn when an article lacks its title."""
    ok = True
    for target in targets:
        status, body = fetch(port, target.path)
        if status != 200:
            ok = False
            hint = "" if home or target.path == MINIMAL_PATH else (
                " (is the article route there yet? --home measures the home page instead)")
            print(f"error: {target.path} answered {status}{hint}", file=sys.stderr)
            continue
        if not home and target.path != MINIMAL_PATH:
            title = front_matter_title(content / f"{article}.{target.label}.md")
            if title and title not in body and html.escape(title) not in body:
                print(f"warning: {target.path} does not show its title {title!r}",
                      file=sys.stderr)
    return ok


def run(args: argparse.Namespace, work: Path) -> int:
    """Serve, check, load, report; return the exit status."""
    content = args.content.resolve()
    article = "" if args.home else choose_article(content, args.article)
    targets = make_targets(content, article, args.home)
    env = app_environment(work / "instance", content)
    migrate(env)
    load = make_load(args, work)
    total = len(targets) * args.rounds * args.duration
    print(f"helpcenter {'home' if args.home else 'article'} page benchmark")
    print(f"  content  {content} ({len(article_files(content))} article files)")
    print(f"  visitor  {args.visitor} (see --visitor)")
    print(f"  server   gunicorn, {args.workers} sync workers, {HOST}")
    connections = "Connection: close" if args.close else "keep-alive"
    print(f"  load     {load.name}, {args.concurrency} concurrent connections, {connections}; "
          f"rounds: {args.rounds} x {args.duration} s per endpoint, interleaved "
          f"(~{total} s); figures are medians over the rounds")
    failures = 0
    summary = {}
    with gunicorn(env, args.workers, work / "gunicorn.log") as (port, master):
        if not check_targets(port, targets, content, article, args.home):
            return 1
        for visitor in VISITORS[args.visitor]:
            load.headers.pop("Cookie", None)
            if visitor == "returning":
                load.headers["Cookie"] = session_cookie(port, targets[-1].path)
            for target in targets:  # warm up: every worker imports, loads and caches
                failures += load.run(port, target.path, 1).failures
            print(f"\nvisitor {visitor}", flush=True)
            results = measure(load, port, targets, args.rounds, args.duration)
            summary[visitor] = print_table(results, targets)
            failures += sum(s.failures for samples in results.values() for s in samples)
        print_memory(master, children(master))
    for visitor, ratios in summary.items():
        print(f"ratio page/minimal, visitor {visitor}: "
              + ", ".join(f"{label} {ratio:.2f}" for label, ratio in ratios.items()))
    if args.startup_runs:
        startup = measure_startup(env, work, args.startup_pairs, args.startup_runs, args.home)
        print_startup(startup, args.startup_pairs)
        failures += sum(status != 200 for status in startup.statuses)
    if failures:
        print(f"\nerror: {failures} failed requests (not 200, or a socket error)",
              file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark in a temporary folder that is removed afterwards."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="helpcenter-bench-") as tmp:
        try:
            return run(args, Path(tmp))
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
