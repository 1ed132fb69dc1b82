"""The centre's signature on the stored copy: checked by poppler's pdfsig, by pyHanko and by `sohoa verify`.

A one-byte change after signing, appended bytes, a missing signature and a signer nobody trusts are
each refused with one line; the text layer survives signing; the stamp is on page 1's top left and
changes nothing else on the page; the key stays in a 0600 file and out of the catalogue.
"""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from core.errors import SigningNotConfigured
from core.settings import Settings
from ingest import signing
from ingest.signing.keys import DEV_CERT, DEV_COMMON_NAME, DEV_P12
from ingest.signing.sign import STAMP_HEIGHT, STAMP_MARGIN, STAMP_WIDTH
from storage.keys import DocumentKeys
from storage.objects import FolderStore

from .test_signing_support import SignedCopy, signed_copy_fixture, sohoa, tool  # noqa: F401 - the fixture


def _settings(data_dir: Path, **values: object) -> Settings:
    return Settings(data_dir=data_dir, **values)  # type: ignore[arg-type]


def test_pdfsig_reports_the_signature_valid_and_names_the_signer(signed_copy: SignedCopy) -> None:
    report = tool("pdfsig", str(signed_copy.path))
    assert "Signature is Valid." in report
    assert f"Signer Certificate Common Name: {DEV_COMMON_NAME}" in report
    assert "Signature Type: ETSI.CAdES.detached" in report  # PAdES
    assert "Total document signed" in report
    assert report.count("Signature #") == 1  # signed once


def test_pyhanko_validator_agrees(signed_copy: SignedCopy) -> None:
    roots = signing.trusted_roots(_settings(signed_copy.data_dir))
    [embedded] = PdfFileReader(io.BytesIO(signed_copy.data)).embedded_signatures
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=list(roots), allow_fetching=False))
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["common_name"] == DEV_COMMON_NAME
    verdict = signing.verify_copy(signed_copy.data, roots)
    assert verdict.ok and verdict.signer == DEV_COMMON_NAME
    assert verdict.sha256 == signed_copy.document["signed_sha256"]


def test_sohoa_verify_passes_the_stored_copy_and_fails_one_altered_by_one_byte(
    signed_copy: SignedCopy, tmp_path: Path
) -> None:
    ok = sohoa(["verify", str(signed_copy.path)], signed_copy.data_dir)
    assert ok.returncode == 0, ok.stderr
    data = bytearray(signed_copy.data)
    at = len(data) // 3  # in page 1's image, well inside the signed range
    data[at] ^= 0x01
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(bytes(data))
    failed = sohoa(["verify", str(altered)], signed_copy.data_dir)
    assert failed.returncode == 1
    assert failed.stderr.strip().count("\n") == 0 and "altered after signing" in failed.stderr

    appended = tmp_path / "appended.pdf"
    appended.write_bytes(signed_copy.data + b"\n%% a later revision\n")
    failed = sohoa(["verify", str(appended)], signed_copy.data_dir)
    assert failed.returncode == 1 and "added after the signature" in failed.stderr

    unsigned = tmp_path / "unsigned.pdf"
    unsigned.write_bytes(signed_copy.unsigned_revision)
    failed = sohoa(["verify", str(unsigned)], signed_copy.data_dir)
    assert failed.returncode == 1 and "no signature" in failed.stderr


