"""Score classification and field extraction against generated samples.

    python bench/fields.py DIR [--limit N] [--only-class clean] [--cache CACHE]   # real OCR on sample files
    python bench/fields.py --from-truth --count 200 --seed 1 [--noise 0.3]

DIR holds sample files (PNG/JPEG/TIFF/PDF) each with `<name>.truth.json` beside it, as written by
`python -m samples.generate DIR --count N --seed S` (`doc_type`, `fields` in contract form, and a
degradation class). Every page is read as `ingest.digitising.pipeline` reads it (`ingest.receiving.intake.iter_pages`,
then `ocr.page.read_page`), split with `split_pages`, and each segment's fields extracted; a file
holding several documents (truth `documents`) is scored document by document, as `bench.accuracy`
does. `--cache CACHE` keeps each file's OCR lines (pickled, keyed by the last git commit of the modules
that read a page: `READING`) so extraction can be re-scored in seconds after a change.
`--from-truth` skips images and OCR: documents are built with
`samples.documents`, their printed lines taken from the renderer, optionally with simulated
Tesseract `vie` noise, which separates extraction errors from OCR errors.

Prints field exact-match per type and per degradation class, document-type accuracy, and the
rate of fields reported `valid: true` with a wrong value (over all truth fields).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ocr.classify import classify, split_pages
from ocr.fields import FIELDS_BY_TYPE, Field, extract_fields, needs_review
from ocr.tesseract import Line, Word


@dataclass
class Case:
    """One document to score: truth, and the OCR lines / page texts it was read as."""

    name: str
    doc_type: str
    degradation: str
    truth: dict[str, str]
    lines: list[Line]
    page_texts: list[str]
    documents: list[dict] | None = None  # several documents in one file: [{pages, doc_type, fields}]


# -- simulated OCR from truth lines -------------------------------------------------------------

_HOOK_ACUTE = str.maketrans("ấẩếểốổẤẨẾỂỐỔ", "ẩấểếổốẨẤỂẾỔỐ")


def _strip_marks(word: str) -> str:
    out = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in out if not unicodedata.combining(c)))


def _noisy_word(word: str, rng: random.Random, p: float) -> tuple[str, float]:
    roll = rng.random()
    if roll > p:
        return word, rng.uniform(85, 97)
    kind = rng.choice(["marks", "hook", "zero", "one"])
    if kind == "marks":
        return _strip_marks(word), rng.uniform(55, 80)
    if kind == "hook" and word.translate(_HOOK_ACUTE) != word:
        return word.translate(_HOOK_ACUTE), rng.uniform(60, 85)
    if kind == "zero" and "0" in word:
        return word.replace("0", "O", 1), rng.uniform(50, 75)
    if kind == "one" and "1" in word:
        return word.replace("1", "l", 1), rng.uniform(50, 75)
    return word, rng.uniform(85, 97)


def simulate_lines(texts: list[str], page: int, rng: random.Random, p: float) -> list[Line]:
    """Truth lines as Tesseract might return them: word noise, and labels split from values."""
    lines: list[Line] = []
    for i, text in enumerate(texts):
        parts = [text]
        if p and ": " in text and rng.random() < p / 2:
            label, _, value = text.partition(": ")
            parts = [label + ":", value]
        for part in parts:
            words = []
            for n, raw in enumerate(part.split()):
                word, conf = _noisy_word(raw, rng, p)
                words.append(Word(word, round(conf, 1), 10 * n, 40 * i, 8, 30, page, 1, i))
            if words:
                conf = sum(w.confidence for w in words) / len(words)
                lines.append(Line(" ".join(w.text for w in words), conf, tuple(words), page))
    return lines


def truth_cases(count: int, seed: int, noise: float) -> Iterator[Case]:
    """Documents built by `samples.documents`, read from their own printed lines."""
    from samples.card import render_card
    from samples.documents import DOC_TYPES, Card, build
    from samples.render import render_form

    rng = random.Random(seed)
    for n in range(count):
        doc_type = DOC_TYPES[n % len(DOC_TYPES)]
        doc = build(doc_type, rng)
        lines: list[Line] = []
        texts: list[str] = []
        for number, page in enumerate(doc.pages, 1):
            printed = list(render_card(page, rng).lines if isinstance(page, Card) else render_form(page).lines)
            page_lines = simulate_lines(printed, number, rng, noise)
            lines += page_lines
            texts.append("\n".join(line.text for line in page_lines))
        label = f"noise {noise:g}" if noise else "truth"
        yield Case(f"truth-{n:04d}", doc_type, label, dict(doc.fields), lines, texts)


# -- real OCR on sample files -------------------------------------------------------------------


READING = ("ocr/cleanup", "ocr/page.py", "ocr/tesseract.py", "ocr/recover.py", "ocr/glyphs.py")


def _ocr_version() -> str:
    import subprocess

    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        ["git", "log", "-1", "--format=%h", "--", *READING], cwd=root, capture_output=True, text=True, check=False
    )
    return out.stdout.strip() or "unknown"


def _read_file(path: Path, cache: Path | None) -> list[tuple[str, tuple[Line, ...]]]:
    """(text, lines) of every page, read as the pipeline reads them; from the cache when there."""
    import hashlib
    import pickle

    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16] if cache else ""
    # keyed by content: the same name in another generated set is another file
    cached = cache / _ocr_version() / f"{path.name}.{digest}.pkl" if cache else None
    if cached and cached.is_file():
        return pickle.loads(cached.read_bytes())
    from core.settings import get_settings
    from ingest.receiving import intake
    from ocr.page import read_page

    settings = get_settings()
    source = intake.inspect(path, path.name, settings)
    pages = []
    for number, image, dpi in intake.iter_pages(source, settings):
        page = read_page(image, dpi=dpi, number=number, language=settings.ocr_language)
        pages.append((page.text, tuple(Line(ln.text, ln.confidence, ln.words, number) for ln in page.lines)))
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(pickle.dumps(pages))
    return pages


def file_cases(folder: Path, limit: int | None, only: str | None, cache: Path | None = None) -> Iterator[Case]:
    """Sample files read by the real page pipeline."""
    done = 0
    for truth_path in sorted(folder.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        degradation = str(truth.get("degradation") or "?")
        path = folder / truth_path.name.removesuffix(".truth.json")
        if (only and degradation != only) or not path.is_file():
            continue
        pages = _read_file(path, cache)
        lines = [line for _, page_lines in pages for line in page_lines]
        yield Case(
            path.name,
            truth["doc_type"],
            degradation,
            dict(truth.get("fields", {})),
            lines,
            [text for text, _ in pages],
            truth.get("documents"),
        )
        done += 1
        if limit and done >= limit:
            return


def _documents(case: Case) -> list[tuple[Case, str, dict[str, Field]]]:
    """(expected document, predicted type, fields) for each document of the case, split as the pipeline splits."""
    segments = split_pages(case.page_texts)
    if not case.documents:
        predicted = classify("\f".join(case.page_texts)).doc_type if segments else "unknown"
        if segments:  # the pipeline types and extracts the first segment of a file
            first = segments[0]
            predicted = first.doc_type
            lines = [ln for ln in case.lines if first.first_page <= ln.page <= first.last_page]
            return [(case, predicted, extract_fields(predicted, lines))]
        return [(case, predicted, {})]
    found = []
    for doc in case.documents:
        segment = next((s for s in segments if s.first_page == doc["pages"][0]), None)
        predicted = segment.doc_type if segment else "unknown"
        lines = [ln for ln in case.lines if segment and segment.first_page <= ln.page <= segment.last_page]
        expected = Case(
            f"{case.name} p{doc['pages'][0]}", doc["doc_type"], case.degradation, dict(doc["fields"]), lines, []
        )
        found.append((expected, predicted, extract_fields(predicted, lines) if segment else {}))
    return found


# -- scoring ----------------------------------------------------------------------------------------


class Tally:
    """Exact-match counts keyed by any label."""

    def __init__(self) -> None:
        self.right: dict[str, int] = defaultdict(int)
        self.total: dict[str, int] = defaultdict(int)

    def add(self, key: str, ok: bool) -> None:
        self.total[key] += 1
        self.right[key] += ok

    def line(self, key: str) -> str:
        total = self.total[key]
        return f"{key:<28} {self.right[key]:>6}/{total:<6} {100 * self.right[key] / max(1, total):6.2f}%"


def score(cases: Iterator[Case], verbose: bool) -> int:
    """Run classify + extract on every case and print the tallies; exit status 0."""
    fields, types, valid_wrong = Tally(), Tally(), 0
    per_field = Tally()
    reviewed_with_error = documents_with_error = docs = 0
    started = time.time()
    for file_case in cases:
        for case, predicted, got in _documents(file_case):
            docs += 1
            types.add("all", predicted == case.doc_type)
            types.add(case.degradation, predicted == case.doc_type)
            wrong_here = []
            for name in FIELDS_BY_TYPE.get(case.doc_type, ()):
                if name not in case.truth:
                    continue
                field = got.get(name)
                ok = field is not None and field.value == case.truth[name]
                for key in ("all", case.doc_type, case.degradation):
                    fields.add(key, ok)
                per_field.add(f"{case.doc_type[:12]}.{name}", ok)
                if field is not None and field.valid and not ok:
                    valid_wrong += 1
                if not ok:
                    wrong_here.append(
                        (name, case.truth[name], field.value if field else None, field.valid if field else None)
                    )
            if wrong_here:
                documents_with_error += 1
                reviewed_with_error += needs_review(predicted, got)
            if verbose and (wrong_here or predicted != case.doc_type):
                print(f"-- {case.name} [{case.doc_type} → {predicted}, {case.degradation}]")
                for name, want, have, valid in wrong_here:
                    print(f"   {name}: want {want!r} got {have!r} valid={valid}")
    print(f"\n{docs} documents in {time.time() - started:.1f}s")
    print("\nfield exact-match")
    for key in sorted(fields.total, key=lambda k: (k != "all", k)):
        print("  " + fields.line(key))
    print("\ndocument type accuracy")
    for key in sorted(types.total, key=lambda k: (k != "all", k)):
        print("  " + types.line(key))
    total = fields.total["all"]
    print(f"\nvalid-but-wrong: {valid_wrong}/{total} = {100 * valid_wrong / max(1, total):.2f}% of truth fields")
    print(f"documents with an error sent to review: {reviewed_with_error}/{documents_with_error}")
    if verbose:
        print("\nper field")
        for key in sorted(per_field.total):
            print("  " + per_field.line(key))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="folder of samples with .truth.json files")
    parser.add_argument("--from-truth", action="store_true", help="build documents, skip images and OCR")
    parser.add_argument("--count", type=int, default=100, help="documents for --from-truth")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--noise", type=float, default=0.0, help="per-word OCR noise rate for --from-truth")
    parser.add_argument("--limit", type=int, help="score at most this many files")
    parser.add_argument("--only-class", help="only files of this degradation class")
    parser.add_argument("--cache", type=Path, help="folder keeping each file's OCR lines between runs")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    if args.from_truth:
        return score(truth_cases(args.count, args.seed, args.noise), args.verbose)
    if args.folder is None:
        parser.error("give a folder of samples, or --from-truth")
    return score(file_cases(args.folder, args.limit, args.only_class, args.cache), args.verbose)


if __name__ == "__main__":
    raise SystemExit(main())
