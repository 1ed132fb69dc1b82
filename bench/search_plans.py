"""Searches repeated in one process against a loaded catalogue: does their latency hold after the fifth run?

psycopg prepares a statement once it has run five times, and PostgreSQL may then keep a generic plan for it;
for `LIKE '%term%'` such a plan cannot tell a word in every document from a rare one. `storage.query` asks
for custom plans (`plan_cache_mode = force_custom_plan`); `--generic-allowed` measures without that.

    .venv/bin/python bench/search_plans.py --database-url postgresql+psycopg://…/sohoa_bench_1m [--rounds 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ocr.text import fold
from storage import query
from storage.database import Database

WARDS = (
    "Phường Bến Nghé", "Xã Hòa An", "Phường 7", "Xã Tân Lập", "Phường Đông Hòa", "Xã Phú Hữu",
    "Phường Tân Định", "Xã An Bình", "Phường Hiệp Phú", "Xã Long Hòa", "Phường Linh Trung", "Xã Bình Khánh",
)  # fmt: skip


def main() -> int:
    """Time each search in turn and print it, then the median of the first five and of the rest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--generic-allowed", action="store_true", help="do not force custom plans")
    args = parser.parse_args()
    database = Database(args.database_url, create=False)
    queries = query.Queries(database)
    query.CUSTOM_PLANS = not args.generic_allowed
    times = []
    for i, ward in enumerate([w for _ in range(args.rounds) for w in WARDS]):
        started = time.perf_counter()
        page = queries.search(fold(ward).split())
        times.append(time.perf_counter() - started)
        bound = "+" if page.total_is_lower_bound else ""
        print(f"{i:3d} {ward:22} {times[-1] * 1000:8.1f} ms  total {page.total}{bound}")
    first, rest = times[:5], times[5:]
    print(f"median of the first 5: {statistics.median(first) * 1000:.1f} ms; of the rest: "
          f"{statistics.median(rest) * 1000:.1f} ms; slowest: {max(times) * 1000:.1f} ms")  # fmt: skip
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
