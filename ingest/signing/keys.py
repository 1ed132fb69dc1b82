"""The centre's signing key: a PKCS#12 file, a PKCS#11 token, or (development only) a self-signed one.

Key custody: the key is read from where the settings point and kept in this process only; it never
goes to the catalogue, the object store or a log line (messages name the file, never the password
or the key). A PKCS#12 file readable by anyone but its owner is refused in production. The
development certificate is made by `init_dev_certificate` under `{data_dir}/signing/` with mode 0600
in a 0700 folder, and is refused when `SOHOA_ENVIRONMENT=production`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_certs_from_pemder
from pyhanko.sign import signers
from pyhanko.sign.general import get_pyca_cryptography_hash

from core.errors import SigningNotConfigured
from core.settings import Settings

log = logging.getLogger(__name__)

DEV_P12 = "dev-signer.p12"
DEV_CERT = "dev-signer.crt"
DEV_COMMON_NAME = "sohoa development signer (not for legal use)"
DEV_ORGANISATION = "Trung tâm Phục vụ hành chính công (bản phát triển)"


class _LoadedKeySigner(signers.SimpleSigner):
    """pyHanko's in-memory signer, with the private key parsed once instead of at every signature (~50 ms)."""

    _loaded: Any = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """An RSA PKCS#1 v1.5 signature with the cached key; anything else as pyHanko does it."""
        if self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)
        if self._loaded is None:
            self._loaded = serialization.load_der_private_key(self.signing_key.dump(), password=None)
        return self._loaded.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


@dataclass(frozen=True)
class CentreKey:
    """A loaded signer with the certificate it signs with and the roots a copy is trusted against."""

    signer: signers.Signer
    certificate: asn1_x509.Certificate
    trust_roots: tuple[asn1_x509.Certificate, ...]
    source: str  # "pkcs12:/path", "pkcs11:token/key", "dev:/path": what to name in messages

    @property
    def signer_name(self) -> str:
        """The certificate subject's common name (or its whole subject), as the stamp shows it."""
        subject = self.certificate.subject.native
        return str(subject.get("common_name") or self.certificate.subject.human_friendly)


def signing_dir(settings: Settings) -> Path:
    """Where the development certificate lives: `{data_dir}/signing`."""
    return settings.data_dir / "signing"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One process at a time makes the development certificate (worker threads and processes race)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    with open(folder / ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_private(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write a new file with `mode` from its first byte (never a moment world-readable), then fsync."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def init_dev_certificate(settings: Settings, *, force: bool = False) -> Path:
    """Make (once) the self-signed development certificate and key; the PKCS#12 path. Refused in production."""
    if settings.environment == "production":
        raise SigningNotConfigured(
            "A self-signed development certificate is refused in production: set SOHOA_SIGNING_PKCS12 "
            "(and SOHOA_SIGNING_PASSWORD) or SOHOA_SIGNING_PKCS11_MODULE to the centre's certificate"
        )
    folder = signing_dir(settings)
    with _locked(folder):
        p12 = folder / DEV_P12
        if p12.exists() and not force:
            return p12
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEV_ORGANISATION),
                x509.NameAttribute(NameOID.COMMON_NAME, DEV_COMMON_NAME),
            ]
        )
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=5 * 365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        blob = pkcs12.serialize_key_and_certificates(
            DEV_COMMON_NAME.encode(), key, cert, None, serialization.NoEncryption()
        )
        _write_private(p12, blob)
        _write_private(folder / DEV_CERT, cert.public_bytes(serialization.Encoding.PEM), 0o644)
        log.info("made the development signing certificate %s", p12)
        return p12


