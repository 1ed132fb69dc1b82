"""End-to-end accuracy and speed: the whole sohoa pipeline against bare Tesseract, per degradation class.

    python -m samples.generate /tmp/accset --count 45 --seed 11
    python -m bench.accuracy /tmp/accset [--limit N] [--save rows.json]

For every sample with a `.truth.json`, the file goes through what `sohoa digitise` does (intake,
storage, cleanup, OCR, classification, splitting, fields, searchable PDF, catalogue) in a
throw-away data folder, timed; bare `tesseract PAGE - -l vie` reads the same pages. Printed per
class: word-bag F1 and character error rate for both, field exact-match, document-type accuracy,
fields reported valid with a wrong value, and median seconds per page for both.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.metrics import WordScore, edit_distance, normalise, word_score
from bench.ocr import collect, run_bare

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass
class ClassScore:
    """Running totals for one degradation class."""

    files: int = 0
    pages: int = 0
    bare_words: WordScore = field(default_factory=lambda: WordScore(0, 0, 0))
    ours_words: WordScore = field(default_factory=lambda: WordScore(0, 0, 0))
    bare_edits: int = 0
    ours_edits: int = 0
    truth_chars: int = 0
    fields_expected: int = 0
    fields_exact: int = 0
    fields_valid_wrong: int = 0
    fields_reported: int = 0
    documents: int = 0
    types_right: int = 0
    bare_seconds: list[float] = field(default_factory=list)
    ours_seconds: list[float] = field(default_factory=list)


def _digitise(path: Path, dossier_id: str, data_dir: Path) -> tuple[list, float]:
    """Run the real pipeline on one file in `data_dir`; (documents incl. split parts, seconds)."""
    os.environ["SOHOA_DATA_DIR"] = str(data_dir)
    from core.settings import get_settings
    from ingest import context
    from ingest.digitising import pipeline
    from ingest.receiving import service

    context.reset()
    start = time.perf_counter()
    accepted = service.receive(
        dossier_id, path, path.name, enqueue=False, store=context.get_store(), catalogue=context.get_catalogue()
    )
    parent = pipeline.digitise(
        accepted.document.document_id, context.get_store(), context.get_catalogue(), get_settings()
    )
    seconds = time.perf_counter() - start
    return service.with_split_parts(context.get_catalogue(), dossier_id, [parent]), seconds


def _document_for(documents: list, first_page: int):  # a storage record
    if first_page == 1:
        return documents[0]
    return next((d for d in documents[1:] if f"(pages {first_page}-" in d.source), None)


def score_file(path: Path, truth: dict, bare_pages: list, data_dir: Path, total: ClassScore) -> dict:
    """Digitise one sample and add its scores to `total`; returns a row for --save."""
    documents, seconds = _digitise(path, truth["dossier_id"], data_dir)
    parent = documents[0]
    truth_pages = ["\n".join(p["lines"]) for p in truth["pages"]]
    total.files += 1
    total.pages += len(truth_pages)
    edits = chars = 0
    for number, truth_text in enumerate(truth_pages, start=1):
        ours = next((p.text for p in parent.pages if p.number == number), "")
        total.ours_words += word_score(ours, truth_text)
        edits += edit_distance(normalise(ours), normalise(truth_text))
        chars += len(normalise(truth_text))
    total.ours_edits += edits
    total.truth_chars += chars
    for bare in bare_pages:
        total.bare_words += WordScore(bare.matched, bare.predicted, bare.expected)
        total.bare_edits += bare.edits
        total.bare_seconds.append(bare.seconds)
    total.ours_seconds.append(seconds / max(1, len(truth_pages)))
    expected_docs = truth.get("documents") or [
        {"pages": [1, len(truth_pages)], "doc_type": truth["doc_type"], "fields": truth["fields"]}
    ]
    misses = []
    for expected in expected_docs:
        total.documents += 1
        doc = _document_for(documents, expected["pages"][0])
        got_type = doc.doc_type if doc else None
        total.types_right += got_type == expected["doc_type"]
        got = {f.name: f for f in doc.fields} if doc else {}
        for name, want in expected["fields"].items():
            total.fields_expected += 1
            value = got[name].value if name in got else None
            total.fields_exact += value == want
            if value != want:
                misses.append(f"{name}: {value!r} != {want!r}")
        for name, f in got.items():
            if name in expected["fields"]:
                total.fields_reported += 1
                total.fields_valid_wrong += f.valid and f.value != expected["fields"][name]
    cer = round(edits / max(1, chars), 4)
    return {
        "file": path.name,
        "class": truth["degradation"],
        "seconds": round(seconds, 2),
        "cer": cer,
        "misses": misses,
    }


def report(classes: dict[str, ClassScore]) -> str:
    """The per-class table."""
    head = (
        f"{'class':<9}{'files':>6}{'pages':>6} {'F1 tess':>8}{'F1 ours':>8} {'CER tess':>9}{'CER ours':>9} "
        f"{'fields':>7}{'type':>7}{'v-wrong':>8} {'s/p tess':>9}{'s/p ours':>9}"
    )
    rows = [head, "-" * len(head)]
    everything = ClassScore()
    for name in sorted(classes):
        c = classes[name]
        rows.append(_row(name, c))
        for attr, value in vars(c).items():
            setattr(everything, attr, getattr(everything, attr) + value)
    rows.append(_row("ALL", everything))
    return "\n".join(rows)


def _row(name: str, c: ClassScore) -> str:
    return (
        f"{name:<9}{c.files:>6}{c.pages:>6} {c.bare_words.f1:>8.4f}{c.ours_words.f1:>8.4f} "
        f"{c.bare_edits / max(1, c.truth_chars):>9.2%}{c.ours_edits / max(1, c.truth_chars):>9.2%} "
        f"{c.fields_exact / max(1, c.fields_expected):>7.1%}{c.types_right / max(1, c.documents):>7.1%}"
        f"{c.fields_valid_wrong / max(1, c.fields_reported):>8.2%} "
        f"{statistics.median(c.bare_seconds or [0]):>9.2f}{statistics.median(c.ours_seconds or [0]):>9.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Score every sample in a folder and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, help="only the first N files")
    parser.add_argument("--save", type=Path, help="write per-file rows (with field misses) as JSON")
    args = parser.parse_args(argv)
    classes: dict[str, ClassScore] = defaultdict(ClassScore)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as tmp:
        tasks = collect(args.folder, Path(tmp), args.limit)
        if not tasks:
            print(f"no samples with .truth.json under {args.folder}", file=sys.stderr)
            return 1
        by_source: dict[str, list] = defaultdict(list)
        for task in tasks:
            by_source[task.source].append(run_bare(task))
        for source, bare_pages in by_source.items():
            path = Path(source)
            truth = json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))
            row = score_file(path, truth, bare_pages, Path(tmp) / "data", classes[truth["degradation"]])
            rows.append(row)
            print(
                f"  {row['class']:<8} {row['file']}: {row['seconds']:.1f}s {len(row['misses'])} field misses",
                file=sys.stderr,
            )
    print(report(classes))
    if args.save:
        args.save.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
