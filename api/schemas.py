"""Request and response bodies of the HTTP API, kept apart, with examples for `/docs`.

Response models mirror the contract's JSON exactly (`ingest.digitising.results.document_json`); optional keys
that the contract leaves out (`error` unless failed, `entities` unless unknown) are not required.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.roles import Role
from storage.records import Status

DOSSIER_EXAMPLE = "000.00.36.H36-251125-0001"
DOCUMENT_EXAMPLE = "3f2b8c0e9d1a4b6c8e7f5a4b3c2d1e0f"
Event = Literal["document.digitised", "document.failed"]


# -- errors --------------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    code: str = Field(description="stable machine-readable code", examples=["invalid_dossier_id"])
    message: str = Field(description="what went wrong and what to do", examples=["Dossier ID 'x' is not …"])


class ErrorResponse(BaseModel):
    """Every 4xx/5xx answer."""

    error: ErrorDetail


# -- documents -----------------------------------------------------------------------------------


class UploadedDocument(BaseModel):
    document_id: str = Field(examples=[DOCUMENT_EXAMPLE])
    status: str = Field(
        description="`queued` for a new document; the current status of a duplicate", examples=["queued"]
    )
    source: str = Field(description="the uploaded file's name", examples=["scan-001.jpg"])
    sha256: str
    duplicate: bool = Field(description="true when the same file was already in the dossier (no copy made)")


class UploadResponse(BaseModel):
    documents: list[UploadedDocument]


CardType = Literal["cmnd", "cccd", "cccd_chip", "can_cuoc"]
CardSide = Literal["front", "back", "both"]  # both: a photocopy of the two sides on one page


class RegionOut(BaseModel):
    side: Literal["front", "back"]
    box: list[int] = Field(description="[x0, y0, x1, y1] of this side of the card, in the page image's pixels")


class PageOut(BaseModel):
    number: int
    text: str
    confidence: float
    rotation: int
    skew: float
    side: CardSide | None = Field(
        None, description="an ID card's page: which side it shows (`both`: a photocopy of the two sides)"
    )
    regions: list[RegionOut] | None = Field(None, description="on a `both` page, where each side is")


class FindingOut(BaseModel):
    """Something a reviewer must look at; any finding sets `needs_review`."""

    code: str = Field(
        description="`qr_print_mismatch`, `mrz_print_mismatch`, `qr_mrz_mismatch`, `page_unreadable`, …",
        examples=["qr_print_mismatch"],
    )
    field: str | None = Field(None, description="the field it is about, when it is about one", examples=["id_number"])
    page: int | None = Field(None, description="the page it is about (`page_unreadable`)")
    message: str = Field(examples=["in '068195001243', QR '068195001234'"])


class FieldOut(BaseModel):
    value: str
    confidence: float
    valid: bool
    page: int
    box: list[int] | None = Field(None, description="[x0, y0, x1, y1] where it was read, in the page image's pixels")
    source: str | None = Field(
        None, description="`ocr`, `qr`, `mrz`, `text_layer`, or `reviewer` once corrected", examples=["qr"]
    )
    ocr_value: str | None = Field(None, description="the value OCR read, when a reviewer corrected it")
    corrected_by: str | None = None
    corrected_at: str | None = None


class ObjectsOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    original: str
    pages: list[str]
    searchable_pdf: str | None
    result: str | None


class DocumentOut(BaseModel):
    """The document object of the contract's JSON result."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "document_id": DOCUMENT_EXAMPLE,
                    "dossier_id": DOSSIER_EXAMPLE,
                    "source": "scan-001.jpg",
                    "sha256": "9f…",
                    "doc_type": "citizen_id_card",
                    "status": "digitised",
                    "pages": [
                        {
                            "number": 1,
                            "text": "CĂN CƯỚC CÔNG DÂN …",
                            "confidence": 93.1,
                            "rotation": 0,
                            "skew": -0.4,
                            "side": "front",
                        }
                    ],
                    "text": "CĂN CƯỚC CÔNG DÂN …",
                    "fields": {
                        "id_number": {
                            "value": "068195001234",
                            "confidence": 0.97,
                            "valid": True,
                            "page": 1,
                            "source": "qr",
                        }
                    },
                    "needs_review": False,
                    "findings": [],
                    "card_type": "cccd_chip",
                    "objects": {
                        "original": f"{DOSSIER_EXAMPLE}/{DOCUMENT_EXAMPLE}/original.jpg",
                        "pages": [],
                        "searchable_pdf": None,
                        "result": None,
                    },
                    "received_at": "2025-11-25T08:00:00+00:00",
                }
            ]
        }
    )

    document_id: str
    dossier_id: str
    source: str
    sha256: str
    doc_type: str | None
    status: Status
    pages: list[PageOut]
    text: str
    fields: dict[str, FieldOut]
    needs_review: bool
    objects: ObjectsOut
    received_at: str
    entities: dict[str, list[str]] | None = Field(None, description="only for `unknown` documents")
    findings: list[FindingOut] | None = Field(
        None, description="disagreements between sources, failed checks, pages read badly (always on an ID card)"
    )
    card_type: CardType | None = Field(None, description="an ID card's generation (`citizen_id_card` only)")
    card_document_id: str | None = Field(
        None, description="the document of the card's other side, when the two sides were uploaded as two files"
    )
    parent_document_id: str | None = Field(None, description="the file this document was split out of")
    error: ErrorDetail | None = Field(None, description="only when `failed`")
    seconds: float | None = Field(None, description="processing time, once finished")
    # component metadata (given at upload) and what sohoa fills in once the signed copy exists
    procedure_code: str | None = Field(None, description="national procedure code (MaTTHC), e.g. 1.001612")
    component_code: str | None = Field(None, description="dossier component code (MaThanhPhanHoSo)")
    component_name: str | None = None
    retention: str | None = Field(None, description="years, or `permanent`")
    access_level: str | None = None
    digitised_by: str | None = Field(None, description="the API key, user or CLI that received the file")
    digitised_at: str | None = Field(None, description="when the signed copy was made (Asia/Ho_Chi_Minh)")
    dpi: int | None = None
    ocr_engine: str | None = None
    page_count: int | None = None
    signed_sha256: str | None = Field(None, description="SHA-256 of the stored signed searchable.pdf")
    signed_by: str | None = None
    pdfa: str | None = Field(None, description="PDF/A-2b or PDF/A-1b")