def _check_private(path: Path, settings: Settings) -> None:
    """The key file must be readable by its owner only; refused in production, warned about otherwise."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise SigningNotConfigured(f"The signing key file {path} cannot be read: {exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        message = f"The signing key file {path} is readable by others (mode {stat.S_IMODE(mode):o}); chmod 600 it"
        if settings.environment == "production":
            raise SigningNotConfigured(message)
        log.warning(message)


def _extra_roots(settings: Settings) -> tuple[asn1_x509.Certificate, ...]:
    if not settings.signing_trust_roots:
        return ()
    try:
        return tuple(load_certs_from_pemder([str(settings.signing_trust_roots)]))
    except (OSError, ValueError) as exc:
        raise SigningNotConfigured(f"SOHOA_SIGNING_TRUST_ROOTS {settings.signing_trust_roots}: {exc}") from None


def _from_pkcs12(path: Path, password: str | None, settings: Settings, source: str) -> CentreKey:
    _check_private(path, settings)
    passphrase = password.encode() if password else None
    try:
        signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=passphrase)
    except (OSError, ValueError) as exc:
        raise SigningNotConfigured(
            f"The signing certificate {path} could not be opened: {type(exc).__name__}"
        ) from None
    if signer is None or signer.signing_cert is None:
        raise SigningNotConfigured(f"The signing certificate {path} could not be opened (wrong password?)")
    cert = signer.signing_cert
    signer = _LoadedKeySigner(signing_cert=cert, signing_key=signer.signing_key, cert_registry=signer.cert_registry)
    roots = _extra_roots(settings)
    chain = tuple(signer.cert_registry)
    # a self-signed centre certificate (development, or a pilot without a CA) is its own root
    own = tuple(c for c in (cert, *chain) if c.self_signed)
    return CentreKey(signer, cert, own + roots, source)


def _from_pkcs11(settings: Settings) -> CentreKey:
    """The centre's key on a token/HSM through pyHanko's PKCS#11 signer (not exercised in tests here)."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    try:
        session = pkcs11.open_pkcs11_session(
            str(settings.signing_pkcs11_module),
            token_criteria=TokenCriteria(label=settings.signing_pkcs11_token_label),
            user_pin=settings.signing_password or None,
        )
        signer = pkcs11.PKCS11Signer(
            session,
            key_label=settings.signing_pkcs11_key_label,
            cert_label=settings.signing_pkcs11_cert_label or settings.signing_pkcs11_key_label,
        )
        cert = signer.signing_cert
    except Exception as exc:  # noqa: BLE001 - python-pkcs11 raises many unrelated types; translate them all here
        raise SigningNotConfigured(
            f"The PKCS#11 token '{settings.signing_pkcs11_token_label}' could not be used: {type(exc).__name__}"
        ) from None
    roots = _extra_roots(settings)
    own = (cert,) if cert.self_signed else ()
    return CentreKey(
        signer, cert, own + roots, f"pkcs11:{settings.signing_pkcs11_token_label}/{settings.signing_pkcs11_key_label}"
    )


_cache: dict[tuple, CentreKey] = {}


def load_centre_key(settings: Settings, *, create_dev: bool = True) -> CentreKey:
    """The configured signer: PKCS#11 if a module is set, else PKCS#12, else (development) the dev certificate.

    Cached per configuration and key file modification time, so a worker opens its key once.
    """
    if settings.signing_pkcs11_module:
        ident: tuple = (
            "pkcs11",
            str(settings.signing_pkcs11_module),
            settings.signing_pkcs11_token_label,
            settings.signing_pkcs11_key_label,
        )
        if ident not in _cache:
            _cache[ident] = _from_pkcs11(settings)
        return _cache[ident]
    if settings.signing_pkcs12:
        path, source = Path(settings.signing_pkcs12), f"pkcs12:{settings.signing_pkcs12}"
    elif settings.environment == "production":
        raise SigningNotConfigured(
            "No signing certificate: set SOHOA_SIGNING_PKCS12 (and SOHOA_SIGNING_PASSWORD) or "
            "SOHOA_SIGNING_PKCS11_MODULE, SOHOA_SIGNING_PKCS11_TOKEN_LABEL and SOHOA_SIGNING_PKCS11_KEY_LABEL"
        )
    else:
        path = signing_dir(settings) / DEV_P12
        if not path.exists():
            if not create_dev:
                raise SigningNotConfigured("No signing certificate yet: run `sohoa signing init`")
            init_dev_certificate(settings)
        source = f"dev:{path}"
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise SigningNotConfigured(f"The signing certificate {path} cannot be read: {exc.strerror}") from None
    password = hashlib.sha256(settings.signing_password.encode()).hexdigest()  # a new password: open it again
    ident = ("pkcs12", str(path.resolve()), mtime, password, settings.signing_trust_roots, settings.environment)
    if ident not in _cache:
        _cache[ident] = _from_pkcs12(path, settings.signing_password, settings, source)
    return _cache[ident]


def trusted_roots(settings: Settings) -> tuple[asn1_x509.Certificate, ...]:
    """The certificates a copy is trusted against: the configured centre's own (if self-signed) and the extra roots.

    Verification must work where no key is kept (a reader's machine): without a configured key, only
    SOHOA_SIGNING_TRUST_ROOTS and a development certificate already made count.
    """
    try:
        return load_centre_key(settings, create_dev=False).trust_roots
    except SigningNotConfigured:
        roots = _extra_roots(settings)
        dev_cert = signing_dir(settings) / DEV_CERT
        if settings.environment != "production" and dev_cert.exists():
            roots += tuple(load_certs_from_pemder([str(dev_cert)]))
        return roots