def test_a_copy_signed_by_another_centre_is_an_unknown_signer(signed_copy: SignedCopy, tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert sohoa(["signing", "init"], other).returncode == 0
    failed = sohoa(["verify", str(signed_copy.path)], other)
    assert failed.returncode == 1 and "not trusted" in failed.stderr
    assert failed.stderr.strip().count("\n") == 0
    # trusting that centre's certificate explicitly is what a reader elsewhere does
    trusted = sohoa(
        ["verify", str(signed_copy.path)],
        other,
        SOHOA_SIGNING_TRUST_ROOTS=str(signed_copy.data_dir / "signing" / DEV_CERT),
    )
    assert trusted.returncode == 0, trusted.stderr


def test_the_text_layer_survives_signing(signed_copy: SignedCopy) -> None:
    text = " ".join(tool("pdftotext", str(signed_copy.path), "-").split())
    words = signed_copy.document["text"].split()
    assert len(words) > 20
    found = [w for w in words if w in text]
    assert len(found) == len(words), sorted(set(words) - set(found))


def _render(pdf: bytes, folder: Path, name: str) -> np.ndarray:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    tool("pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-gray", "-png", "-singlefile", str(path), str(folder / name))
    return np.asarray(Image.open(folder / f"{name}.png").convert("L"), dtype=np.int16)


def test_the_stamp_is_drawn_top_left_of_page_one_and_nowhere_else(signed_copy: SignedCopy, tmp_path: Path) -> None:
    signed = _render(signed_copy.data, tmp_path, "signed")
    before = _render(signed_copy.unsigned_revision, tmp_path, "before")
    assert signed.shape == before.shape
    changed = np.abs(signed - before) > 40
    # at 72 dpi one pixel is one point: the stamp's box, from the top-left corner
    box = np.zeros_like(changed)
    box[STAMP_MARGIN - 1 : STAMP_MARGIN + STAMP_HEIGHT + 2, STAMP_MARGIN - 1 : STAMP_MARGIN + STAMP_WIDTH + 2] = True
    assert changed[box].sum() > 300, "the stamp's border and three lines of text"
    assert changed[~box].sum() == 0, "signing changed the page outside the stamp"
    ys, xs = np.nonzero(changed)
    assert xs.min() < 20 and ys.min() < 20  # top left


def test_the_key_is_kept_0600_and_never_in_the_catalogue(signed_copy: SignedCopy) -> None:
    folder = signed_copy.data_dir / "signing"
    assert (folder.stat().st_mode & 0o777) == 0o700
    assert ((folder / DEV_P12).stat().st_mode & 0o777) == 0o600
    key, _, _ = pkcs12.load_key_and_certificates((folder / DEV_P12).read_bytes(), None)
    assert key is not None
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    secret = key.private_numbers().d.to_bytes(256, "big").lstrip(b"\0")  # type: ignore[union-attr]
    database = (signed_copy.data_dir / "sohoa.db").read_bytes()
    assert der[-64:] not in database and secret[:32] not in database
    with sqlite3.connect(signed_copy.data_dir / "sohoa.db") as db:
        component = db.execute("select component from documents").fetchone()[0]
    assert "signed_sha256" in component and "PRIVATE" not in component


def test_signing_init_is_refused_in_production(tmp_path: Path) -> None:
    proc = sohoa(
        ["signing", "init"], tmp_path / "data", SOHOA_ENVIRONMENT="production", SOHOA_WEBHOOK_SECRET="a-real-secret"
    )
    assert proc.returncode != 0 and "refused in production" in proc.stderr
    assert not (tmp_path / "data" / "signing" / DEV_P12).exists()
    with pytest.raises(SigningNotConfigured, match="No signing certificate"):
        signing.load_centre_key(_settings(tmp_path / "data", environment="production", webhook_secret="a-real-secret"))


def _pkcs12_with_password(tmp_path: Path, password: str) -> Path:
    """A centre certificate as a password-protected PKCS#12 (made like the dev one, then re-wrapped)."""
    made = signing.init_dev_certificate(_settings(tmp_path / "mint"))
    key, cert, _ = pkcs12.load_key_and_certificates(made.read_bytes(), None)
    path = tmp_path / "centre.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"centre", key, cert, None, serialization.BestAvailableEncryption(password.encode())
        )
    )  # type: ignore[arg-type]
    path.chmod(0o600)
    return path


def test_a_pkcs12_file_with_a_password_signs_and_a_wrong_password_says_so_without_the_password(
    signed_copy: SignedCopy, tmp_path: Path
) -> None:
    path = _pkcs12_with_password(tmp_path, "mật-khẩu-đúng")
    key = signing.load_centre_key(_settings(tmp_path / "d", signing_pkcs12=path, signing_password="mật-khẩu-đúng"))
    signed = signing.sign_copy(signed_copy.unsigned_revision, key, signing.StampText("test", datetime.now(UTC)))
    assert signing.verify_copy(signed, key.trust_roots).ok
    with pytest.raises(SigningNotConfigured) as refused:
        signing.load_centre_key(_settings(tmp_path / "d", signing_pkcs12=path, signing_password="sai-rồi"))
    assert "sai-rồi" not in refused.value.message and str(path) in refused.value.message
    path.chmod(0o644)
    with pytest.raises(SigningNotConfigured, match="readable by others"):
        signing.load_centre_key(
            _settings(
                tmp_path / "d",
                signing_pkcs12=path,
                signing_password="mật-khẩu-đúng",
                environment="production",
                webhook_secret="a-real-secret",
            )
        )


def test_digitising_a_signed_document_again_keeps_the_old_copy_as_a_version(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "objects")
    keys = DocumentKeys("000.00.36.H36-251125-0001", "0" * 32)
    first = signing.SignedCopy(b"%PDF-1.7 first /ByteRange [0 1 2 3]", {})
    second = signing.SignedCopy(b"%PDF-1.7 second /ByteRange [0 1 2 3]", {})
    assert signing.store_copy(store, keys, first) == []
    assert signing.store_copy(store, keys, first) == []  # the same copy again: nothing to keep
    versions = signing.store_copy(store, keys, second)
    assert versions == [keys.searchable_version(1)]
    assert store.get_bytes(keys.searchable_version(1)) == first.pdf
    assert store.get_bytes(keys.searchable_pdf) == second.pdf
    third = signing.SignedCopy(b"%PDF-1.7 third /ByteRange [0 1 2 3]", {})
    assert signing.store_copy(store, keys, third) == [keys.searchable_version(1), keys.searchable_version(2)]
    assert store.get_bytes(keys.searchable_version(2)) == second.pdf