class DossierOut(BaseModel):
    dossier_id: str = Field(examples=[DOSSIER_EXAMPLE])
    documents: list[DocumentOut]


class DossierDeleted(BaseModel):
    dossier_id: str = Field(examples=[DOSSIER_EXAMPLE])
    documents: int = Field(description="documents removed")
    objects: int = Field(description="stored objects removed")
    reason: str


class FieldCorrections(BaseModel):
    """A reviewer's values; each is normalised and re-checked like an OCR reading."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"fields": {"full_name": "NGUYỄN VĂN ĐỨC", "date_of_birth": "20/08/1995"}}]},
    )

    fields: dict[str, str] = Field(min_length=1, max_length=50)


# -- search and stats ----------------------------------------------------------------------------


class SearchResult(BaseModel):
    document_id: str
    dossier_id: str
    doc_type: str | None
    snippet: str = Field(description="the original text around the first hit")


class SearchResponse(BaseModel):
    results: list[SearchResult]
    total: int = Field(description="every match, not only this page (up to 1000; see total_is_lower_bound)")
    total_is_lower_bound: bool = Field(False, description="true when there may be more matches than `total`")
    next: str | None = Field(None, description="send as `cursor` for the next page; null on the last page")
    limit: int
    offset: int


class Counts(BaseModel):
    received: int = Field(description="documents received (every status)")
    queued: int
    processing: int
    digitised: int
    failed: int
    needs_review: int = Field(description="digitised documents waiting for a reviewer")


class DayStats(Counts):
    date: str = Field(examples=["2025-11-25"])
    doc_types: dict[str, Counts] = Field(
        description="the same counts per document type ('unclassified' = not yet read)"
    )


class StatsResponse(BaseModel):
    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    totals: Counts
    doc_types: dict[str, Counts]
    days: list[DayStats] = Field(description="every day of the range, oldest first, zeros included")

    model_config = ConfigDict(populate_by_name=True)


# -- health --------------------------------------------------------------------------------------


class HealthResponse(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, str] = Field(examples=[{"storage": "ok", "catalogue": "ok", "broker": "ok"}])


# -- keys ----------------------------------------------------------------------------------------


class KeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, examples=["counter-3 scanner"])
    role: Role
    agencies: list[str] = Field(
        [],
        max_length=200,
        examples=[["000.00.36.H36"]],
        description="agency codes the key is limited to; empty: the whole province",
    )


class KeyOut(BaseModel):
    key_id: str
    name: str
    role: str
    agencies: list[str] = Field([], description="agency codes the key is limited to; empty: the whole province")
    created_at: datetime
    revoked_at: datetime | None


class KeyCreated(KeyOut):
    key: str = Field(description="the API key itself: shown this once, only its hash is kept")


class KeyList(BaseModel):
    keys: list[KeyOut]


# -- audit log -----------------------------------------------------------------------------------


class AuditEntry(BaseModel):
    entry_id: int
    at: datetime
    key_id: str
    key_name: str
    role: str
    action: str = Field(examples=["document.read"])
    dossier_id: str | None
    document_id: str | None
    detail: dict[str, Any] | None


class AuditLog(BaseModel):
    entries: list[AuditEntry]
    total: int
    limit: int
    offset: int


# -- webhooks ------------------------------------------------------------------------------------


class WebhookCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"url": "https://records.example.gov.vn/hooks/sohoa", "events": ["document.digitised"]}]
        },
    )

    url: str = Field(
        min_length=8,
        max_length=2000,
        pattern=r"^https?://[^\s/]+(/\S*)?$",
        description="http(s) URL that receives a POST per event",
    )
    events: list[Event] = Field(min_length=1, max_length=2)
    secret: str | None = Field(None, min_length=16, max_length=128, description="HMAC key; generated when left out")


class WebhookOut(BaseModel):
    webhook_id: str
    url: str
    events: list[str]
    created_by: str
    created_at: datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(description="the HMAC-SHA256 key of `X-Sohoa-Signature`; shown on creation only")


class WebhookList(BaseModel):
    webhooks: list[WebhookOut]


class DeliveryOut(BaseModel):
    delivery_id: str
    event: str
    document_id: str
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    response_status: int | None
    last_error: str | None
    created_at: datetime
    last_attempt_at: datetime | None
    delivered_at: datetime | None


class DeliveryList(BaseModel):
    deliveries: list[DeliveryOut]
    total: int
    limit: int
    offset: int
