"""Search benchmark: build time and query latency over a generated corpus, in-process.

Generates ``--pairs`` article pairs (default 5,000 per language) with ``bench/corpus.py``,
loads them as the site does, builds the search index and times it, then runs a fixed,
seeded set of queries (one to three words drawn from the corpus' own titles and bodies, plus
a few misspellings and prefix suggestions) and prints median and 95th percentile latency.

Targets (issue 5): build under 5 s, 95th percentile query under 10 ms.

Usage::

    .venv/bin/python bench/search.py [--pairs 5000] [--queries 2000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate  # noqa: E402
from helpcenter.articles.store import ContentStore  # noqa: E402
from helpcenter.search.index import SearchIndex  # noqa: E402
from helpcenter.search.text import words  # noqa: E402

BUILD_TARGET_S = 5.0
P95_TARGET_MS = 10.0


def sample_queries(index_library, count: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(kind, lang, query) tuples drawn from the corpus itself, the same on every run."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable sample, not a secret
    articles = list(index_library.articles.values())
    queries = []
    for _ in range(count):
        article = rng.choice(articles)
        vocabulary = words(article.title + " " + article.body[:600])
        kind = rng.choice(["search", "search", "search", "suggest", "typo"])
        picked = " ".join(rng.sample(vocabulary, k=min(len(vocabulary), rng.randint(1, 3))))
        if kind == "suggest":
            picked = picked[: max(2, len(picked) - 2)]
        elif kind == "typo" and len(picked) > 4:
            cut = rng.randrange(1, len(picked) - 1)
            picked = picked[:cut] + picked[cut + 1:]
        queries.append((kind, article.lang, picked))
    return queries


def run_query(index: SearchIndex, kind: str, lang: str, query: str) -> None:
    """What the site does for one request of this kind (``search/views.py``)."""
    if kind == "suggest":
        index.suggest(query, lang)
        return
    if index.search(query, lang):
        index.did_you_mean(query, lang)  # "Showing results for …" when a word was corrected
    else:
        index.closest_titles(query, lang)


def main(argv: list[str] | None = None) -> int:
    """Generate, build, query, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5000, help="article pairs to generate")
    parser.add_argument("--queries", type=int, default=2000, help="queries to time")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="helpcenter-search-bench-") as tmp:
        started = time.perf_counter()
        generate(Path(tmp), pairs=args.pairs)
        print(f"corpus: {args.pairs} pairs written in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        library = ContentStore(Path(tmp)).library()
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        index = SearchIndex(library)
        build = time.perf_counter() - started
    print(f"content loaded (parse {len(library.articles)} files): {loaded:.2f} s")
    verdict = "met" if build < BUILD_TARGET_S else "NOT met"
    print(f"index build: {build:.2f} s (target < {BUILD_TARGET_S:.0f} s: {verdict})")

    queries = sample_queries(library, args.queries)
    for kind, lang, query in queries[:50]:  # warm up caches as a running site would be
        run_query(index, kind, lang, query)
    timings: dict[str, list[float]] = {}
    for kind, lang, query in queries:
        started = time.perf_counter()
        run_query(index, kind, lang, query)
        timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    every = [ms for values in timings.values() for ms in values]
    print(f"\n{'queries':<10}{'count':>7}{'median ms':>11}{'p95 ms':>9}")
    for kind, values in [*sorted(timings.items()), ("all", every)]:
        p95 = statistics.quantiles(values, n=100, method="inclusive")[94]
        print(f"{kind:<10}{len(values):>7}{statistics.median(values):>11.2f}{p95:>9.2f}")
    p95_all = statistics.quantiles(every, n=100, method="inclusive")[94]
    verdict = "met" if p95_all < P95_TARGET_MS else "NOT met"
    print(f"\n95th percentile over all queries: {p95_all:.2f} ms "
          f"(target < {P95_TARGET_MS:.0f} ms: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
