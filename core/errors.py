"""The root error of sohoa and every error a user (or a flaky dependency) can cause.

Each carries a message a clerk can act on, a stable machine `code` and the HTTP status it maps to.
Errors become responses at exactly one boundary each: the API exception handler, the worker
wrapper and the CLI.

    SohoaError                         500 internal
    ├── InputError                     400 the caller can fix it
    │   ├── InvalidDossierId           400
    │   ├── UnsupportedFileType        415
    │   ├── FileTooLarge               413
    │   ├── TooManyPages               413
    │   ├── ImageTooLarge              413
    │   ├── CorruptFile                422
    │   ├── EncryptedPdf               422
    │   ├── EmptyFile                  400
    │   └── InvalidRequest             400 (bad field name, bad date range…)
    ├── NotFound                       404
    ├── Unauthenticated                401
    ├── Forbidden                      403
    ├── Conflict                       409 not now (e.g. correcting a document still being read)
    ├── TransientError                 503 retried with backoff
    │   ├── StorageUnavailable
    │   ├── CatalogueUnavailable
    │   └── BrokerUnavailable
    ├── ConfigurationError             500 the machine or the settings cannot work (CLI exit 78)
    │   └── MissingDependency          500 a system package is not installed
    ├── ProcessingError                500 a fault of ours while digitising
    └── SigningNotConfigured           500 no usable signing certificate or key

`exit_code` is what the `sohoa` command exits with when the error stops it (2, or 78, EX_CONFIG, when a
command refuses to start).
"""

from __future__ import annotations


class SohoaError(Exception):
    """Root of every error sohoa raises on purpose."""

    code = "internal_error"
    http_status = 500
    retryable = False
    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class InputError(SohoaError):
    code = "invalid_input"
    http_status = 400


class InvalidDossierId(InputError):
    code = "invalid_dossier_id"


class UnsupportedFileType(InputError):
    code = "unsupported_file_type"
    http_status = 415


class FileTooLarge(InputError):
    code = "file_too_large"
    http_status = 413


class TooManyPages(InputError):
    code = "too_many_pages"
    http_status = 413


class ImageTooLarge(InputError):
    code = "image_too_large"
    http_status = 413


class CorruptFile(InputError):
    code = "corrupt_file"
    http_status = 422


class EncryptedPdf(InputError):
    code = "encrypted_pdf"
    http_status = 422


class EmptyFile(InputError):
    code = "empty_file"


class InvalidRequest(InputError):
    code = "invalid_request"


class NotFound(SohoaError):
    code = "not_found"
    http_status = 404


class Unauthenticated(SohoaError):
    code = "unauthenticated"
    http_status = 401


class Forbidden(SohoaError):
    code = "forbidden"
    http_status = 403


class Conflict(SohoaError):
    code = "conflict"
    http_status = 409


class TransientError(SohoaError):
    code = "temporarily_unavailable"
    http_status = 503
    retryable = True


class StorageUnavailable(TransientError):
    code = "storage_unavailable"


class CatalogueUnavailable(TransientError):
    code = "catalogue_unavailable"


class BrokerUnavailable(TransientError):
    code = "broker_unavailable"


class ConfigurationError(SohoaError):
    """The settings or the machine cannot work: a command stops before it takes work, naming what to fix."""

    code = "configuration_error"
    exit_code = 78


class MissingDependency(ConfigurationError):
    code = "missing_dependency"


class ProcessingError(SohoaError):
    code = "processing_error"


class SigningNotConfigured(SohoaError):
    """The centre's signing key is missing, unreadable or refused (never says the password or the key)."""

    code = "signing_not_configured"
