"""How fast the `sohoa` command line starts: `sohoa --help` and `sohoa keys list` (target: under 0.3 s).

    .venv/bin/python bench/cli_startup.py [--runs 15]

Each command runs as a fresh process (the console script of this venv) on an empty data folder of its own;
prints the median and the fastest wall time of each, the mean CPU seconds (user + system, which move less
with the machine's load than wall time does), and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 0.3
SOHOA = Path(sys.executable).with_name("sohoa")


def wall_times(args: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], float]:
    """Wall seconds of `runs` fresh runs of `sohoa ARGS` (each must exit 0), and their mean CPU seconds."""
    times = []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(SOHOA), *args], env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / runs
    return times, cpu


def main() -> int:
    """Measure both commands and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
        env["SOHOA_DATA_DIR"] = str(Path(folder) / "data")
        subprocess.run([str(SOHOA), "keys", "list"], env=env, check=True, stdout=subprocess.DEVNULL)  # the schema
        print(f"load average {os.getloadavg()[0]:.1f}; {args.runs} runs each; target {TARGET_S} s")
        for command in (["--help"], ["keys", "list"]):
            times, cpu = wall_times(command, args.runs, env)
            median = statistics.median(times)
            verdict = "ok" if median < TARGET_S else "over target"
            print(
                f"sohoa {' '.join(command):10s} median {median:.3f} s  fastest {min(times):.3f} s  "
                f"cpu {cpu:.3f} s  {verdict}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
