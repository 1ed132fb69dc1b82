"""The batch report: `report.json`, `report.csv` and a self-contained `report.html`, built from the catalogue.

One row per file of the batch (a file of a stack is a page range, `stack.pdf#p3-5`). In `report.json`
`fields` is an object `{name: {"value", "confidence", "valid"}}`; `report.csv` has the same columns with
`fields` as that same JSON object in one cell. The HTML page needs nothing but a browser: inline CSS,
first-page thumbnails as small base64 JPEGs made from the stored cleaned pages, failures first.
Totals are the batch's `Progress` numbers plus counts by status, type and review.
"""

from __future__ import annotations

import base64
import csv
import html
import json
import logging
import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from core.errors import SohoaError
from ocr import pdf
from storage.catalogue import Catalogue
from storage.objects import ObjectStore
from storage.records import DocumentRecord

from .progress import Progress

log = logging.getLogger(__name__)

COLUMNS = ("file", "dossier_id", "document_id", "doc_type", "pages", "status", "error", "needs_review", "fields")
THUMB_WIDTH = 150
_ORDER = {"failed": 0, "waiting": 2, "queued": 2, "processing": 2, "digitised": 3}


@dataclass(frozen=True)
class Report:
    """Rows and totals, ready to write."""

    batch_id: str
    source: str
    rows: list[dict[str, Any]]
    totals: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The `report.json` object."""
        return {"batch_id": self.batch_id, "source": self.source, "files": self.rows, "totals": self.totals}


def build_report(
    batch_id: str, source: str, items: list[dict[str, Any]], progress: Progress, catalogue: Catalogue
) -> tuple[Report, dict[str, DocumentRecord]]:
    """One row per batch item, read from the catalogue; also the documents by ID for thumbnails."""
    docs: dict[str, DocumentRecord] = {}
    rows = []
    for item in items:
        doc = None
        if item.get("document_id"):
            try:
                doc = docs.get(item["document_id"]) or catalogue.get_document(item["document_id"])
                docs[doc.document_id] = doc
            except SohoaError:
                doc = None
        rows.append(_row(item, doc))
    statuses = Counter(r["status"] for r in rows)
    totals = progress.to_dict()
    totals.update(
        files=len(rows),
        dossiers=len({r["dossier_id"] for r in rows}),
        by_status={s: statuses.get(s, 0) for s in ("digitised", "failed", "queued", "processing", "waiting")},
        by_doc_type=dict(sorted(Counter(r["doc_type"] for r in rows if r["doc_type"]).items())),
        needs_review=sum(1 for r in rows if r["needs_review"]),
    )
    return Report(batch_id, source, rows, totals), docs


def _row(item: dict[str, Any], doc: DocumentRecord | None) -> dict[str, Any]:
    if doc is None:
        failed = bool(item.get("error"))
        return {
            "file": item["file"],
            "dossier_id": item["dossier_id"],
            "document_id": None,
            "doc_type": item.get("doc_type"),
            "pages": item.get("pages", 0),
            "status": "failed" if failed else "waiting",
            "error": item.get("error"),
            "needs_review": False,
            "fields": {},
        }
    return {
        "file": item["file"],
        "dossier_id": doc.dossier_id,
        "document_id": doc.document_id,
        "doc_type": doc.doc_type or doc.requested_doc_type,
        "pages": doc.page_count or item.get("pages", 0),
        "status": doc.status,
        "error": doc.error,
        "needs_review": doc.needs_review,
        "fields": {f.name: {"value": f.value, "confidence": f.confidence, "valid": f.valid} for f in doc.fields},
    }


def write_report(
    report: Report, folder: Path, store: ObjectStore | None = None, docs: dict[str, DocumentRecord] | None = None
) -> dict[str, Path]:
    """Write the three files into `folder` (atomically each); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"json": folder / "report.json", "csv": folder / "report.csv", "html": folder / "report.html"}
    _atomic(paths["json"], json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    _atomic(paths["csv"], _csv(report.rows))
    _atomic(paths["html"], render_html(report, store, docs or {}))
    return paths


def _atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)


def _csv(rows: list[dict[str, Any]]) -> str:
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                json.dumps(row[c], ensure_ascii=False) if c == "fields" else ("" if row[c] is None else row[c])
                for c in COLUMNS
            ]
        )
    return out.getvalue()


