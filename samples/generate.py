"""Generate sample dossier files with ground truth: `python -m samples.generate OUT_DIR --count N --seed S`.

Each sample is one file (JPEG, PNG, multi-page PDF or TIFF) and beside it `<file>.truth.json` holding
the document type, degradation class, true dpi, clockwise rotation, dossier ID, every printed line in
reading order and the contract's fields. Sample `i` of seed `s` depends only on (s, i, type, class), so
the same arguments always give the same bytes. This is the only module here that writes files.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from PIL import Image

from . import card, degrade, documents, people, render
from .documents import Card, Document

CLASSES = degrade.CLASSES
DOC_TYPES = documents.DOC_TYPES
FILES_PER_DOSSIER = 3


@dataclass(frozen=True)
class Sample:
    """One generated file: its name, its bytes and its ground truth."""

    name: str
    data: bytes
    truth: dict[str, object]


def _render(doc: Document, rng: random.Random) -> list[render.Rendered]:
    """Draw every page of a document in its natural form (A4 form at 300 dpi, card at 600 dpi)."""
    family = rng.choice(render.FORM_FAMILIES)
    pages = []
    for page in doc.pages:
        if isinstance(page, Card) and page.variant == "licence":
            pages.append(render.render_licence(page))
        elif isinstance(page, Card):
            pages.append(card.render_card(page, rng))
        else:
            pages.append(render.render_form(page, 300, family))
    return pages


def _signed_and_sealed(page: render.Rendered, rng: np.random.Generator, seal_text: str) -> render.Rendered:
    """An official document as it leaves the office: a blue signature in the signing space and the
    body's red seal over its left part, partly over the signer's title, as real ones are stamped."""
    area = page.anchors.get("signature")
    if area is None:
        return page
    image = page.image.copy()
    mm = page.dpi / 25.4
    x0, y0, x1, y1 = area
    sw, sh = min(x1 - x0, round(45 * mm)), y1 - y0
    signature = degrade.signature_mask(sw, sh, rng, max(3, round(0.45 * mm)))
    _ink(image, signature, (x0 + x1) // 2 - sw // 2, y0 + sh // 8, degrade.SIGNATURE_BLUE, 0.9)
    diameter = round(rng.uniform(32, 36) * mm)
    seal = degrade.seal_mask(seal_text, diameter, rng)
    sx = x0 - diameter // 2 + int(rng.integers(-20, 40))
    sy = (y0 + y1) // 2 - diameter // 2 - round(0.12 * diameter)
    _ink(image, seal, sx, sy, degrade.SEAL_RED, float(rng.uniform(0.7, 0.82)))
    return render.Rendered(image, page.dpi, page.lines, page.anchors)


def _ink(image: np.ndarray, alpha: np.ndarray, x: int, y: int, colour: np.ndarray, opacity: float) -> None:
    """Multiply ink of `colour` through `alpha` onto the image at (x, y), in place."""
    h, w = alpha.shape
    x0, y0, x1, y1 = max(0, x), max(0, y), min(image.shape[1], x + w), min(image.shape[0], y + h)
    if x1 <= x0 or y1 <= y0:
        return
    a = alpha[y0 - y : y1 - y, x0 - x : x1 - x, None] * opacity
    region = image[y0:y1, x0:x1].astype(np.float32)
    image[y0:y1, x0:x1] = (region * (1 - a) + region * (colour / 255) * a).clip(0, 255).astype(np.uint8)


def _encode(page: degrade.Degraded) -> tuple[bytes, str]:
    """Encode one degraded page as PNG, JPEG or bilevel PNG, with its dpi in the metadata."""
    dpi = page.file_dpi or page.dpi
    buffer = io.BytesIO()
    image = Image.fromarray(page.image)
    if page.encoding == "jpeg":
        image.save(buffer, "JPEG", quality=page.jpeg_quality, dpi=(dpi, dpi), optimize=True)
        return buffer.getvalue(), "jpg"
    if page.encoding == "bilevel":
        image = image.convert("1", dither=Image.Dither.NONE)
    image.save(buffer, "PNG", dpi=(dpi, dpi))
    return buffer.getvalue(), "png"


def _encode_multipage(pages: list[degrade.Degraded], kind: str) -> bytes:
    """Several pages as one PDF (JPEG pages at their dpi) or one TIFF (deflate)."""
    images = [Image.fromarray(p.image) for p in pages]
    buffer = io.BytesIO()
    dpi = pages[0].dpi
    if kind == "pdf":
        images[0].save(
            buffer,
            "PDF",
            save_all=True,
            append_images=images[1:],
            resolution=float(dpi),
            quality=pages[0].jpeg_quality,
            title="Hồ sơ số hóa",
            creationDate=_EPOCH,
            modDate=_EPOCH,
        )
    else:
        images[0].save(
            buffer, "TIFF", save_all=True, append_images=images[1:], dpi=(dpi, dpi), compression="tiff_adobe_deflate"
        )
    return buffer.getvalue()


_EPOCH = time.gmtime(1764061200)  # fixed PDF dates keep the bytes reproducible


def _companion(doc: Document, rng: random.Random) -> Document:
    """The document that travels with `doc` in a multi-page file: the person's ID card, or for a card
    the application form it supports."""
    if doc.doc_type == "citizen_id_card" or isinstance(doc.pages[0], Card):
        return documents.application_form(rng, doc.person)
    return documents.citizen_id_card(rng, doc.person)


def _as_a4(page: render.Rendered) -> render.Rendered:
    """Cards become an A4 photocopy at 300 dpi; forms are already A4."""
    return card.on_a4(page, 300) if page.dpi != 300 else page


def make_sample(doc_type: str, cls: str, seed: int, index: int, dossier_id: str, rotation: int | None = None) -> Sample:
    """Build sample `index` of `seed`: one document of `doc_type` degraded by class `cls`."""
    rng = random.Random(f"sohoa:{seed}:{index}:{doc_type}:{cls}")
    nrng = np.random.default_rng([seed, index, DOC_TYPES.index(doc_type), CLASSES.index(cls)])
    doc = documents.build(doc_type, rng)
    pages = _render(doc, rng)
    if doc_type == "official_document":
        pages = [_signed_and_sealed(p, nrng, doc.seal_text) for p in pages]
    stem = f"{index + 1:04d}-{doc_type}-{cls}"
    truth: dict[str, object] = {"doc_type": doc_type, "degradation": cls, "dossier_id": dossier_id}
    if cls in ("pdf", "tiff"):
        other = _companion(doc, rng)
        other_pages = _render(other, rng)
        all_pages = [_as_a4(p) for p in pages + other_pages]
        degraded = [degrade.light_scan(p, nrng, noise=cls == "pdf") for p in all_pages]
        data, ext = _encode_multipage(degraded, cls), ("pdf" if cls == "pdf" else "tif")
        first = len(pages)
        truth |= {
            "dpi": 300,
            "rotation": 0,
            "pages": [{"lines": list(p.lines)} for p in all_pages],
            "fields": doc.fields,
            "documents": [
                {"pages": [1, first], "doc_type": doc.doc_type, "fields": doc.fields},
                {"pages": [first + 1, len(all_pages)], "doc_type": other.doc_type, "fields": other.fields},
            ],
        }
    else:
        page = pages[0]
        if cls == "stamp":
            out = degrade.stamp(page, nrng, doc.seal_text)
        elif cls == "rotated":
            out = degrade.rotated(page, nrng, rotation)
        else:
            out = getattr(degrade, cls)(page, nrng)
        data, ext = _encode(out)
        truth |= {
            "dpi": out.dpi,
            "rotation": out.rotation,
            "pages": [{"lines": list(page.lines)}],
            "fields": doc.fields,
        }
        if cls == "stamp":
            truth["seal_text"] = doc.seal_text
    if doc.extra:
        truth["layout"] = doc.extra
    name = f"{stem}.{ext}"
    truth = {"file": name, **truth}
    return Sample(name, data, truth)


def plan(count: int, classes: Sequence[str], types: Sequence[str]) -> list[tuple[str, str]]:
    """(type, class) for each of `count` files: cycles so that max(len) files cover every type and
    class, and len(types) × len(classes) files cover every combination."""
    longer, shorter = (classes, types) if len(classes) >= len(types) else (types, classes)
    combos = []
    for i in range(count):
        a, b = longer[i % len(longer)], shorter[(i % len(longer) + i // len(longer)) % len(shorter)]
        combos.append((b, a) if longer is classes else (a, b))
    return combos


def dossier_for(seed: int, group: int) -> str:
    """The dossier ID shared by files `FILES_PER_DOSSIER * group …` of a run."""
    rng = random.Random(f"sohoa:{seed}:dossier:{group}")
    return people.dossier_id(rng, people.random_date(rng, date(2025, 7, 1), date(2025, 11, 25)))


def write_sample(sample: Sample, out_dir: Path) -> Path:
    """Write the file and its `<file>.truth.json`; return the file's path."""
    path = out_dir / sample.name
    path.write_bytes(sample.data)
    truth = json.dumps(sample.truth, ensure_ascii=False, indent=2) + "\n"
    (out_dir / f"{sample.name}.truth.json").write_text(truth, encoding="utf-8")
    return path


