"""Webhook deliveries: tell subscribers when a document is digitised or failed, signed, retried, logged.

`notify(document_id)` is called by the digitise actor when a document reaches a final status; it
logs one pending delivery per matching subscription and sends `deliver_webhook` messages. The
delivery actor POSTs the JSON body with

    X-Sohoa-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the subscription's secret>

and retries with exponential backoff (`SOHOA_WEBHOOK_MIN_BACKOFF_MS` doubling up to
`SOHOA_WEBHOOK_MAX_BACKOFF_MS`) until a 2xx answer or `SOHOA_WEBHOOK_MAX_ATTEMPTS` attempts.
The body names the document, never its personal data: receivers fetch it with their API key.
Delivery IDs are derived from (subscription, event, document, finish time), so running the
digitise actor twice on the same message sends nothing twice.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

import dramatiq
import httpx

from core.errors import NotFound, TransientError
from core.settings import get_settings
from storage.access import DELIVERY_DELIVERED, DELIVERY_FAILED, DELIVERY_PENDING, Access
from storage.records import Status

from ..context import get_catalogue, get_database
from .broker import get_broker

log = logging.getLogger(__name__)

EVENTS = ("document.digitised", "document.failed")
SIGNATURE_HEADER = "X-Sohoa-Signature"
_EVENT_OF_STATUS = {Status.DIGITISED.value: "document.digitised", Status.FAILED.value: "document.failed"}


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx; the message is retried with backoff."""


def sign(secret: str, body: bytes) -> str:
    """The `X-Sohoa-Signature` value of a body: `sha256=` and the hex HMAC-SHA256 under the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def notify(document_id: str) -> list[str]:
    """Log and send one delivery per subscription to the document's final event; return their IDs."""
    catalogue = get_catalogue()
    doc = catalogue.get_document(document_id)
    event = _EVENT_OF_STATUS.get(doc.status)
    if event is None:
        return []
    access = Access(catalogue.database)
    finished = (doc.finished_at or doc.updated_at).isoformat()
    sent = []
    for hook in access.webhooks(event, dossier_id=doc.dossier_id):
        delivery_id = hashlib.sha256(f"{hook.webhook_id}|{event}|{document_id}|{finished}".encode()).hexdigest()[:32]
        document: dict[str, object] = {
            "document_id": doc.document_id,
            "dossier_id": doc.dossier_id,
            "doc_type": doc.doc_type,
            "status": doc.status,
            "needs_review": doc.needs_review,
        }
        if doc.status == Status.FAILED:
            document["error"] = {"code": doc.error_code or "processing_error", "message": doc.error or ""}
        body = json.dumps(
            {"delivery_id": delivery_id, "event": event, "occurred_at": finished, "document": document},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        if access.add_delivery(hook.webhook_id, event, document_id, delivery_id, body) is None:
            continue  # already logged (and sent) by an earlier run of the same message
        send(delivery_id)
        sent.append(delivery_id)
    return sent


def send(delivery_id: str) -> None:
    """Queue one delivery with the backoff the settings ask for."""
    settings = get_settings()
    deliver_webhook.send_with_options(
        args=(delivery_id,),
        min_backoff=settings.webhook_min_backoff_ms,
        max_backoff=settings.webhook_max_backoff_ms,
    )


def _retry(retries_so_far: int, exc: BaseException) -> bool:
    return isinstance(exc, DeliveryFailed | TransientError) and retries_so_far < 1000  # attempts are counted in DB


@dramatiq.actor(broker=get_broker(), queue_name="webhooks", retry_when=_retry, min_backoff=5_000, max_backoff=1_800_000)
def deliver_webhook(delivery_id: str) -> None:
    """POST one delivery; raise `DeliveryFailed` (retried) until it is answered 2xx or attempts run out."""
    settings = get_settings()
    access = Access(get_database())
    delivery = access.get_delivery(delivery_id)
    if delivery.status != DELIVERY_PENDING:
        return
    try:
        hook = access.get_webhook(delivery.webhook_id)
    except NotFound:
        access.record_attempt(
            delivery_id, status=DELIVERY_FAILED, response_status=None, error="the subscription was deleted"
        )
        return
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "sohoa-webhooks/1",
        "X-Sohoa-Event": delivery.event,
        "X-Sohoa-Delivery": delivery.delivery_id,
        SIGNATURE_HEADER: sign(hook.secret, body),
    }
    status: int | None = None
    try:
        response = httpx.post(hook.url, content=body, headers=headers, timeout=settings.webhook_timeout_s)
        status = response.status_code
        error = None if response.is_success else f"the receiver answered HTTP {status}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    if error is None:
        access.record_attempt(delivery_id, status=DELIVERY_DELIVERED, response_status=status, error=None)
        return
    final = delivery.attempts + 1 >= settings.webhook_max_attempts
    access.record_attempt(
        delivery_id, status=DELIVERY_FAILED if final else DELIVERY_PENDING, response_status=status, error=error
    )
    if not final:
        log.info("webhook delivery %s to %s: %s (will retry)", delivery_id, hook.url, error)
        raise DeliveryFailed(error)
    log.warning("webhook delivery %s to %s failed for good: %s", delivery_id, hook.url, error)
