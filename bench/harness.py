"""What every benchmark shares: the server under gunicorn, the load generators, the rounds.

- ``gunicorn()`` serves ``bench.wsgi:app`` (the site plus ``/bench/minimal``, the floor) on a
  free 127.0.0.1 port, either with the benchmark's own flags or with the production settings
  file (deploy/gunicorn.conf.py), in a temporary instance folder (``app_environment``,
  ``migrate``).
- ``WrkLoad`` (wrk, with a Lua script written per run) and ``PythonLoad`` (threads and raw
  sockets, when wrk is missing) load one ``Target`` for a number of seconds and return a
  ``Sample``: requests, failures, requests per second and latency percentiles. A target may be a
  POST whose body carries a fresh 32-hex key per request (``{unique}``), as an idempotency key.
- ``measure()`` loads a list of targets in interleaved rounds, rotating the order, so the
  floor and the pages see the same machine (and lets the server drain its backlog between
  segments); figures are then taken as medians over the rounds.
- ``measure_startup()`` times a fresh process from spawn until its first page answered.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import runpy
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``bench`` and ``helpcenter`` importable
    sys.path.insert(0, str(ROOT))

from bench import MINIMAL_PATH  # noqa: E402
from bench.corpus import generate  # noqa: E402

HOST = "127.0.0.1"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
SERVER_START_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 10.0
UNIQUE = "{unique}"  # in a target's body: replaced by a fresh 32-hex key for every request


# ---------------------------------------------------------------------------------------------
# Targets and results


@dataclass(frozen=True)
class Target:
    """One request to load, with the label it gets in the table.

    ``ok`` is the range of statuses that count as success (both ends included): 200 only for a
    page, 200–399 for a form POST that answers with a redirect. The Python load generator
    checks it; wrk counts every status above 399 as an error (so check each target's exact
    status once before loading). ``port`` None means the port given to ``measure``.
    """

    label: str
    path: str
    method: str = "GET"
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    ok: tuple[int, int] = (200, 200)
    port: int | None = None


@dataclass
class Sample:
    """One load segment against one target: counts and latency percentiles."""

    requests: int
    failures: int  # statuses outside the target's ``ok`` range, socket errors and timeouts
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float

    def __post_init__(self) -> None:
        """No answer within the segment: the latency is at least the segment's length."""
        if not self.requests:
            self.p50_ms = self.p95_ms = self.p99_ms = self.seconds * 1000

    @property
    def rps(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def percentiles_ms(latencies: list[float]) -> tuple[float, float, float]:
    """Median, 95th and 99th percentile of ``latencies`` (seconds), in milliseconds."""
    if not latencies:
        return 0.0, 0.0, 0.0
    if len(latencies) == 1:
        return (latencies[0] * 1000,) * 3
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return statistics.median(latencies) * 1000, cuts[94] * 1000, cuts[98] * 1000


def request_headers(target: Target, extra: dict[str, str]) -> dict[str, str]:
    """The load generator's own headers (e.g. a visitor's cookie), then the target's."""
    headers = dict(extra)
    headers.update(target.headers)
    if target.body and not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return headers


# ---------------------------------------------------------------------------------------------
# Load generators


class PythonLoad:
    """A load generator in pure Python: ``concurrency`` threads, one connection per request.

    Used when ``wrk`` is not installed. It sends a raw request with ``Connection: close`` and
    reads until the server closes; its latency includes connecting, and it uses more CPU than
    wrk, so compare its figures only with its own.
    """

    name = "python"

    def __init__(self, concurrency: int, max_requests: int = 200_000) -> None:
        self.concurrency = concurrency
        self.max_requests = max_requests
        self.headers: dict[str, str] = {}

    def run(self, port: int, target: Target, duration: int) -> Sample:
        """Load ``target`` for ``duration`` seconds (or ``max_requests`` requests) and measure."""
        headers = request_headers(target, self.headers)
        latencies: list[float] = []
        failures = [0]
        lock = threading.Lock()
        deadline = time.perf_counter() + duration
        cap = -(-self.max_requests // self.concurrency)  # per thread, rounded up
        low, high = target.ok

        def worker() -> None:
            mine: list[float] = []
            bad = 0
            while time.perf_counter() < deadline and len(mine) < cap:
                status, elapsed = one_request(port, raw_request(port, target, headers))
                mine.append(elapsed)
                bad += not low <= status <= high
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


def raw_request(port: int, target: Target, headers: dict[str, str]) -> bytes:
    """The bytes of one HTTP/1.1 request for ``target``, ``{unique}`` filled in afresh."""
    body = target.body.replace(UNIQUE, uuid.uuid4().hex).encode()
    lines = [f"{target.method} {target.path} HTTP/1.1", f"Host: {HOST}:{port}",
             "User-Agent: bench", *(f"{name}: {value}" for name, value in headers.items()),
             "Connection: close"]
    if body or target.method != "GET":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


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
    match = re.match(rb"HTTP/1\.[01] (\d{3})", b"".join(chunks))
    return (int(match.group(1)) if match else 0), elapsed


WRK_SCRIPT = """
-- Written by bench/harness.py for one run; prints one machine-readable line at the end.
-- No response() callback: wrk would hand every body to Lua, costing the load generator CPU
-- on the cores the server uses (more for a big page than for the floor). Errors are wrk's
-- own count: statuses above 399, socket errors and timeouts.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
function init(args) counter = 0 end
wrk.method = %(method)s
wrk.body = %(body)s
%(headers)s
%(request)s
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""

# Only for a body with ``{unique}``: wrk then builds each request in Lua (slower than its
# prepared request, so plain targets do without). Key: run salt, thread, counter = 32 hex.
WRK_UNIQUE_REQUEST = """
function request()
  counter = counter + 1
  local key = string.format("%%s%%08x%%016x", %(salt)s, tid, counter)
  return wrk.format(nil, nil, nil, (string.gsub(wrk.body, "{unique}", key)))
end
"""


def lua_string(text: str) -> str:
    """``text`` as a Lua long-bracket string literal (no escapes needed inside)."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


class WrkLoad:
    """Load with ``wrk`` (``concurrency`` connections, 2 threads), keep-alive unless ``close``.

    gunicorn's sync workers answer every request with ``Connection: close`` anyway, so wrk
    reconnects after each response, as a proxy in front of them does. Its latency does not
    include connecting.
    """

    name = "wrk"

    def __init__(self, concurrency: int, work: Path, close: bool = False) -> None:
        self.concurrency = concurrency
        self.close = close
        self.threads = min(2, concurrency)
        self.work = work
        self.headers: dict[str, str] = {}

    def script(self, target: Target) -> Path:
        """The Lua script for one run against ``target`` (a fresh key salt each time)."""
        headers = request_headers(target, self.headers)
        if self.close:
            headers["Connection"] = "close"
        text = WRK_SCRIPT % {
            "method": lua_string(target.method),
            "body": lua_string(target.body) if target.body else "nil",
            "headers": "\n".join(f"wrk.headers[ {lua_string(name)} ] = {lua_string(value)}"
                                 for name, value in headers.items()),
            "request": (WRK_UNIQUE_REQUEST % {"salt": lua_string(secrets.token_hex(4))}
                        if UNIQUE in target.body else ""),
        }
        path = self.work / "bench.lua"
        path.write_text(text)
        return path

    def run(self, port: int, target: Target, duration: int) -> Sample:
        """Load ``target`` for ``duration`` seconds and measure; wrk's own clock counts."""
        command = [
            "wrk", f"-t{self.threads}", f"-c{self.concurrency}", f"-d{duration}s",
            f"--timeout={int(REQUEST_TIMEOUT_S)}s", "-s", str(self.script(target)),
            f"http://{HOST}:{port}{target.path}",
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


def make_load(tool: str, concurrency: int, work: Path, close: bool = False,
              max_requests: int = 200_000) -> PythonLoad | WrkLoad:
    """The load generator: wrk when asked or found (``auto``), the Python one otherwise."""
    if tool == "wrk" or (tool == "auto" and wrk_installed()):
        return WrkLoad(concurrency, work, close=close)
    return PythonLoad(concurrency, max_requests)


def wrk_installed() -> bool:
    """Whether ``wrk`` is on the PATH."""
    return shutil.which("wrk") is not None


# ---------------------------------------------------------------------------------------------
# The server


def app_environment(instance: Path, content: Path) -> dict[str, str]:
    """The process environment for the app: our content, a temporary instance folder.

    The caller's ``HELPCENTER_*`` variables are left out, so a run never touches a real
    database; the secret key is random.
    """
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


def production_workers(env: dict[str, str]) -> int:
    """The worker count deploy/gunicorn.conf.py gives on this machine with ``env``."""
    if env.get("GUNICORN_WORKERS", "").strip():
        return int(env["GUNICORN_WORKERS"])
    return runpy.run_path(str(GUNICORN_CONF))["default_workers"]()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path,
             production: bool = False) -> Iterator[tuple[int, int]]:
    """Run gunicorn on a free 127.0.0.1 port; yield (port, master pid); stop it afterwards.

    ``production``: with deploy/gunicorn.conf.py (its workers, timeouts, worker recycling
    after ``max_requests``, access log), ``workers`` overriding its count; otherwise with
    ``workers`` sync workers, no access log and no recycling. Either way the app is
    ``bench.wsgi:app``. The listening socket is made here and handed over as ``fd://`` so no
    other process can take the port between choosing and binding it.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((HOST, 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    bind = f"fd://{listener.fileno()}"
    if production:
        env = dict(env, GUNICORN_BIND=bind, GUNICORN_WORKERS=str(workers))
        options = ["-c", str(GUNICORN_CONF), "--chdir", str(ROOT)]
    else:
        options = ["--workers", str(workers), "--worker-class", "sync", "--keep-alive", "0",
                   "--bind", bind, "--chdir", str(ROOT), "--log-level", "warning",
                   "--timeout", "60"]
    command = [sys.executable, "-m", "gunicorn", *options, "bench.wsgi:app"]
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


@dataclass
class Response:
    """What a benchmark needs from one answer: status, headers, body as text."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    cookies: list[str] = field(default_factory=list)  # ``name=value`` of each Set-Cookie

    def cookie(self, fallback: str = "") -> str:
        """The ``Cookie`` header a browser would send next (the last cookie set wins)."""
        pairs = [*fallback.split("; "), *self.cookies]
        jar = dict(pair.split("=", 1) for pair in pairs if "=" in pair)
        return "; ".join(f"{name}={value}" for name, value in jar.items())


def send(port: int, path: str, method: str = "GET", body: str = "",
         headers: dict[str, str] | None = None) -> Response:
    """One request to the server, as a browser on the site's own pages sends it."""
    headers = dict(headers or {})
    if method != "GET":
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        headers.setdefault("Sec-Fetch-Site", "same-origin")
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request(method, path, body=body.encode() or None, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookies = [value.split(";", 1)[0] for name, value in response.getheaders()
                   if name.lower() == "set-cookie"]
        return Response(response.status, dict(response.getheaders()), text, cookies)
    finally:
        connection.close()


def fetch(port: int, path: str) -> tuple[int, str]:
    """GET ``path`` from the server; return (status, body as text)."""
    response = send(port, path)
    return response.status, response.body


def session_cookie(port: int, path: str) -> str:
    """The ``name=value`` of the session cookie that saving the article at ``path`` sets.

    Page views set no cookie; a visitor who saved or voted has one, and gets the private page.
    """
    lang, slug = path.strip("/").split("/")[0], path.rstrip("/").rsplit("/", 1)[-1]
    response = send(port, f"/{lang}/saved", "POST", f"slug={slug}&action=save")
    if not response.cookies:
        raise RuntimeError(f"saving {path} set no session cookie")
    return response.cookies[0]


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


class WorkerMemory:
    """The peak memory of every worker seen, sampled after each load segment.

    gunicorn replaces a worker after ``max_requests``, so one reading at the end would miss
    the ones that left.
    """

    def __init__(self, master: int) -> None:
        self.master = master
        self.peaks: dict[int, float] = {}

    def sample(self) -> None:
        """Read VmHWM of each current worker (one that just left is skipped)."""
        for pid in children(self.master):
            with contextlib.suppress(OSError, KeyError):
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), peak_memory_mib(pid))


# ---------------------------------------------------------------------------------------------
# Measurements


def measure(load: PythonLoad | WrkLoad, port: int, targets: list[Target], rounds: int,
            duration: int, after_each: Callable[[], None] | None = None,
            ) -> dict[str, list[Sample]]:
    """Load each target for ``duration`` s in every round, rotating the order between rounds.

    ``after_each`` is called after every segment (e.g. to sample the workers' memory).
    """
    results: dict[str, list[Sample]] = {t.label: [] for t in targets}
    for number in range(rounds):
        shift = number % len(targets)
        for target in targets[shift:] + targets[:shift]:
            results[target.label].append(load.run(target.port or port, target, duration))
            settle(target.port or port)
            if after_each:
                after_each()
        line = ", ".join(f"{t.label} {results[t.label][-1].rps:.0f}/s" for t in targets)
        print(f"  round {number + 1}/{rounds}: {line}", flush=True)
    return results


def settle(port: int, quick_s: float = 0.05, limit_s: float = 60.0) -> None:
    """Wait until the server answers the floor quickly again.

    When the load generator stops, requests it already sent are still queued at the server
    (a sync worker answers a connection even when its client has gone), so a slow page would
    otherwise spill its backlog into the next row's segment.
    """
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        began = time.monotonic()
        with contextlib.suppress(OSError):
            fetch(port, MINIMAL_PATH)
        if time.monotonic() - began < quick_s:
            return


def per_round_ratios(samples: list[Sample], floor: list[Sample],
                     figure: Callable[[Sample], float]) -> list[float]:
    """``figure`` of each round's sample over the floor's of the same round."""
    return [figure(s) / figure(f) for s, f in zip(samples, floor, strict=True) if figure(f)]


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
                    home: bool = False) -> Startup:
    """Time ``python -c`` from spawn until its first page of a generated corpus answers.

    The corpus (``pairs`` article pairs) is written to ``work`` first; that is not timed. The
    page is a generated article, or the home page when ``home``.
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


def run_in_temporary_folder(run: Callable, args, prefix: str,
                            errors: tuple[type[BaseException], ...] = ()) -> int:
    """``run(args, folder)`` in a temporary folder removed afterwards; a failure to set up or
    serve is printed as one line and exits 1."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        try:
            return run(args, Path(tmp))
        except (*errors, RuntimeError, OSError, subprocess.SubprocessError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