def generate(
    out_dir: str | Path, count: int, seed: int, classes: Sequence[str] | None = None, types: Sequence[str] | None = None
) -> list[Path]:
    """Write `count` samples (files plus truth) into `out_dir`; return the files' paths."""
    classes = list(classes or CLASSES)
    types = list(types or DOC_TYPES)
    unknown = [c for c in classes if c not in CLASSES] + [t for t in types if t not in DOC_TYPES]
    if unknown:
        raise ValueError(f"unknown class or type: {', '.join(unknown)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, (doc_type, cls) in enumerate(plan(count, classes, types)):
        sample = make_sample(doc_type, cls, seed, index, dossier_for(seed, index // FILES_PER_DOSSIER))
        paths.append(write_sample(sample, out))
    return paths


#: The committed demo set (`samples/demo/`): every type and class, three dossiers of three to six files.
DEMO_SEED = 2025
DEMO: tuple[tuple[str, str, int | None], ...] = (
    ("citizen_id_card", "clean", None),
    ("application_form", "scan", None),
    ("application_form", "pdf", None),
    ("birth_registration_form", "photo", None),
    ("business_registration", "stamp", None),
    ("land_use_certificate", "rotated", 180),
    ("business_registration", "lowdpi", None),
    ("birth_registration_form", "fax", None),
    ("land_use_certificate", "scan", None),
    ("citizen_id_card", "stamp", None),
    ("official_document", "scan", None),
    ("unknown", "clean", None),
)


def build_demo(out_dir: str | Path) -> list[Path]:
    """Write the demo set as `<NN>-<type>-<class>.<ext>` plus truth; dossiers group files 1-3, 4-6, 7-12."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, (doc_type, cls, rotation) in enumerate(DEMO):
        dossier = dossier_for(DEMO_SEED, min(index // 3, 2))
        sample = make_sample(doc_type, cls, DEMO_SEED, index, dossier, rotation)
        name = f"{index + 1:02d}-{sample.name.split('-', 1)[1]}"
        paths.append(write_sample(Sample(name, sample.data, {**sample.truth, "file": name}), out))
    return paths


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--demo", action="store_true", help="write the fixed demo set instead")
    parser.add_argument("--count", type=int, default=len(CLASSES) * 2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--classes", help=f"comma-separated subset of {','.join(CLASSES)}")
    parser.add_argument("--types", help=f"comma-separated subset of {','.join(DOC_TYPES)}")
    args = parser.parse_args(argv)
    if args.demo:
        paths = build_demo(args.out_dir)
        print(f"wrote {len(paths)} demo samples with truth to {args.out_dir}")
        return 0
    try:
        paths = generate(args.out_dir, args.count, args.seed, _split(args.classes), _split(args.types))
    except ValueError as error:
        parser.error(str(error))
    size = sum(p.stat().st_size for p in paths)
    kinds = sorted({p.name.split("-", 1)[1].rsplit(".", 1)[0] for p in paths})
    print(
        f"wrote {len(paths)} samples ({size / 1e6:.1f} MB, {len(kinds)} type-class combinations) "
        f"with truth to {args.out_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
