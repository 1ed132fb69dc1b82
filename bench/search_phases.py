"""Where a PostgreSQL search's time goes: the phases of `storage.query.Queries.search`, in-process.

Full names taken from the loaded catalogue's `full_name` fields (a fixed sample) are searched once each,
with the window walk, the counted page and the budgeted count timed; then the whole sample is searched
again at each `--walk-most` given, for its p50 and p95. The figures for the window walk and its reach in
`docs/benchmarks.md` (2026-12-06) come from this.

    .venv/bin/python bench/search_phases.py --database-url postgresql+psycopg://…/sohoa_bench_1m \
        [--walk-most 50000 20000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from ocr.text import fold
from storage import query
from storage.database import Database

PHASES = ("_window_matches", "_monthly_page", "_counted_page", "_budgeted_count", "_with_text")


def _timed(spent: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--names", type=int, default=60)
    parser.add_argument("--walk-most", type=int, nargs="*", default=[])
    parser.add_argument("--seed", type=int, default=7, help="of the sample (another seed: names not searched yet)")
    args = parser.parse_args()
    database = Database(args.database_url, create=False)
    with database.engine.connect() as conn:
        names = list(
            conn.execute(
                text(
                    "SELECT value FROM fields TABLESAMPLE SYSTEM (0.05) REPEATABLE (:seed)"
                    " WHERE name = 'full_name' LIMIT :n"
                ),
                {"n": args.names, "seed": args.seed},
            ).scalars()
        )
    spent: dict[str, float] = {}
    for name in PHASES:  # the phases are static methods or methods of Queries; time each call
        raw = query.Queries.__dict__[name]
        wrapped = _timed(spent, name, raw.__func__ if isinstance(raw, staticmethod) else raw)
        setattr(query.Queries, name, staticmethod(wrapped) if isinstance(raw, staticmethod) else wrapped)
    queries = query.Queries(database)
    rows = []
    for name in names:
        spent.clear()
        started = time.perf_counter()
        page = queries.search(fold(name).split())
        rows.append((time.perf_counter() - started, name, page.total, page.total_is_lower_bound, dict(spent)))
    rows.sort(reverse=True)
    for total, name, matches, lower, phases in rows[:15]:
        detail = " ".join(f"{k}={v * 1000:.0f}" for k, v in phases.items())
        print(f"{total * 1000:7.1f} ms  {name:30s} total={matches}{'+' if lower else ''}  {detail}")
    print(f"p50 {statistics.median(r[0] for r in rows) * 1000:.0f} ms over {len(rows)} names")
    for walk in args.walk_most:
        query.WALK_MOST = walk
        times = sorted(_once(queries, n) for n in names)
        print(
            f"WALK_MOST={walk}: p50 {times[len(times) // 2] * 1000:.0f} ms,"
            f" p95 {times[int(len(times) * 0.95)] * 1000:.0f} ms"
        )
    return 0


def _once(queries: query.Queries, name: str) -> float:
    started = time.perf_counter()
    queries.search(fold(name).split())
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
