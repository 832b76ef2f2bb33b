"""Starting, watching and stopping the stack's processes, and the pids that name them."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_ORDER = ("nginx", "gunicorn", "redis")  # the front first, so no request finds a gap
STOP_TIMEOUT_S = 40.0  # gunicorn's graceful_timeout (30 s) plus a margin


class StackError(RuntimeError):
    """Something the operator has to fix; the message says what."""


def spawn(argv: list[str], env: dict[str, str], log: Path, errors: Path | None = None,
          **options) -> subprocess.Popen:
    """Start ``argv`` in its own session, its output in ``log`` (errors apart if given)."""
    with contextlib.ExitStack() as files:
        out = files.enter_context(log.open("ab"))
        err = files.enter_context(errors.open("ab")) if errors else subprocess.STDOUT
        return subprocess.Popen(  # noqa: S603 - commands built here
            argv, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            start_new_session=True, **options)


def terminate(process: subprocess.Popen, timeout: float = STOP_TIMEOUT_S) -> None:
    """Stop a child we hold: SIGTERM (gunicorn and nginx finish their requests), then KILL."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(check, timeout: float, what: str, process: subprocess.Popen | None = None,
             log: Path | None = None) -> None:
    """Poll ``check()`` until true; fail after ``timeout`` s or when ``process`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise StackError(f"{what} exited with {process.returncode}:\n{tail}")
        if check():
            return
        time.sleep(0.1)
    raise StackError(f"{what}: no answer within {timeout:.0f} s")


def http_status(url: str, timeout: float = 5.0) -> int:
    """The status of a GET of ``url`` (0 when nothing answered)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


class PidRecords:
    """The processes ``start`` made: one file per process in ``RUN_DIR/pids/``."""

    def __init__(self, run_dir: Path):
        self.folder = run_dir / "pids"

    def add(self, name: str, process: subprocess.Popen) -> None:
        """Record ``process`` under ``name`` with its start time (checked before a kill)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        started = start_time(process.pid)
        (self.folder / f"{name}.pid").write_text(f"{process.pid}\n{started}\n")

    def alive(self) -> dict[str, int]:
        """Recorded processes that still run (same pid, same start time), by name."""
        found = {}
        for record in sorted(self.folder.glob("*.pid")) if self.folder.is_dir() else ():
            pid_text, _, started = record.read_text().partition("\n")
            pid = int(pid_text)
            if started.strip() and start_time(pid) == started.strip():
                found[record.stem] = pid
            else:  # gone, or the pid now belongs to another process: never signal it
                record.unlink()
        return found

    def forget(self, name: str) -> None:
        """Remove a record."""
        with contextlib.suppress(FileNotFoundError):
            (self.folder / f"{name}.pid").unlink()


def start_time(pid: int) -> str:
    """When ``pid`` started, in clock ticks after boot ("" when it does not exist).

    A pid and its start time name one process for good: a recycled pid has another.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rpartition(")")[2].split()[19]  # field 22 of proc(5)


def running_now(pid: int) -> bool:
    """Whether ``pid`` still exists and is not a zombie waiting for its parent."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def stop_recorded(run_dir: Path) -> int:
    """End every process ``start`` recorded, the front first; return how many were running."""
    records = PidRecords(run_dir)
    running = records.alive()
    order = sorted(running, key=lambda name: next(
        (i for i, prefix in enumerate(STOP_ORDER) if name.startswith(prefix)), 99))
    for name in order:
        pid = running[name]
        print(f"Stopping {name} (pid {pid})...", flush=True)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while running_now(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if running_now(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        records.forget(name)
    return len(running)
