"""Uploads: stream multipart parts to temporary files under a size cap while hashing, then receive them.

A part is never held in memory: each chunk goes to disk and into SHA-256 as it arrives, and a
file over `SOHOA_MAX_FILE_BYTES` stops the request at once (413). A request is all or nothing:
every new file is inspected before any is stored, so one bad file refuses the whole request with
that file's error and leaves nothing behind. Files already in the dossier (same SHA-256) are
answered from the catalogue without being inspected again.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import BinaryIO

from anyio import CapacityLimiter, to_thread
from python_multipart.multipart import MultipartParseError, MultipartParser, parse_options_header
from starlette.requests import Request

from core.errors import FileTooLarge, InputError, InvalidRequest
from core.settings import Settings
from ingest.receiving import intake, service
from ingest.receiving.service import Accepted
from ingest.signing.component import validate_component
from storage.catalogue import Catalogue
from storage.objects import ObjectStore

MAX_FIELD_BYTES = 1024  # a component_name of 300 Vietnamese letters
# Files checked and stored at once. Each spends ~6 ms waiting on two fsyncs (object, catalogue WAL) with
# the GIL released, so 16 keep the disk and the CPU busy together; the thread pool's 40 only add GIL fights.
RECEIVING_AT_ONCE = 16
_limiter: CapacityLimiter | None = None
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class ReceivedFile:
    """One uploaded file, on disk, with its size and hash."""

    name: str
    path: Path
    size: int = 0
    sha256: str = ""


@dataclass
class UploadForm:
    """The parts of an upload request: files on disk and the small text fields."""

    files: list[ReceivedFile] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def clean_name(raw: str | None, number: int) -> str:
    """A safe display name for an uploaded file: its last path part, no control characters."""
    name = _UNSAFE.sub("", PureWindowsPath((raw or "").replace("/", "\\")).name).strip()
    return (name or f"upload-{number}")[:200]


class _Collector:
    """python-multipart callbacks that write file parts to disk with a cap and keep text fields."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.created: list[Path] = []  # every part file made, finished or not, for `remove_files`
        self.max_bytes = settings.max_file_bytes
        self.max_files = settings.max_upload_files
        self.form = UploadForm()
        self._header_field = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._file: ReceivedFile | None = None
        self._fh: BinaryIO | None = None
        self._digest: hashlib._Hash | None = None
        self._field: str | None = None
        self._value = bytearray()

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._on_header_field,
            "on_header_value": self._on_header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._headers = {}
        self._file, self._fh, self._field = None, None, None
        self._value = bytearray()

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field, self._header_value = b"", b""

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if name == "files":
            if len(self.form.files) >= self.max_files:
                raise InvalidRequest(f"At most {self.max_files} files per request; send the rest in another request")
            number = len(self.form.files) + 1
            filename = params.get(b"filename", b"").decode("utf-8", "replace")
            fd, path = tempfile.mkstemp(prefix="sohoa-upload-", suffix=f"-{number:03d}", dir=self.folder)
            self.created.append(Path(path))
            self._file = ReceivedFile(clean_name(filename, number), Path(path))
            self._fh = os.fdopen(fd, "wb")  # closed in _part_end or close()
            self._digest = hashlib.sha256()
        elif name:
            self._field = name

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._file is not None and self._fh is not None and self._digest is not None:
            self._file.size += len(chunk)
            if self._file.size > self.max_bytes:
                raise FileTooLarge(
                    f"{self._file.name}: the file is over the {self.max_bytes / 1e6:.0f} MB limit; "
                    "split it or scan at 300 dpi"
                )
            self._fh.write(chunk)
            self._digest.update(chunk)
        elif self._field is not None:
            self._value += chunk
            if len(self._value) > MAX_FIELD_BYTES:
                raise InvalidRequest(f"The form field '{self._field[:40]}' is too long")

    def _part_end(self) -> None:
        if self._file is not None and self._fh is not None and self._digest is not None:
            self._fh.close()
            self._fh = None
            self._file.sha256 = self._digest.hexdigest()
            self.form.files.append(self._file)
        elif self._field is not None:
            self.form.fields[self._field] = self._value.decode("utf-8", "replace").strip()
        self._file, self._field = None, None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def remove_files(paths: list[Path]) -> None:
    """Delete an upload's part files (no folder per request: removing a directory costs ~3 ms on ext4)."""
    for path in paths:
        path.unlink(missing_ok=True)


