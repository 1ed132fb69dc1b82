"""What a batch will digitise: a dossier folder tree, a CSV manifest or scanner stacks, checked up front.

Every problem is collected (missing files, bad dossier IDs, unknown doc types, duplicate rows,
unsupported or damaged files by content, stacks that do not split) so a clerk fixes them all in one
go; nothing is stored or queued here. Files are inspected in parallel with the same checks `receive`
applies, so a plan without problems will not be refused later for what is in the files.

    SOURCE/000.00.36.H36-251125-0001/scan-001.jpg     folder: one sub-folder per dossier ID
    manifest.csv: file,dossier_id[,doc_type]           paths relative to the manifest; with a header row,
                  columns by name, also the component metadata (procedure_code, component_code, …)
    SOURCE/*.pdf (with --stacks, or only PDFs there)   stacks split at receipts' QR codes
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import InputError, InvalidRequest, SohoaError
from core.settings import Settings
from storage.keys import validate_dossier_id

from ..receiving import intake
from ..receiving.service import validate_doc_type
from ..signing.component import UPLOAD_FIELDS, validate_component
from . import SPLITS, stacks

_MANIFEST_COLUMNS = ("file", "dossier_id", "doc_type", *UPLOAD_FIELDS)

MODES = ("folder", "manifest", "stacks")


@dataclass(frozen=True)
class BatchItem:
    """One file to digitise as one document of one dossier; `name` is how reports and the catalogue show it."""

    name: str
    path: Path
    dossier_id: str
    doc_type: str | None
    sha256: str
    pages: int
    component: dict[str, str] | None = None  # the manifest's component metadata columns


@dataclass
class Plan:
    """A checked batch: its items in order, and every problem (refuse when any) and warning (go on)."""

    source: Path
    mode: str
    items: list[BatchItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _Candidate:
    name: str
    path: Path
    dossier_id: str
    doc_type: str | None
    component: dict[str, str] | None = None


def detect_mode(source: Path, stacks_flag: bool | None = None) -> str:
    """`manifest` for a CSV file, `stacks` when asked or the folder holds only PDFs, else `folder`."""
    if source.is_file():
        return "manifest"
    if stacks_flag:
        return "stacks"
    if stacks_flag is None and source.is_dir():
        entries = [p for p in source.iterdir() if not p.name.startswith(".") and not p.name.endswith(".json")]
        if entries and all(p.is_file() and _is_pdf(p) for p in entries):
            return "stacks"
    return "folder"


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return b"%PDF-" in fh.read(1024)
    except OSError:
        return False


@contextmanager
def open_plan(
    source: Path,
    settings: Settings,
    *,
    stacks_flag: bool | None = None,
    doc_type: str | None = None,
    split: str = "segment",
) -> Iterator[Plan]:
    """Build and check the plan; stack segments live in a temporary folder for the plan's lifetime."""
    with tempfile.TemporaryDirectory(prefix="sohoa-batch-") as work:
        yield build_plan(source, settings, Path(work), stacks_flag=stacks_flag, doc_type=doc_type, split=split)


def build_plan(
    source: Path,
    settings: Settings,
    work: Path,
    *,
    stacks_flag: bool | None = None,
    doc_type: str | None = None,
    split: str = "segment",
) -> Plan:
    """Every item of the batch and every problem with it."""
    source = source.expanduser()
    if not source.exists():
        return Plan(source, "folder", problems=[f"{source}: no such file or folder"])
    mode = detect_mode(source, stacks_flag)
    plan = Plan(source, mode)
    try:
        doc_type = validate_doc_type(doc_type)
    except InvalidRequest as exc:
        plan.problems.append(exc.message)
    if split not in SPLITS:
        plan.problems.append(f"Unknown stack split '{split}'; use one of: {', '.join(SPLITS)}")
    if mode == "manifest":
        candidates = _manifest(source, plan)
    elif mode == "stacks":
        candidates = _stacks(source, plan, work, doc_type, split)
    else:
        candidates = _folder(source, plan, doc_type)
    _inspect_all(candidates, plan, settings)
    if not plan.items and not plan.problems:
        plan.problems.append(f"{source}: nothing to digitise (no files found)")
    return plan


