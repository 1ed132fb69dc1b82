"""OCR benchmark: bare Tesseract against `ocr.page.read_page` on generated samples, per degradation class.

    python -m bench.ocr /tmp/ocrset [--limit N] [--jobs 2] [--no-throughput] [--save results.json]

Every `<file>.truth.json` beside a sample names its pages' lines and degradation. For each page it
measures word-bag F1, character error rate and seconds per page for (a) `tesseract FILE - -l vie` (a PDF
is first rendered to 300 dpi PNGs by pdftoppm) and (b) `read_page`; then pages per minute with one
process per core for both. Benchmark code: it reads files and runs programs, unlike `ocr/`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageSequence

from bench.metrics import WordScore, edit_distance, normalise, word_score

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
RENDER_DPI = 300


@dataclass(frozen=True)
class PageTask:
    """One page to read: the image file it lives in (a rendered PNG for PDFs), its truth and class."""

    source: str
    image_path: str
    frame: int
    dpi: int
    degradation: str
    truth: str


@dataclass(frozen=True)
class PageScore:
    """Scores of one reading of one page."""

    source: str
    frame: int
    degradation: str
    system: str
    seconds: float
    matched: int
    predicted: int
    expected: int
    edits: int
    truth_chars: int
    text: str


def _truth_lines(page: dict) -> str:
    lines = page.get("lines", [])
    return "\n".join(line["text"] if isinstance(line, dict) else str(line) for line in lines)


def _is_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(5) == b"%PDF-"


def _render_pdf(path: Path, workdir: Path) -> list[Path]:
    prefix = workdir / path.name
    subprocess.run(["pdftoppm", "-r", str(RENDER_DPI), "-png", str(path), str(prefix)], check=True)
    return sorted(workdir.glob(f"{path.name}-*.png"))


def collect(folder: Path, workdir: Path, limit: int | None) -> list[PageTask]:
    """Every page of every sample with a truth file, PDFs rendered to PNG in `workdir`."""
    tasks: list[PageTask] = []
    truths = sorted(folder.rglob("*.truth.json"))[: limit or None]
    for truth_path in truths:
        source = truth_path.with_name(truth_path.name[: -len(".truth.json")])
        if not source.exists():
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        pages = truth.get("pages", [])
        doc_class = str(truth.get("degradation", "unknown"))
        if _is_pdf(source):
            images = [(str(p), i, RENDER_DPI) for i, p in enumerate(_render_pdf(source, workdir))]
        else:
            with Image.open(source) as im:
                count = getattr(im, "n_frames", 1)
                file_dpi = int(round(im.info.get("dpi", (0, 0))[0] or 0))
            images = [(str(source), i, file_dpi) for i in range(count)]
        for (image_path, frame, file_dpi), page in zip(images, pages, strict=False):
            dpi = int(page.get("dpi") or truth.get("dpi") or file_dpi or RENDER_DPI)
            if image_path.endswith(".png") and image_path.startswith(str(workdir)):
                dpi = RENDER_DPI
            klass = str(page.get("degradation", doc_class))
            tasks.append(PageTask(str(source), image_path, frame, dpi, klass, _truth_lines(page)))
    return tasks


def load_image(task: PageTask) -> np.ndarray:
    """The page as an OpenCV BGR (or gray) array."""
    if not task.image_path.lower().endswith((".tif", ".tiff")):
        image = cv2.imread(task.image_path, cv2.IMREAD_UNCHANGED)
        if image is not None:
            if image.ndim == 3 and image.shape[2] == 4:
                image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
            return image
    with Image.open(task.image_path) as im:
        frame = ImageSequence.Iterator(im)[task.frame]
        frame = frame.convert("L") if frame.mode in ("1", "L", "I;16") else frame.convert("RGB")
        array = np.asarray(frame)
    return array if array.ndim == 2 else cv2.cvtColor(array, cv2.COLOR_RGB2BGR)


def _score(task: PageTask, system: str, text: str, seconds: float) -> PageScore:
    words = word_score(text, task.truth)
    truth, got = normalise(task.truth), normalise(text)
    return PageScore(
        task.source, task.frame, task.degradation, system, seconds,
        words.matched, words.predicted, words.expected, edit_distance(got, truth), len(truth), text,
    )  # fmt: skip


def run_bare(task: PageTask) -> PageScore:
    """`tesseract FILE - -l vie` on the page (one frame of a multi-page TIFF is extracted first)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = task.image_path
        if task.image_path.lower().endswith((".tif", ".tiff")):
            path = str(Path(tmp) / "page.png")
            cv2.imwrite(path, load_image(task))
        start = time.perf_counter()
        out = subprocess.run(["tesseract", path, "-", "-l", "vie"], capture_output=True, check=True)
        seconds = time.perf_counter() - start
    return _score(task, "tesseract", out.stdout.decode("utf-8", "replace").replace("\f", ""), seconds)


