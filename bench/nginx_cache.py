"""Benchmark the article page from nginx's cache against the Flask floor, in the same run.

Starts gunicorn (2 sync workers, ``bench.wsgi:app``) and, in front of it, Debian's nginx with
deploy/nginx.conf filled in as ``make serve`` does. Then loads, in interleaved rounds:

- the floor: ``/bench/minimal`` straight on gunicorn (the cheapest Flask response there is);
- the article page straight on gunicorn (what every request would cost without the cache);
- the article page through nginx, which answers it from its cache (``X-Cache-Status: HIT``).

It prints req/s and latencies (medians over the rounds) and the ratio of each to the floor of
the same round. The goal: the cached page at ten times the floor or more. Exit status 0 whatever
the figures, 1 when something broke (a response other than 200, a page that is not a cache HIT,
a server that did not start), 2 for bad arguments.

Usage::

    .venv/bin/python bench/nginx_cache.py [--duration S] [--rounds N] [--article SECTION/SLUG]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``bench`` and ``deploy`` importable
    sys.path.insert(0, str(ROOT))

from bench import MINIMAL_PATH  # noqa: E402
from bench.article_page import DEFAULT_CONTENT, choose_article  # noqa: E402
from bench.harness import (  # noqa: E402
    HOST,
    REQUEST_TIMEOUT_S,
    Sample,
    Target,
    app_environment,
    gunicorn,
    make_load,
    measure,
    migrate,
    per_round_ratios,
    run_in_temporary_folder,
    wrk_installed,
)
from deploy.nginx import NginxSettings, nginx_binary, nginx_command, prepare_nginx  # noqa: E402
from deploy.processes import StackError, http_status, spawn, terminate, wait_for  # noqa: E402
from deploy.serve import app_settings  # noqa: E402

RATIO_TARGET = 10.0


def free_port() -> int:
    """A local TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def cache_status(port: int, path: str) -> tuple[int, str]:
    """(status, X-Cache-Status) of one GET through nginx, as a first-time visitor."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Cache-Status") or "-"
    finally:
        connection.close()


def start_nginx(env: dict[str, str], upstream: int,
                run_dir: Path) -> tuple[int, subprocess.Popen]:
    """nginx with deploy/nginx.conf in front of ``upstream``; return (port, process)."""
    settings = app_settings(env)
    port = free_port()
    prepare_nginx(NginxSettings(
        listen=f"{HOST}:{port}", upstreams=[f"{HOST}:{upstream}"], run_dir=run_dir,
        static_root=Path(settings["static_root"]), max_body_size=settings["max_body_size"],
        session_cookie=settings["session_cookie"]))
    process = spawn(nginx_command(run_dir), env, run_dir / "nginx.log")
    wait_for(lambda: http_status(f"http://{HOST}:{port}/healthz") == 200, 20, "nginx", process,
             run_dir / "nginx-error.log")
    return port, process


def print_table(results: dict[str, list[Sample]], targets: list[Target]) -> float:
    """Print the table; return the cached page's median ratio to the floor."""
    floor = results[targets[0].label]
    print(f"\n{'endpoint':<46}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"   x floor (min-max)")
    ratio = 0.0
    for target in targets:
        samples = results[target.label]
        row = (f"{target.label:<46}{statistics.median(s.rps for s in samples):>10.1f}"
               f"{statistics.median(s.p50_ms for s in samples):>9.2f}"
               f"{statistics.median(s.p95_ms for s in samples):>9.2f}"
               f"{statistics.median(s.p99_ms for s in samples):>9.2f}")
        if target is targets[0]:
            print(f"{row}   (the floor)")
            continue
        per_round = per_round_ratios(samples, floor, lambda sample: sample.rps)
        ratio = statistics.median(per_round)
        print(f"{row}   {ratio:.1f} ({min(per_round):.1f}-{max(per_round):.1f})")
    return ratio


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (every value bounded, so a run always ends)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT,
                        help="content folder to serve (default: the shipped content/)")
    parser.add_argument("--article", help="section/slug to measure (default: "
                        "complaints/submit-a-complaint or the first article pair)")
    parser.add_argument("--lang", choices=("en", "nl"), default="en")
    parser.add_argument("--duration", type=int, default=5,
                        help="whole seconds of load per endpoint per round (default 5, max 60)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3, max 30)")
    parser.add_argument("--concurrency", type=int, default=32,
                        help="concurrent connections (default 32, max 256)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator: wrk when installed (auto), or pure Python")
    args = parser.parse_args(argv)
    limits = {"duration": (1, 60), "rounds": (1, 30), "concurrency": (1, 256),
              "workers": (1, 16)}
    for name, (low, high) in limits.items():
        if not low <= getattr(args, name) <= high:
            parser.error(f"--{name} must be between {low} and {high}")
    if not args.content.is_dir():
        parser.error(f"--content {args.content} is not a folder")
    if args.tool == "wrk" and not wrk_installed():
        parser.error("--tool wrk: wrk is not installed (apt-get install wrk)")
    if not nginx_binary():
        parser.error("nginx is not installed: apt-get install nginx (or make services)")
    return args


