"""Is a digitised copy intact and signed by a trusted certificate? One verdict, one line saying why not.

pyHanko validates every embedded signature: the digest over the signed byte ranges (intact), the
CMS signature (valid), the certificate path to the trust roots (trusted), and how much of the file
the signature covers (bytes appended after it are a later revision: an alteration for a copy that
is signed once, last). No network: revocation is not fetched here (see the README).
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import asdict, dataclass
from typing import Any

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

log = logging.getLogger(__name__)
# pyHanko logs an untrusted signer as a warning with a whole traceback; the verdict says it in one line.
logging.getLogger("pyhanko.sign.validation.generic_cms").setLevel(logging.ERROR)

PROBLEMS = {
    "no_signature": "the file carries no signature",
    "altered": "the copy was altered after signing",
    "unknown_signer": "the signer's certificate is not trusted",
    "unreadable": "the file is not a readable PDF",
}


@dataclass(frozen=True)
class Verdict:
    """The outcome of verifying one copy; `problem` is None exactly when `ok`."""

    ok: bool
    problem: str | None
    message: str
    sha256: str
    signer: str | None = None
    signed_at: str | None = None
    timestamped: bool = False
    signatures: int = 0

    def as_json(self) -> dict[str, Any]:
        """The verdict as the API answers it."""
        return asdict(self)


def _fail(problem: str, sha256: str, detail: str = "", **found: Any) -> Verdict:
    message = PROBLEMS[problem] + (f": {detail}" if detail else "")
    return Verdict(False, problem, message, sha256, **found)


def _common_name(cert: asn1_x509.Certificate) -> str:
    subject = cert.subject.native
    return str(subject.get("common_name") or cert.subject.human_friendly)


def verify_copy(data: bytes, trust_roots: tuple[asn1_x509.Certificate, ...]) -> Verdict:
    """Verify every signature of `data` against `trust_roots`; ok only if all are intact, trusted, whole-file."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as exc:
        return _fail("unreadable", sha256, type(exc).__name__)
    if not signatures:
        return _fail("no_signature", sha256)
    context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
    found: dict[str, Any] = {"signatures": len(signatures)}
    for embedded in signatures:
        try:
            status = validate_pdf_signature(embedded, context)
        except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as exc:
            return _fail("altered", sha256, f"signature {embedded.field_name} cannot be checked ({exc})", **found)
        found["signer"] = _common_name(status.signing_cert)
        found["signed_at"] = status.signer_reported_dt.isoformat() if status.signer_reported_dt else None
        found["timestamped"] = status.timestamp_validity is not None
        if not status.intact or not status.valid:
            return _fail("altered", sha256, "the signed bytes no longer match the signature", **found)
        if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            added = len(data) - (embedded.byte_range[2] + embedded.byte_range[3])
            return _fail("altered", sha256, f"{max(added, 0)} bytes were added after the signature", **found)
        if not status.trusted:
            return _fail("unknown_signer", sha256, found["signer"], **found)
    signer = found.get("signer")
    return Verdict(True, None, f"intact, signed by {signer}", sha256, **found)
