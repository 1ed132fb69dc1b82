"""One typed settings object for the whole service, read from `SOHOA_*` environment variables.

Built lazily by the cached `get_settings()` so tests can change the environment and call
`get_settings.cache_clear()`; a setting that does not validate becomes one `ConfigurationError` line naming
the variable (never a pydantic traceback). Imports nothing of ours but `core.errors`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigurationError

PLACEHOLDER_SECRETS = {"", "changeme", "minioadmin", "secret", "password"}
BROKER_SCHEMES = ("redis://", "rediss://", "amqp://", "amqps://")


class Settings(BaseSettings):
    """Every knob of sohoa. Embedded defaults need no server; set the URLs to run at scale."""

    model_config = SettingsConfigDict(env_prefix="SOHOA_", extra="ignore")

    environment: str = Field("development", description="development | production")
    data_dir: Path = Field(Path("./data"), description="folder of the embedded defaults")

    # catalogue
    database_url: str | None = Field(None, description="SQLAlchemy URL; default sqlite in data_dir")

    # object storage
    s3_endpoint: str | None = Field(None, description="host:port of MinIO/S3; unset = folder store")
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_bucket: str = "sohoa"
    s3_secure: bool = False
    s3_region: str | None = None

    # queue
    broker_url: str | None = Field(None, description="redis://… or amqp://…; unset = in-process")
    worker_threads: int = Field(0, description="in-process worker threads; 0 = one per core")

    # OCR
    ocr_language: str = "vie"
    render_dpi: int = Field(300, description="dpi at which PDF pages are rasterised")

    # limits on input (each refusal is a clear error, see core.errors)
    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_image_pixels: int = 80_000_000
    max_image_side: int = 30_000
    min_image_side: int = 64

    # operations
    processing_timeout_s: int = Field(900, description="a document processing longer is stuck")
    wait_timeout_s: int = Field(3600, description="how long `sohoa digitise` waits for results")
    receive_retry_s: int = Field(
        120, description="how long `sohoa digitise` keeps retrying an upload while storage or catalogue is down"
    )

    # API
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    max_upload_files: int = Field(20, description="files accepted in one upload request")
    api_key_cache_s: float = Field(10.0, description="a checked API key is trusted this long; 0 = always look up")
    webhook_timeout_s: float = Field(10.0, description="how long a webhook receiver has to answer")
    webhook_max_attempts: int = Field(10, description="deliveries tried this often before giving up")
    webhook_min_backoff_ms: int = Field(5_000, description="first retry delay; doubles up to the max")
    webhook_max_backoff_ms: int = Field(30 * 60 * 1000, description="longest delay between retries")

    # the digitised copy: PDF/A and the centre's signature (PAdES)
    pdfa_part: int = Field(2, description="PDF/A part of the stored searchable PDF: 2 (PDF/A-2b) or 1 (PDF/A-1b)")
    signing_pkcs12: Path | None = Field(None, description="the centre's certificate and key (PKCS#12 file, mode 0600)")
    signing_password: str = Field("", description="password of the PKCS#12 file, or the PKCS#11 user PIN")
    signing_pkcs11_module: Path | None = Field(None, description="PKCS#11 library of the token/HSM; set = sign on it")
    signing_pkcs11_token_label: str | None = Field(None, description="label of the PKCS#11 token")
    signing_pkcs11_key_label: str | None = Field(None, description="label of the signing key on the token")
    signing_pkcs11_cert_label: str | None = Field(None, description="label of its certificate (default: key label)")
    signing_tsa_url: str | None = Field(None, description="RFC 3161 time-stamping server; set = PAdES B-T")
    signing_trust_roots: Path | None = Field(None, description="PEM/DER file of CA certificates trusted by verify")
    signing_location: str = Field("", description="the signature's /Location (the receiving centre's place)")

    @field_validator("broker_url")
    @classmethod
    def _known_broker(cls, url: str | None) -> str | None:
        if url and not url.startswith(BROKER_SCHEMES):
            scheme = url.split("://")[0] if "://" in url else url[:20]
            raise ValueError(f"must start with redis://, rediss://, amqp:// or amqps://, not {scheme!r}")
        return url or None

    @model_validator(mode="after")
    def _refuse_placeholders_in_production(self) -> Settings:
        if self.environment == "production":
            if self.s3_endpoint and self.s3_secret_key in PLACEHOLDER_SECRETS:
                raise ValueError("SOHOA_S3_SECRET_KEY is a placeholder; set a real secret in production")
        return self

    @property
    def objects_dir(self) -> Path:
        return self.data_dir / "objects"

    @property
    def catalogue_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'sohoa.db').resolve()}"

    @property
    def effective_worker_threads(self) -> int:
        return self.worker_threads or max(1, os.cpu_count() or 1)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment; `ConfigurationError` when one is invalid."""
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigurationError(describe_invalid(exc)) from None


def describe_invalid(exc: ValidationError) -> str:
    """One line naming each invalid `SOHOA_*` variable and what is wrong with it."""
    problems = []
    for error in exc.errors():
        name = "_".join(str(part) for part in error.get("loc", ()))
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(f"SOHOA_{name.upper()}: {message}" if name else message)
    return "invalid settings: " + "; ".join(problems)