def run(args: argparse.Namespace, work: Path) -> int:
    """Serve, check, load, report; return the exit status."""
    content = args.content.resolve()
    article = f"/{args.lang}/{choose_article(content, args.article)}"
    env = app_environment(work / "instance", content)
    migrate(env)
    load = make_load(args.tool, args.concurrency, work)
    print("helpcenter: the article page from nginx's cache against the Flask floor")
    print(f"  page     {article} ({content})")
    print(f"  servers  gunicorn, {args.workers} sync workers; nginx (deploy/nginx.conf), "
          f"{os.cpu_count()} cores shared with the load generator")
    print(f"  load     {load.name}, {args.concurrency} connections, keep-alive; "
          f"{args.rounds} rounds x {args.duration} s per endpoint, interleaved")
    work.chmod(0o755)  # nginx's workers (www-data when root starts it) read its folder
    nginx_dir = work / "nginx"
    nginx_dir.mkdir()
    with gunicorn(env, args.workers, work / "gunicorn.log") as (upstream, _master):
        nginx_port, nginx_process = start_nginx(env, upstream, nginx_dir)
        try:
            statuses = [cache_status(nginx_port, article) for _ in range(2)]
            if statuses[-1] != (200, "HIT"):
                print(f"error: {article} through nginx answered {statuses} "
                      "(expected 200 and a cache HIT the second time)", file=sys.stderr)
                return 1
            targets = [Target("floor: gunicorn " + MINIMAL_PATH, MINIMAL_PATH, port=upstream),
                       Target("page: gunicorn (no cache)", article, port=upstream),
                       Target("page: nginx cache (HIT)", article, port=nginx_port)]
            for target in targets:  # warm up: workers loaded, pages cached
                load.run(target.port, target, 1)
            results = measure(load, upstream, targets, args.rounds, args.duration)
            after = cache_status(nginx_port, article)
        finally:
            terminate(nginx_process, 10)
    ratio = print_table(results, targets)
    met = "met" if ratio >= RATIO_TARGET else "NOT met"
    print(f"\ncached page / floor: {ratio:.1f}x (target >= {RATIO_TARGET:.0f}x: {met})")
    failures = sum(s.failures for samples in results.values() for s in samples)
    # After 60 s (max-age) the cached copy is served while nginx fetches a fresh one.
    if failures or after not in ((200, "HIT"), (200, "STALE"), (200, "UPDATING")):
        print(f"error: {failures} failed requests; after the load nginx answered {after}",
              file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark in a temporary folder that is removed afterwards."""
    return run_in_temporary_folder(run, parse_args(argv), "helpcenter-bench-nginx-",
                                   errors=(StackError,))


if __name__ == "__main__":
    sys.exit(main())