def thumbnail(store: ObjectStore, doc: DocumentRecord, width: int = THUMB_WIDTH) -> str | None:
    """A document's first stored page as a small base64 JPEG data URL, or None when it cannot be read.

    Made from the page's JPEG inside the searchable PDF, decoded at an eighth of its size (libjpeg scales
    while decoding): ten times cheaper than decoding the full-size page PNG, which is the fallback.
    """
    image: np.ndarray | None = None
    try:
        if doc.objects.get("searchable_pdf"):
            jpeg = pdf.first_page_jpeg(store.get_bytes(doc.objects["searchable_pdf"]))
            if jpeg is not None:
                image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_REDUCED_COLOR_8)
        if (image is None or image.shape[1] < width) and doc.objects.get("pages"):
            data = store.get_bytes(doc.objects["pages"][0])
            image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    except SohoaError:
        return None
    if image is None:
        return None
    scale = width / image.shape[1]
    small = cv2.resize(image, (width, max(1, round(image.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 60])
    return "data:image/jpeg;base64," + base64.b64encode(encoded.tobytes()).decode() if ok else None


_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d1d1f;background:#fafafa}
h1{font-size:20px;margin:0 0 4px}.src{color:#666;margin-bottom:16px;word-break:break-all}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:16px}
.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:110px}
.card b{display:block;font-size:22px}.card.bad b{color:#b00020}.card.warn b{color:#a15c00}
.bar{height:10px;background:#e5e5e5;border-radius:5px;overflow:hidden;margin-bottom:20px}
.bar span{display:block;height:100%;background:#2e7d32}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e5e5e5;padding:8px;text-align:left;vertical-align:top}
th{background:#f0f0f0;position:sticky;top:0}
tr.failed{background:#fdecea}tr.review{background:#fff8e1}
img{border:1px solid #ccc;max-width:150px}
.st{font-weight:600;padding:2px 8px;border-radius:10px;font-size:12px;white-space:nowrap}
.st-digitised{background:#e8f5e9;color:#2e7d32}.st-failed{background:#b00020;color:#fff}
.st-waiting,.st-queued,.st-processing{background:#eceff1;color:#455a64}
.rv{background:#ffb300;color:#000}
dl{margin:0;display:grid;grid-template-columns:max-content auto;gap:2px 10px}dt{color:#666}dd{margin:0}
.invalid{color:#b00020;text-decoration:underline wavy}.err{color:#b00020}.file{word-break:break-all}
"""


def _thumbnails(store: ObjectStore | None, docs: list[DocumentRecord | None]) -> list[str | None]:
    """First-page thumbnails of `docs`, made on every core at once (OpenCV decodes without the GIL)."""
    if store is None:
        return [None] * len(docs)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(lambda doc: thumbnail(store, doc) if doc is not None else None, docs))


def render_html(report: Report, store: ObjectStore | None, docs: dict[str, DocumentRecord]) -> str:
    """The supervisor's page: totals, then every file, failures first, with thumbnail and fields."""
    t = report.totals
    esc = html.escape
    cards = [
        ("files", t["files"], ""),
        ("dossiers", t["dossiers"], ""),
        ("digitised", t["by_status"]["digitised"], ""),
        ("failed", t["by_status"]["failed"], "bad" if t["by_status"]["failed"] else ""),
        ("needs review", t["needs_review"], "warn" if t["needs_review"] else ""),
        ("pages", f"{t['pages_done']}/{t['pages_total']}", ""),
        ("pages/min", t["pages_per_minute"], ""),
    ]
    done = t["pages_done"] / t["pages_total"] * 100 if t["pages_total"] else 100.0
    rows = sorted(
        report.rows,
        key=lambda r: (_ORDER.get(r["status"], 2) - (0.5 if r["needs_review"] else 0), r["dossier_id"], r["file"]),
    )
    body = []
    thumbs = _thumbnails(store, [docs.get(row["document_id"] or "") for row in rows])
    for row, thumb in zip(rows, thumbs, strict=True):
        image = f'<img alt="page 1" src="{thumb}">' if thumb else "—"
        fields = "".join(
            f'<dt>{esc(name)}</dt><dd class="{"" if f["valid"] else "invalid"}">{esc(str(f["value"]))}</dd>'
            for name, f in row["fields"].items()
        )
        review = ' <span class="st rv">review</span>' if row["needs_review"] else ""
        error = f'<div class="err">{esc(row["error"])}</div>' if row["error"] else ""
        css = "failed" if row["status"] == "failed" else ("review" if row["needs_review"] else "")
        body.append(
            f'<tr class="{css}"><td>{image}</td><td class="file">{esc(row["file"])}<br>'
            f"<small>{esc(row['document_id'] or '')}</small></td><td>{esc(row['dossier_id'])}</td>"
            f"<td>{esc(row['doc_type'] or '')}</td><td>{row['pages']}</td>"
            f'<td><span class="st st-{esc(row["status"])}">{esc(row["status"])}</span>{review}{error}</td>'
            f"<td><dl>{fields}</dl></td></tr>"
        )
    card_html = "".join(f'<div class="card {c}"><b>{esc(str(v))}</b>{esc(k)}</div>' for k, v, c in cards)
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>sohoa batch {esc(report.batch_id)}</title><style>{_CSS}</style></head><body>"
        f"<h1>Batch {esc(report.batch_id)} — {esc(str(t['state']))}</h1>"
        f'<div class="src">{esc(report.source)}</div><div class="cards">{card_html}</div>'
        f'<div class="bar"><span style="width:{done:.1f}%"></span></div>'
        "<table><thead><tr><th>page 1</th><th>file</th><th>dossier</th><th>type</th><th>pages</th>"
        f"<th>status</th><th>fields</th></tr></thead><tbody>{''.join(body)}</tbody></table></body></html>\n"
    )
