"""Throughput of `sohoa batch` against bare `tesseract -l vie`, one process per core, on the same A4 pages.

    .venv/bin/python bench/batch.py [--pages 24] [--seed 11] [--keep DIR]

Pages come from `samples.generate` (clean and scanned A4 forms, JPEG/PNG, one page each), grouped into
dossier folders by their truth's dossier ID. The bare run is `tesseract IMG stdout -l vie`, as many at
once as there are cores (OMP_THREAD_LIMIT=1). The batch run is `sohoa batch` as a user runs it, in a
fresh data folder: wall time from start to exit (checking the files included) and the runner's own rate
(from its first receive to its last result). The target is batch ≥ 80 % of bare.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

A4_TYPES = ("application_form", "birth_registration_form", "business_registration", "land_use_certificate")


def make_pages(folder: Path, pages: int, seed: int) -> list[Path]:
    """Generate single-page A4 samples and file them into one sub-folder per dossier."""
    from PIL import Image

    from samples.generate import generate

    raw = folder / "raw"
    files: list[Path] = []
    count = pages
    while len(files) < pages:
        shutil.rmtree(raw, ignore_errors=True)
        made = generate(raw, count, seed, classes=["clean", "scan"], types=list(A4_TYPES))
        files = [
            p
            for p in made
            if p.suffix.lower() in (".jpg", ".jpeg", ".png") and getattr(Image.open(p), "n_frames", 1) == 1
        ]
        count += pages - len(files) + 2
    source = folder / "backlog"
    out = []
    for path in files[:pages]:
        truth = json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))
        target = source / truth["dossier_id"] / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        out.append(target)
    return out


def bare_tesseract(pages: list[Path], cores: int) -> float:
    """Seconds for bare `tesseract -l vie` on every page, `cores` processes at a time."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path) -> None:
        subprocess.run(
            ["tesseract", str(path), "stdout", "-l", "vie"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=cores) as pool:
        list(pool.map(one, pages))
    return time.monotonic() - started


def sohoa_batch(source: Path, work: Path, threads: int) -> tuple[float, dict]:
    """Seconds for `sohoa batch SOURCE` in a fresh data folder, and its final numbers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env.update(SOHOA_DATA_DIR=str(work / "data"), SOHOA_WORKER_THREADS=str(threads), OMP_THREAD_LIMIT="1")
    command = [
        sys.executable,
        "-c",
        "import sys; from api.cli import main; sys.exit(main())",
        "batch",
        str(source),
        "--report",
        str(work / "report"),
        "--progress",
        "none",
        "--json",
    ]
    started = time.monotonic()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"sohoa batch failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Generate pages, time both runs, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=0, help="sohoa worker threads (default: one per core)")
    parser.add_argument("--keep", type=Path, default=None, help="keep pages, data and report here")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="sohoa-bench-"))
    try:
        print(f"generating {args.pages} A4 pages …", file=sys.stderr, flush=True)
        pages = make_pages(work, args.pages, args.seed)
        source = work / "backlog"
        print(f"bare tesseract, {args.cores} at a time …", file=sys.stderr, flush=True)
        bare_s = bare_tesseract(pages, args.cores)
        print("sohoa batch …", file=sys.stderr, flush=True)
        batch_s, totals = sohoa_batch(source, work, args.threads or args.cores)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    n = len(pages)
    bare_ppm = n / bare_s * 60
    wall_ppm = n / batch_s * 60
    run_ppm = float(totals["pages_per_minute"])
    rows = [
        ("bare tesseract -l vie", f"{bare_s:.1f}", f"{bare_ppm:.1f}", "100 %"),
        ("sohoa batch (wall, incl. checks)", f"{batch_s:.1f}", f"{wall_ppm:.1f}", f"{wall_ppm / bare_ppm:.0%}"),
        ("sohoa batch (runner)", f"{totals['elapsed_s']:.1f}", f"{run_ppm:.1f}", f"{run_ppm / bare_ppm:.0%}"),
    ]
    print(
        f"\n{n} A4 pages, {args.cores} cores, {args.threads or args.cores} worker threads, "
        f"{totals['files_digitised']} digitised, {totals['files_failed']} failed"
    )
    header = ("run", "seconds", "pages/min", "of bare")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    print(f"\ntarget ≥ 80 % of bare: {'met' if wall_ppm >= 0.8 * bare_ppm else 'NOT met'} (wall)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
