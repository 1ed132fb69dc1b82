"""The legal digitised copy of one document: the searchable PDF made PDF/A, signed, and stored once.

`archival_copy` runs once per document on the finished PDF (no per-page work): `ocr.pdfa` in one
pikepdf pass, then the centre's PAdES signature as an incremental update. `store_copy` puts it at
the contract's `…/searchable.pdf`; a signed copy already there (the document is being digitised
again) is first kept as `…/versions/searchable.N.pdf`, so a copy is signed once and never replaced.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.settings import Settings
from ocr import pdfa
from ocr.tesseract import check_available
from storage.keys import DocumentKeys
from storage.objects import ObjectStore
from storage.records import DocumentRecord, PageRecord

from .component import CLI_OPERATOR, xmp_properties
from .keys import load_centre_key
from .sign import VIETNAM, StampText, sign_copy

_VERSION = re.compile(r"/searchable\.(\d+)\.pdf$")


@dataclass(frozen=True)
class SignedCopy:
    """The signed PDF/A bytes and the document's component metadata with what was filled in."""

    pdf: bytes
    component: dict[str, Any]


def ocr_engine(language: str) -> str:
    """The OCR engine as the metadata names it: Tesseract, its version, the language data used."""
    return f"Tesseract {check_available(language)} ({language})"


def archival_copy(
    searchable_pdf: bytes, doc: DocumentRecord, pages: Sequence[PageRecord], settings: Settings
) -> SignedCopy:
    """Make the PDF/A of `searchable_pdf`, fill in the metadata and sign it with the centre's key."""
    now = datetime.now(VIETNAM).replace(microsecond=0)
    component: dict[str, Any] = dict(doc.component or {})
    component.pop("signed_sha256", None)
    component.update(
        digitised_at=now.isoformat(),
        dpi=min((p.dpi for p in pages), default=None),
        ocr_engine=ocr_engine(settings.ocr_language),
        page_count=len(pages),
        pdfa=f"PDF/A-{settings.pdfa_part}b",
    )
    info = pdfa.CopyInfo(
        title=component.get("component_name") or doc.source,
        created=now,
        author=settings.signing_location or None,
        subject=f"Hồ sơ {doc.dossier_id}",
        extra=xmp_properties(component, doc.dossier_id, doc.document_id, doc.sha256),
    )
    archived = pdfa.make_pdfa(searchable_pdf, info, settings.pdfa_part)
    key = load_centre_key(settings)
    signed = sign_copy(
        archived,
        key,
        StampText(component.get("digitised_by") or CLI_OPERATOR, now),
        tsa_url=settings.signing_tsa_url,
        location=settings.signing_location,
        pdfa_part=settings.pdfa_part,
    )
    component.update(signed_sha256=hashlib.sha256(signed).hexdigest(), signed_by=key.signer_name)
    return SignedCopy(signed, component)


def _is_signed(data: bytes) -> bool:
    return b"/ByteRange" in data


def store_copy(store: ObjectStore, keys: DocumentKeys, copy: SignedCopy) -> list[str]:
    """Store the copy at `keys.searchable_pdf`, keeping a signed one found there; every kept version's key."""
    prefix = f"{keys.prefix}versions/"
    numbered = ((_VERSION.search(k), k) for k in store.list_keys(prefix))
    versions = [k for m, k in sorted((int(m.group(1)), k) for m, k in numbered if m)]
    if store.exists(keys.searchable_pdf):
        previous = store.get_bytes(keys.searchable_pdf)
        if _is_signed(previous) and previous != copy.pdf:
            kept = keys.searchable_version(len(versions) + 1)
            store.put_bytes(kept, previous, "application/pdf")
            versions.append(kept)
    store.put_bytes(keys.searchable_pdf, copy.pdf, "application/pdf")
    return versions