def run_sohoa(task: PageTask) -> PageScore:
    """Decode the page and `read_page` it (timed together, as bare Tesseract decodes its file too)."""
    from ocr.page import read_page

    start = time.perf_counter()
    page = read_page(load_image(task), dpi=task.dpi, number=task.frame + 1)
    seconds = time.perf_counter() - start
    return _score(task, "sohoa", page.text, seconds)


def _summary(scores: list[PageScore]) -> tuple[float, float, float]:
    words = sum((WordScore(s.matched, s.predicted, s.expected) for s in scores), WordScore(0, 0, 0))
    edits, chars = sum(s.edits for s in scores), sum(s.truth_chars for s in scores)
    return words.f1, edits / max(chars, 1), statistics.median(s.seconds for s in scores)


def report(bare: list[PageScore], ours: list[PageScore]) -> str:
    """Per-class table: pages, word F1, CER and median s/page for both systems."""
    classes: dict[str, tuple[list[PageScore], list[PageScore]]] = defaultdict(lambda: ([], []))
    for s in bare:
        classes[s.degradation][0].append(s)
    for s in ours:
        classes[s.degradation][1].append(s)
    head = f"{'class':<10}{'pages':>6}  {'F1 tess':>8}{'F1 ours':>8}  {'CER tess':>9}{'CER ours':>9}  "
    head += f"{'s/p tess':>9}{'s/p ours':>9}{'ratio':>7}"
    rows = [head, "-" * len(head)]
    for name in [*sorted(classes), "ALL"]:
        b, o = (bare, ours) if name == "ALL" else classes[name]
        if not b or not o:
            continue
        bf, bc, bt = _summary(b)
        of, oc, ot = _summary(o)
        rows.append(
            f"{name:<10}{len(o):>6}  {bf:>8.4f}{of:>8.4f}  {bc:>8.2%}{oc:>9.2%}  {bt:>9.2f}{ot:>9.2f}{ot / bt:>7.2f}"
        )
    return "\n".join(rows)


def throughput(tasks: list[PageTask], jobs: int) -> str:
    """Pages per minute for both systems with `jobs` worker processes."""
    lines = []
    for name, fn in (("tesseract", run_bare), ("sohoa", run_sohoa)):
        start = time.perf_counter()
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(fn, tasks, chunksize=1))
        minutes = (time.perf_counter() - start) / 60
        lines.append(f"{name:<10} {len(tasks) / minutes:7.1f} pages/min with {jobs} processes")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--only", help="only this degradation class")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--save", type=Path, help="write every page's scores and text as JSON")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages with the highest CER")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tasks = collect(args.folder, Path(tmp), args.limit)
        if args.only:
            tasks = [t for t in tasks if t.degradation == args.only]
        if not tasks:
            print(f"no samples with .truth.json under {args.folder}", file=sys.stderr)
            return 1
        bare = [run_bare(t) for t in tasks]
        ours = [run_sohoa(t) for t in tasks]
        print(report(bare, ours))
        if args.worst:
            ranked = sorted(ours, key=lambda s: s.edits / max(s.truth_chars, 1), reverse=True)
            for s in ranked[: args.worst]:
                rate = s.edits / max(s.truth_chars, 1)
                print(f"  {s.degradation:<8} {Path(s.source).name} p{s.frame + 1}: CER {rate:.2%}")
        if args.save:
            args.save.write_text(json.dumps([asdict(s) for s in bare + ours], ensure_ascii=False, indent=1))
        if not args.no_throughput:
            print(throughput(tasks, args.jobs))
    one, five, fifteen = os.getloadavg()
    print(f"load average at the end: {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min) on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