def _folder(root: Path, plan: Plan, doc_type: str | None) -> list[_Candidate]:
    candidates = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file():
            plan.problems.append(f"{entry.name}: not inside a dossier folder; move it into SOURCE/<dossier ID>/")
            continue
        try:
            dossier_id = validate_dossier_id(entry.name)
        except InputError as exc:
            plan.problems.append(f"{entry.name}/: {exc.message}")
            continue
        files = sorted(p for p in entry.rglob("*") if p.is_file() and not _hidden(p.relative_to(entry)))
        if not files:
            plan.warnings.append(f"{entry.name}/: empty dossier folder")
        candidates += [_Candidate(p.relative_to(root).as_posix(), p, dossier_id, doc_type) for p in files]
    return candidates


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _manifest(manifest: Path, plan: Plan) -> list[_Candidate]:
    base = manifest.parent
    candidates: list[_Candidate] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        with open(manifest, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        plan.problems.append(f"{manifest.name}: cannot read the manifest ({exc}); save it as UTF-8 CSV")
        return []
    header: list[str] | None = None
    for line, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if line == 1 and cells[0].lower() == "file":
            header = [c.lower() for c in cells]
            unknown = [c for c in header if c not in _MANIFEST_COLUMNS]
            if unknown or "dossier_id" not in header:
                plan.problems.append(
                    f"{manifest.name} line 1: columns are {', '.join(_MANIFEST_COLUMNS)}; "
                    f"file and dossier_id are required (found {', '.join(header)})"
                )
                return []
            continue
        where = f"{manifest.name} line {line}"
        component: dict[str, str] | None = None
        if header is not None:
            if not 2 <= len(cells) <= len(header):
                plan.problems.append(
                    f"{where}: expected file,dossier_id[,doc_type], found {len(cells)} columns "
                    f"(the header names {len(header)})"
                )
                continue
            named = dict(zip(header, cells, strict=False))
            try:
                component = validate_component(named) or None
            except InputError as exc:
                plan.problems.append(f"{where}: {exc.message}")
                continue
            cells = [
                named.get("file", ""),
                named.get("dossier_id", ""),
                *([named["doc_type"]] if named.get("doc_type") else []),
            ]
        elif len(cells) not in (2, 3):
            plan.problems.append(f"{where}: expected file,dossier_id[,doc_type], found {len(cells)} columns")
            continue
        name, raw_dossier = cells[0], cells[1]
        row_ok = True
        try:
            dossier_id = validate_dossier_id(raw_dossier)
        except InputError as exc:
            plan.problems.append(f"{where}: {exc.message}")
            dossier_id, row_ok = raw_dossier, False
        try:
            doc_type = validate_doc_type(cells[2] if len(cells) == 3 else None)
        except InputError as exc:
            plan.problems.append(f"{where}: {exc.message}")
            doc_type, row_ok = None, False
        path = (base / name) if not os.path.isabs(name) else Path(name)
        if not name:
            plan.problems.append(f"{where}: the file column is empty")
            row_ok = False
        elif not path.is_file():
            plan.problems.append(f"{where}: {name}: no such file (paths are relative to the manifest)")
            row_ok = False
        key = (os.path.normpath(str(path)), dossier_id)
        if key in seen:
            plan.problems.append(f"{where}: duplicate row: {name} for {dossier_id} is already on line {seen[key]}")
            continue
        seen[key] = line
        if row_ok:
            candidates.append(_Candidate(name, path, dossier_id, doc_type, component))
    return candidates


def _stacks(folder: Path, plan: Plan, work: Path, doc_type: str | None, split: str) -> list[_Candidate]:
    files = (
        [folder]
        if folder.is_file()
        else sorted(
            p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".json")
        )
    )
    candidates: list[_Candidate] = []
    for path in files:
        if not _is_pdf(path):
            plan.problems.append(f"{path.name}: not a PDF; a stack is one multi-page PDF from the scanner")
            continue
        stack = stacks.plan_stack(path, path.name)
        plan.problems.extend(stack.problems)
        for segment in stack.segments:
            for pages in stacks.document_groups(segment, split if split in SPLITS else "segment"):
                name = stacks.group_name(path.name, pages)
                target = work / path.stem / f"p{pages[0]:04d}-{pages[-1]:04d}.pdf"
                stacks.write_pages(path, pages, target)
                candidates.append(_Candidate(name, target, segment.dossier_id, doc_type))
    return candidates


def _inspect_all(candidates: list[_Candidate], plan: Plan, settings: Settings) -> None:
    """Run intake's checks on every file in parallel; keep the good ones in order, list the bad."""

    def check(candidate: _Candidate) -> intake.SourceFile | SohoaError:
        try:
            return intake.inspect(candidate.path, candidate.name, settings)
        except SohoaError as exc:
            return exc
        except OSError as exc:
            return InputError(f"{candidate.name}: cannot read the file ({exc.strerror or exc})")

    with ThreadPoolExecutor(max_workers=settings.effective_worker_threads) as pool:
        results = list(pool.map(check, candidates))
    first_by_content: dict[tuple[str, str], str] = {}
    for candidate, result in zip(candidates, results, strict=True):
        if isinstance(result, SohoaError):
            message = result.message
            plan.problems.append(message if message.startswith(candidate.name) else f"{candidate.name}: {message}")
            continue
        key = (candidate.dossier_id, result.sha256)
        if key in first_by_content:
            plan.warnings.append(
                f"{candidate.name}: the same content as {first_by_content[key]} in dossier {candidate.dossier_id}; "
                "it will be one document"
            )
        first_by_content.setdefault(key, candidate.name)
        plan.items.append(
            BatchItem(
                candidate.name,
                candidate.path,
                candidate.dossier_id,
                candidate.doc_type,
                result.sha256,
                result.pages,
                candidate.component,
            )
        )