async def read_form(request: Request, folder: Path, settings: Settings) -> UploadForm:
    """Stream a multipart request into part files in `folder`; `InputError` for anything malformed or too large.

    On an error every part file made so far is removed; otherwise the caller removes `form.files`.
    """
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise InvalidRequest("Send the files as multipart/form-data, each in a part named 'files'")
    declared = request.headers.get("content-length", "")
    limit = settings.max_upload_files * (settings.max_file_bytes + 64 * 1024)
    if declared.isdigit() and int(declared) > limit:
        raise FileTooLarge(
            f"The request is {int(declared) / 1e6:.0f} MB, over what {settings.max_upload_files} "
            f"files of {settings.max_file_bytes / 1e6:.0f} MB can add up to"
        )
    collector = _Collector(folder, settings)
    parser = MultipartParser(boundary, collector.callbacks())  # type: ignore[arg-type]  # a dict of callbacks
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError as exc:
        collector.close()
        remove_files(collector.created)
        raise InvalidRequest(f"The multipart body is malformed: {exc}") from None
    except BaseException:
        collector.close()
        remove_files(collector.created)
        raise
    collector.close()
    if not collector.form.files:
        remove_files(collector.created)
        raise InvalidRequest("No file received: send one or more parts named 'files'")
    return collector.form


def limiter() -> CapacityLimiter:
    """The process's limit on uploads being checked and stored at once (made inside the event loop)."""
    global _limiter
    if _limiter is None:
        _limiter = CapacityLimiter(RECEIVING_AT_ONCE)
    return _limiter


def receive_all(
    dossier_id: str,
    form: UploadForm,
    doc_type: str | None,
    settings: Settings,
    operator: str | None = None,
    *,
    store: ObjectStore,
    catalogue: Catalogue,
) -> list[Accepted]:
    """Receive every file of one request, or none: all new files are inspected before any is stored."""
    doc_type = service.validate_doc_type(doc_type)
    component = validate_component(form.fields)
    plan: list[tuple[ReceivedFile, Accepted | intake.SourceFile]] = []
    for upload in form.files:
        existing = catalogue.find_document(dossier_id, upload.sha256)
        if existing is not None:
            plan.append((upload, Accepted(upload.name, existing, True)))
            continue
        try:
            plan.append((upload, intake.inspect(upload.path, upload.name, settings, sha256=upload.sha256)))
        except InputError as exc:
            if len(form.files) > 1:
                exc.message = f"{exc.message} (nothing from this request was stored)"
            raise
    accepted = []
    for upload, step in plan:
        if isinstance(step, Accepted):
            accepted.append(step)
        else:
            accepted.append(
                service.receive(
                    dossier_id,
                    upload.path,
                    upload.name,
                    doc_type,
                    inspected=step,
                    looked_up=True,
                    component=component,
                    operator=operator,
                    store=store,
                    catalogue=catalogue,
                )
            )
    return accepted


def _receive_and_clean_up(
    dossier_id: str,
    form: UploadForm,
    doc_type: str | None,
    settings: Settings,
    operator: str | None,
    store: ObjectStore,
    catalogue: Catalogue,
) -> list[Accepted]:
    try:
        return receive_all(dossier_id, form, doc_type, settings, operator, store=store, catalogue=catalogue)
    finally:
        remove_files([upload.path for upload in form.files])


async def receive_request(
    request: Request,
    dossier_id: str,
    settings: Settings,
    operator: str | None = None,
    *,
    store: ObjectStore,
    catalogue: Catalogue,
) -> list[Accepted]:
    """Stream the request's files to temporary files, then receive them all (or none) in one worker thread.

    The checks, the store, the catalogue and the files' removal share one thread-pool hop, under
    the `RECEIVING_AT_ONCE` limit; the event loop only parses the body.
    """
    form = await read_form(request, Path(tempfile.gettempdir()), settings)
    try:
        return await to_thread.run_sync(
            _receive_and_clean_up,
            dossier_id,
            form,
            form.fields.get("doc_type") or None,
            settings,
            operator,
            store,
            catalogue,
            limiter=limiter(),
        )
    except BaseException:  # cancelled while waiting for the limiter: the thread never ran to remove them
        remove_files([upload.path for upload in form.files])
        raise
