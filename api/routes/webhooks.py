"""Webhook subscriptions (admin) and their delivery log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from core.errors import NotFound

from ..deps import AccessDep, Admin
from ..errors import responses
from ..schemas import DeliveryList, WebhookCreate, WebhookCreated, WebhookList

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])

WebhookId = Annotated[str, Path(max_length=40)]


def _hook_json(hook) -> dict:  # storage.access.WebhookRecord
    return {
        "webhook_id": hook.webhook_id,
        "url": hook.url,
        "events": list(hook.events),
        "created_by": hook.created_by,
        "created_at": hook.created_at,
    }


def _visible(hook, key) -> None:
    """404 for a subscription a key limited to agencies did not make within them."""
    if not key.scope.includes(hook.scope):
        raise NotFound(f"No webhook with ID '{hook.webhook_id}'")


@router.post(
    "",
    summary="Subscribe to document events (admin)",
    status_code=201,
    response_model=WebhookCreated,
    description='The workers POST `{"delivery_id", "event", "occurred_at", "document": {"document_id", '
    '"dossier_id", "doc_type", "status", "needs_review"}}` to `url` when a document is '
    "digitised or failed, with headers `X-Sohoa-Event`, `X-Sohoa-Delivery` and `X-Sohoa-Signature: "
    "sha256=<hex HMAC-SHA256 of the raw body keyed with the secret>`. Anything but a 2xx answer is "
    "retried with exponential backoff. The secret is shown in this answer only.",
    responses=responses(401, 403, 422),
)
def create_webhook(body: WebhookCreate, key: Admin, access: AccessDep) -> dict:
    """A new subscription (hearing only of the creator's agencies) and its signing secret."""
    hook = access.add_webhook(body.url, body.events, f"{key.name} ({key.key_id})", body.secret, scope=key.scope)
    access.record(key, "webhook.create", detail={"webhook_id": hook.webhook_id, "url": hook.url})
    return {**_hook_json(hook), "secret": hook.secret}


@router.get("", summary="List subscriptions (admin)", response_model=WebhookList, responses=responses(401, 403))
def list_webhooks(key: Admin, access: AccessDep) -> dict:
    """Every live subscription (secrets are not shown)."""
    return {"webhooks": [_hook_json(h) for h in access.webhooks(scope=key.scope)]}


@router.delete(
    "/{webhook_id}", summary="Delete a subscription (admin)", status_code=204, responses=responses(401, 403, 404)
)
def delete_webhook(webhook_id: WebhookId, key: Admin, access: AccessDep) -> Response:
    """No more deliveries; pending ones fail, the log is kept."""
    _visible(access.get_webhook(webhook_id), key)
    access.delete_webhook(webhook_id)
    access.record(key, "webhook.delete", detail={"webhook_id": webhook_id})
    return Response(status_code=204)


@router.get(
    "/{webhook_id}/deliveries",
    summary="Delivery log of a subscription (admin)",
    description="Newest first: status (`pending`, `delivered`, `failed`), attempts, the receiver's last "
    "HTTP status and error.",
    response_model=DeliveryList,
    responses=responses(401, 403, 404),
)
def deliveries(
    webhook_id: WebhookId,
    key: Admin,
    access: AccessDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict:
    """What was sent to this subscription and how it went."""
    _visible(access.get_webhook(webhook_id, include_deleted=True), key)
    found, total = access.deliveries(webhook_id, limit=limit, offset=offset)
    rows = [{k: v for k, v in d.__dict__.items() if k not in ("body", "webhook_id")} for d in found]
    return {"deliveries": rows, "total": total, "limit": limit, "offset": offset}
