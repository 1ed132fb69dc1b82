"""How a PostgreSQL search's walk should test its terms: strpos, LIKE, or each by its length.

A walk reads the newest documents in time order with no index, testing every term on every row
(`storage.query._walk_test`). For full names taken from the loaded catalogue's `full_name` fields, this
times a count over the newest `--rows` search rows with each way of testing, median of `--repeat` runs,
the bitmap scan turned off so every statement is a walk. The figures behind `WALK_STRPOS_CHARS` come from it.

    .venv/bin/python bench/walk_tests.py --database-url postgresql+psycopg://…/sohoa_bench_1m
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from ocr.text import fold
from storage.database import Database
from storage.query import WALK_STRPOS_CHARS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--names", type=int, default=12)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    database = Database(args.database_url, create=False)
    with database.engine.connect() as conn:
        conn.execute(text("SET enable_bitmapscan = off"))
        conn.execute(text("SET enable_seqscan = off"))
        names = list(
            conn.execute(
                text(
                    "SELECT value FROM fields TABLESAMPLE SYSTEM (0.05) REPEATABLE (3)"
                    " WHERE name = 'full_name' LIMIT :n"
                ),
                {"n": args.names},
            ).scalars()
        )
        oldest = conn.execute(
            text("SELECT created_at FROM document_search ORDER BY created_at DESC OFFSET :o LIMIT 1"),
            {"o": args.rows - 1},
        ).scalar()

        def strpos(term: str) -> str:
            return f"strpos(search_text, '{term}') > 0"

        def like(term: str) -> str:
            return f"textlike(search_text, '%{term}%')"

        ways = {
            "strpos": strpos,
            "like": like,
            "by length": lambda t: strpos(t) if len(t) >= WALK_STRPOS_CHARS else like(t),
        }
        sums = dict.fromkeys(ways, 0.0)
        print(f"{'name':28s}" + "".join(f"{w:>11s}" for w in ways) + "   (ms)")
        for name in names:
            terms = sorted(dict.fromkeys(fold(name).split()), key=len, reverse=True)
            if not all(t.isalnum() for t in terms):
                continue
            line = f"{name:28s}"
            for way, test in ways.items():
                sql = text(
                    "SELECT count(*) FROM document_search WHERE created_at >= :oldest AND "
                    + " AND ".join(test(t) for t in terms)
                )
                times = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    conn.execute(sql, {"oldest": oldest}).scalar()
                    times.append((time.perf_counter() - started) * 1000)
                sums[way] += statistics.median(times)
                line += f"{statistics.median(times):11.1f}"
            print(line)
        print(f"{'sum':28s}" + "".join(f"{v:11.1f}" for v in sums.values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
