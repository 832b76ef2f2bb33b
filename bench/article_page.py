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
import html
import importlib.util
import re
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``bench`` and ``helpcenter`` importable
    sys.path.insert(0, str(ROOT))

from bench import MINIMAL_PATH  # noqa: E402
from bench.harness import (  # noqa: E402
    HOST,
    Sample,
    Startup,
    Target,
    app_environment,
    children,
    fetch,
    gunicorn,
    make_load,
    measure,
    measure_startup,
    migrate,
    peak_memory_mib,
    per_round_ratios,
    run_in_temporary_folder,
    session_cookie,
)

VISITORS = {"both": ("first", "returning"), "first": ("first",), "returning": ("returning",)}
DEFAULT_CONTENT = ROOT / "content"
DEFAULT_ARTICLE = "complaints/submit-a-complaint"
RATIO_TARGET = 0.85
P99_TARGET_MS = 50.0
STARTUP_TARGET_S = 2.0
STARTUP_PAIRS = 1000


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
        per_round = per_round_ratios(samples, floor, lambda sample: sample.rps)
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
    load = make_load(args.tool, args.concurrency, work, args.close, args.max_requests)
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
                failures += load.run(port, target, 1).failures
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
    return run_in_temporary_folder(run, parse_args(argv), "helpcenter-bench-")


if __name__ == "__main__":
    sys.exit(main())
