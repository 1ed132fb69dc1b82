"""The real development set: the whole sohoa pipeline against bare Tesseract, per case and overall.

    python -m bench.realdocs [../shared/realdocs] [--only d001 d012] [--jobs 2] [--json-out out.json]
                             [--no-bare] [--show-missing] [--save-text DIR]

The set (`truth.jsonl` and `cases/`) is read where it lies; nothing of it is copied into the project.
Each case goes through what `sohoa digitise` does (intake, storage, cleanup, OCR, classification,
fields, searchable PDF, catalogue) in a throw-away data folder, in-process; bare Tesseract reads it
the way the set's own `score.py --engine raw` does (page 1 only, PDFs rendered at 300 dpi by
pdftoppm, first TIFF frame, images as stored, `lang vie`).

Scores, per case and pooled over all lines:
- strict line recall: a truth line is found when, after `score.py`'s normalisation (NFC, whitespace
  folded, dash and quote variants folded), it occurs as a substring of the text (all documents joined);
- lenient line recall: the same texts additionally folded to lower case without diacritics (đ → d),
  and a line counts as found when some substring of the text is within 10% of the line's length in
  character edits (≥ 90% character similarity);
- doc type (`other` is satisfied by `unknown` or `official_document`), fields exactly matched, and
  seconds per page (the pipeline: wall time over all pages of the file; Tesseract: page 1).
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
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

_REPO = Path(__file__).resolve().parent.parent
# ../shared/realdocs beside the repository (a worktree under /work/wt/NAME looks one level further up)
DEFAULT_SET = next(
    (p for p in (_REPO.parent / "shared" / "realdocs", _REPO.parent.parent / "shared" / "realdocs") if p.is_dir()),
    _REPO.parent / "shared" / "realdocs",
)
DOSSIER_ID = "000.00.36.H36-251125-0001"
LENIENT_SIMILARITY = 0.90

_FOLD = dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-")
_FOLD.update(dict.fromkeys("“”„‟″«»＂", '"'))
_FOLD.update(dict.fromkeys("‘’‚‛′＇", "'"))
_FOLD_TABLE = str.maketrans(_FOLD)


def fold_ws(text: str) -> str:
    """NFC and single spaces (score.py's field comparison form)."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def norm(text: str) -> str:
    """score.py's line form: NFC, whitespace folded, dash and quote variants folded."""
    return fold_ws(text).translate(_FOLD_TABLE)


def loose(text: str) -> str:
    """The lenient form: `norm`, lower case, diacritics dropped, đ → d."""
    decomposed = unicodedata.normalize("NFD", norm(text).lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def best_substring_distance(pattern: str, text: str) -> int:
    """Fewest character edits turning `pattern` into some substring of `text` (Sellers' algorithm)."""
    if not pattern:
        return 0
    if not text:
        return len(pattern)
    hay = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    index = np.arange(len(hay) + 1, dtype=np.int32)
    row = np.zeros(len(hay) + 1, dtype=np.int32)  # a match may start anywhere: row 0 is all zeros
    for i, char in enumerate(pattern, start=1):
        cost = (hay != ord(char)).astype(np.int32)
        best = np.empty_like(row)
        best[0] = i
        best[1:] = np.minimum(row[1:] + 1, row[:-1] + cost)
        # insertions run along the row: D[j] = min_k (best[k] + j - k)
        row = np.minimum.accumulate(best - index) + index
    return int(row.min())


def lenient_found(line: str, hay_loose: str) -> bool:
    """The lenient test for one truth line against the loosely folded text."""
    target = loose(line)
    if target in hay_loose:
        return True
    allowed = int(len(target) * (1 - LENIENT_SIMILARITY))
    return allowed > 0 and best_substring_distance(target, hay_loose) <= allowed


def doc_type_ok(kind: str, got: str | None) -> bool:
    """score.py's doc-type rule."""
    if kind == "other":
        return got in ("unknown", "other", "official_document")
    return got == kind


@dataclass
class EngineResult:
    """One engine's reading of one case."""

    text: str = ""
    seconds: float = 0.0
    pages: int = 1
    doc_type: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    steps: list[list[str]] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    needs_review: bool | None = None
    error: str | None = None


def bare_tesseract(path: Path) -> EngineResult:
    """score.py's raw engine: page 1, 300 dpi for PDFs, frame 1 of TIFFs, pixels as stored."""
    import pytesseract
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None
    start = time.perf_counter()
    try:
        if path.suffix.lower() == ".pdf":
            with tempfile.TemporaryDirectory() as tmp:
                prefix = os.path.join(tmp, "p")
                subprocess.run(
                    ["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", str(path), prefix],
                    check=True,
                    capture_output=True,
                )
                png = sorted(f for f in os.listdir(tmp) if f.endswith(".png"))[0]
                with Image.open(os.path.join(tmp, png)) as im:
                    im.load()
                    text = pytesseract.image_to_string(im, lang="vie")
        else:
            with Image.open(path) as im:
                im.seek(0)
                im.load()
                text = pytesseract.image_to_string(im, lang="vie")
    except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
        return EngineResult(error=repr(exc), seconds=time.perf_counter() - start)
    return EngineResult(text=text, seconds=time.perf_counter() - start)


def pipeline(path: Path, data_dir: Path) -> EngineResult:
    """What `sohoa digitise` does, in-process, in `data_dir`."""
    os.environ["SOHOA_DATA_DIR"] = str(data_dir)
    from core.settings import get_settings
    from ingest import context
    from ingest.digitising import pipeline as pipe
    from ingest.digitising.results import document_json
    from ingest.receiving import service

    context.reset()
    start = time.perf_counter()
    try:
        accepted = service.receive(
            DOSSIER_ID, path, path.name, enqueue=False, store=context.get_store(), catalogue=context.get_catalogue()
        )
        parent = pipe.digitise(
            accepted.document.document_id, context.get_store(), context.get_catalogue(), get_settings()
        )
        records = service.with_split_parts(context.get_catalogue(), DOSSIER_ID, [parent])
    except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
        return EngineResult(error=f"{type(exc).__name__}: {exc}", seconds=time.perf_counter() - start)
    seconds = time.perf_counter() - start
    docs = [document_json(r) for r in records]
    first = docs[0]
    return EngineResult(
        text="\n".join(d.get("text") or "" for d in docs),
        seconds=seconds,
        pages=max(1, len(parent.pages)),
        doc_type=first.get("doc_type"),
        fields={k: v.get("value") if isinstance(v, dict) else v for k, v in (first.get("fields") or {}).items()},
        steps=[list(p.steps) for p in parent.pages],
        findings=list(first.get("findings") or []),
        needs_review=first.get("needs_review"),
    )


@dataclass
class CaseScore:
    """Both engines' scores on one case."""

    id: str
    kind: str
    lines: int
    ours_found: int
    ours_lenient: int
    bare_found: int | None
    bare_lenient: int | None
    doc_type: str | None
    doc_type_ok: bool
    fields_ok: int
    fields: int
    ours_seconds_per_page: float
    bare_seconds: float | None
    pages: int
    missing: list[str]
    marks_only: int  # of `missing`, the lines read with only marks or case wrong
    steps: list[list[str]]
    findings: list[dict]
    error: str | None


def _count(lines: list[str], text: str) -> tuple[int, int, list[str], int]:
    """(lines found, found leniently, the missing lines, those of them missed only in marks or case)."""
    hay, hay_loose = norm(text), loose(text)
    missing = [ln for ln in lines if norm(ln) not in hay]
    lenient = sum(1 for ln in lines if norm(ln) in hay or lenient_found(ln, hay_loose))
    marks_only = sum(1 for ln in missing if loose(ln) in hay_loose)
    return len(lines) - len(missing), lenient, missing, marks_only


def score_case(args: tuple[dict, str, bool, str | None]) -> CaseScore:
    """Run both engines on one case (a worker-process entry point)."""
    case, base, with_bare, save_text = args
    path = Path(base) / case["file"]
    cid = Path(case["file"]).name.split("_")[0]
    with tempfile.TemporaryDirectory(prefix="sohoa-realdocs-") as tmp:
        ours = pipeline(path, Path(tmp) / "data")
    bare = bare_tesseract(path) if with_bare else None
    if save_text:
        Path(save_text).mkdir(parents=True, exist_ok=True)
        (Path(save_text) / f"{cid}.txt").write_text(ours.text, encoding="utf-8")
        if bare is not None:
            (Path(save_text) / f"{cid}.bare.txt").write_text(bare.text, encoding="utf-8")
    lines = case["text_lines"]
    found, lenient, missing, marks_only = _count(lines, ours.text)
    bare_found = bare_lenient = None
    if bare is not None:
        bare_found, bare_lenient, _, _ = _count(lines, bare.text)
    expected = case.get("fields") or {}
    fields_ok = sum(1 for k, v in expected.items() if k in ours.fields and fold_ws(str(ours.fields[k])) == fold_ws(v))
    return CaseScore(
        id=cid,
        kind=case["kind"],
        lines=len(lines),
        ours_found=found,
        ours_lenient=lenient,
        bare_found=bare_found,
        bare_lenient=bare_lenient,
        doc_type=ours.doc_type,
        doc_type_ok=doc_type_ok(case["kind"], ours.doc_type),
        fields_ok=fields_ok,
        fields=len(expected),
        ours_seconds_per_page=round(ours.seconds / ours.pages, 2),
        bare_seconds=round(bare.seconds, 2) if bare is not None else None,
        pages=ours.pages,
        missing=missing,
        marks_only=marks_only,
        steps=ours.steps,
        findings=ours.findings,
        error=ours.error,
    )


def _pct(found: int | None, total: int) -> str:
    return "    -" if found is None else f"{found / max(1, total):5.0%}"


def report(scores: list[CaseScore]) -> str:
    """The per-case table and the ALL line."""
    head = (
        f"{'case':<5} {'kind':<24} {'lines':>5} {'tess':>5} {'ours':>5} {'ours~':>5} {'tess~':>5} "
        f"{'type':<28} {'fields':>6} {'s/p tess':>8} {'s/p ours':>8}"
    )
    rows = [head, "-" * len(head)]
    for s in scores:
        flag = "" if s.bare_found is None or s.ours_found >= s.bare_found else "  < tess"
        rows.append(
            f"{s.id:<5} {s.kind:<24} {s.lines:>5} {s.bare_found if s.bare_found is not None else '-':>5} "
            f"{s.ours_found:>5} {s.ours_lenient:>5} {s.bare_lenient if s.bare_lenient is not None else '-':>5} "
            f"{(s.doc_type or '-') + ('' if s.doc_type_ok else ' (x)'):<28} "
            f"{f'{s.fields_ok}/{s.fields}' if s.fields else '-':>6} "
            f"{s.bare_seconds if s.bare_seconds is not None else '-':>8} {s.ours_seconds_per_page:>8}"
            f"{flag}{'  ERROR ' + s.error if s.error else ''}"
        )
    total = sum(s.lines for s in scores)
    ours = sum(s.ours_found for s in scores)
    ours_l = sum(s.ours_lenient for s in scores)
    with_bare = [s for s in scores if s.bare_found is not None]
    bare = sum(s.bare_found or 0 for s in with_bare)
    bare_l = sum(s.bare_lenient or 0 for s in with_bare)
    worse = [s.id for s in with_bare if s.ours_found < (s.bare_found or 0)]
    types = sum(s.doc_type_ok for s in scores)
    fok, fall = sum(s.fields_ok for s in scores), sum(s.fields for s in scores)
    med_ours = statistics.median([s.ours_seconds_per_page for s in scores]) if scores else 0.0
    med_bare = statistics.median([s.bare_seconds or 0 for s in with_bare]) if with_bare else 0.0
    rows.append("-" * len(head))
    rows.append(
        f"ALL cases={len(scores)} lines={total} strict ours={ours / max(1, total):.1%} ({ours}) "
        f"tess={_pct(bare, total).strip()} ({bare}) lenient ours={ours_l / max(1, total):.1%} "
        f"tess={_pct(bare_l, total).strip()} doc_type={types}/{len(scores)} fields={fok}/{fall} "
        f"median s/p ours={med_ours:.2f} tess={med_bare:.2f} "
        f"(ratio {med_ours / med_bare if med_bare else float('nan'):.2f}) fewer-than-tess={worse or 'none'} "
        f"missed-only-in-marks={sum(s.marks_only for s in scores)}"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Score the set and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_SET)
    parser.add_argument("--only", nargs="*", help="case ids to run (e.g. d001 d017)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--no-bare", action="store_true", help="skip bare Tesseract (faster while iterating)")
    parser.add_argument("--show-missing", action="store_true", help="print the truth lines the pipeline missed")
    parser.add_argument("--show-steps", action="store_true", help="print each page's cleanup steps")
    parser.add_argument("--save-text", help="write each case's texts to this folder (outside the project)")
    parser.add_argument("--json-out", type=Path, help="write per-case results as JSON")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    truth = folder / "truth.jsonl"
    if not truth.is_file():
        print(f"no truth.jsonl in {folder}", file=sys.stderr)
        return 1
    cases = [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.only:
        cases = [c for c in cases if Path(c["file"]).name.split("_")[0] in set(args.only)]
    tasks = [(c, str(folder), not args.no_bare, args.save_text) for c in cases]
    scores: list[CaseScore] = []
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            for score in pool.map(score_case, tasks):
                scores.append(score)
                print(f"  {score.id}: {score.ours_found}/{score.lines} (tess {score.bare_found})", file=sys.stderr)
    else:
        for task in tasks:
            score = score_case(task)
            scores.append(score)
            print(f"  {score.id}: {score.ours_found}/{score.lines} (tess {score.bare_found})", file=sys.stderr)
    print(report(scores))
    for s in scores:
        if args.show_missing and s.missing:
            print(f"{s.id} missing:")
            for line in s.missing:
                print(f"      {line}")
        if args.show_steps:
            for number, steps in enumerate(s.steps, start=1):
                print(f"{s.id} p{number}: " + " | ".join(steps))
            for finding in s.findings:
                print(f"{s.id} finding: {finding}")
    if args.json_out:
        args.json_out.write_text(json.dumps([asdict(s) for s in scores], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
