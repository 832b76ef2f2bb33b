"""The database a benchmark run serves: bulk-filled cases and a staff account.

Run by ``bench/table.py`` in the server's own environment (``HELPCENTER_*`` naming the
temporary instance folder), after the migrations::

    python -m bench.dataset --cases 100000 --open 10000 --year 2025 --staff-email E

The cases are inserted as ``bench/report.py`` does (bulk inserts; the service functions would
take an hour): ``--cases`` over ``--year`` and the year before, of which exactly ``--open`` are
in progress, filed in the last 30 days (the staff queue). The staff account is made through
the staff service, with the password read from standard input.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``bench`` and ``helpcenter`` importable
    sys.path.insert(0, str(ROOT))

from bench.report import fill  # noqa: E402
from helpcenter import clock, create_app  # noqa: E402
from helpcenter.staff import service as staff  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Fill the configured database; print how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("--open", type=int, required=True)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--staff-email", required=True)
    args = parser.parse_args(argv)
    if not 0 <= args.open <= args.cases:
        parser.error("--open must be between 0 and --cases")
    password = sys.stdin.readline().strip()
    app = create_app()
    with app.app_context():
        began = time.perf_counter()
        fill(args.cases, args.year, random.Random(1),  # noqa: S311 - not a secret
             open_cases=args.open, now=clock.utcnow())
        staff.create_staff(args.staff_email, "Bench Handler", password)
    print(f"filled {args.cases:,} cases ({args.open:,} open) in "
          f"{time.perf_counter() - began:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
