"""Benchmark the JSON API against the Flask floor of the same app under gunicorn.

Loads, in interleaved rounds, ``/bench/minimal`` (the floor), an article read through the API
(``/api/v1/articles/<slug>?lang=en``, served from the pages' cache) and a search through the
API (``/api/v1/search?q=…``, computed on every request, as the search page is). Prints the
medians of requests per second and latency, and each read's ratio to the floor.

Target: the article read at 80 % or more of the floor. The exit status is 1 when a request
failed, 0 otherwise (whatever the figures).

Usage::

    .venv/bin/python bench/api.py [--duration S] [--rounds N] [--concurrency C]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import MINIMAL_PATH  # noqa: E402
from bench.harness import (  # noqa: E402
    HOST,
    Target,
    app_environment,
    fetch,
    gunicorn,
    make_load,
    measure,
    migrate,
    per_round_ratios,
    run_in_temporary_folder,
)

ARTICLE_TARGET = 0.8
TARGETS = [Target("minimal", MINIMAL_PATH),
           Target("article", "/api/v1/articles/submit-a-complaint?lang=en"),
           Target("search", "/api/v1/search?q=complaint&lang=en")]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Bounded options, so a run always ends."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds per segment (1-60)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (1-30)")
    parser.add_argument("--concurrency", type=int, default=16, help="connections (1-64)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (1-16)")
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto")
    args = parser.parse_args(argv)
    for name, (low, high) in {"duration": (1, 60), "rounds": (1, 30),
                              "concurrency": (1, 64), "workers": (1, 16)}.items():
        if not low <= getattr(args, name) <= high:
            parser.error(f"--{name} must be between {low} and {high}")
    return args


def run(args: argparse.Namespace, work: Path) -> int:
    """Serve, check each target once, load, print the table."""
    env = app_environment(work / "instance", ROOT / "content")
    migrate(env)
    load = make_load(args.tool, args.concurrency, work)
    print(f"helpcenter API benchmark: gunicorn {args.workers} workers on {HOST}, {load.name}, "
          f"{args.concurrency} connections, {args.rounds} x {args.duration} s per endpoint")
    with gunicorn(env, args.workers, work / "gunicorn.log") as (port, _master):
        for target in TARGETS:
            status, _body = fetch(port, target.path)
            if status != 200:
                print(f"error: {target.path} answered {status}", file=sys.stderr)
                return 1
            load.run(port, target, 1)  # warm up every worker
        results = measure(load, port, TARGETS, args.rounds, args.duration)
    floor = results["minimal"]
    print(f"\n{'endpoint':<48}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}   ratio to the floor")
    failures = 0
    for target in TARGETS:
        samples = results[target.label]
        failures += sum(s.failures for s in samples)
        rps = statistics.median(s.rps for s in samples)
        p50 = statistics.median(s.p50_ms for s in samples)
        p99 = statistics.median(s.p99_ms for s in samples)
        ratio = statistics.median(per_round_ratios(samples, floor, lambda s: s.rps))
        note = ""
        if target.label == "article":
            note = f"  (target >= {ARTICLE_TARGET:.0%}: " + (
                "met)" if ratio >= ARTICLE_TARGET else "NOT met)")
        print(f"{target.path:<48}{rps:>9.1f}{p50:>9.2f}{p99:>9.2f}   {ratio:.2f}{note}")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    """Run in a temporary folder removed afterwards."""
    return run_in_temporary_folder(run, parse_args(argv), "helpcenter-bench-api-")


if __name__ == "__main__":
    sys.exit(main())
