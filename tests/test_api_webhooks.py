"""Webhooks: a receiver on loopback gets correctly signed deliveries, and gets them again after it was down."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ingest import context
from tests.support.api import Api, card_bytes, jpeg_bytes
from tests.support.receiving import receive

from .conftest import free_port


class Receiver:
    """A tiny HTTP server that records every POST; can be stopped and started on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[tuple[dict[str, str], bytes]] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> None:
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    yield server
    server.stop()


def _until(condition: Callable[[], object], timeout_s: float = 60) -> object:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def _verify(secret: str, headers: dict[str, str], body: bytes) -> dict:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["x-sohoa-signature"], expected)
    return json.loads(body)


def test_signed_deliveries_and_redelivery_after_the_receiver_was_down(
    api: Api, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOHOA_WEBHOOK_MIN_BACKOFF_MS", "200")
    monkeypatch.setenv("SOHOA_WEBHOOK_MAX_BACKOFF_MS", "800")
    context.reset()
    admin = api.auth("admin")
    created = api.client.post(
        "/v1/webhooks", headers=admin, json={"url": receiver.url, "events": ["document.digitised", "document.failed"]}
    )
    assert created.status_code == 201
    hook = created.json()
    assert len(hook["secret"]) >= 32
    listed = api.client.get("/v1/webhooks", headers=admin).json()["webhooks"]
    assert [h["webhook_id"] for h in listed] == [hook["webhook_id"]] and "secret" not in listed[0]

    first = api.upload([("card.jpg", card_bytes())]).json()["documents"][0]["document_id"]
    _until(lambda: receiver.received)
    headers, body = receiver.received[0]
    event = _verify(hook["secret"], headers, body)
    assert event["document"]["document_id"] == first and event["event"] == headers["x-sohoa-event"]
    assert event["event"] == "document.digitised" and headers["x-sohoa-delivery"] == event["delivery_id"]
    assert "text" not in event["document"] and "fields" not in event["document"]  # no personal data in transit

    receiver.stop()
    second = api.upload([("blank.jpg", jpeg_bytes(600, 800))]).json()["documents"][0]["document_id"]
    deliveries_url = f"/v1/webhooks/{hook['webhook_id']}/deliveries"

    def failed_once() -> bool:
        rows = api.client.get(deliveries_url, headers=admin).json()["deliveries"]
        return any(r["document_id"] == second and r["attempts"] >= 1 and r["status"] == "pending" for r in rows)

    _until(failed_once)
    receiver.start()
    _until(lambda: any(json.loads(b)["document"]["document_id"] == second for _, b in receiver.received))
    headers, body = receiver.received[-1]
    _verify(hook["secret"], headers, body)
    log = api.client.get(deliveries_url, headers=admin).json()
    assert log["total"] == 2
    retried = next(r for r in log["deliveries"] if r["document_id"] == second)
    assert retried["status"] == "delivered" and retried["attempts"] >= 2 and retried["response_status"] == 204

    assert api.client.delete(f"/v1/webhooks/{hook['webhook_id']}", headers=admin).status_code == 204
    assert api.client.get("/v1/webhooks", headers=admin).json()["webhooks"] == []
    assert api.client.delete(f"/v1/webhooks/{hook['webhook_id']}", headers=admin).status_code == 404


def test_webhook_subscriptions_are_validated(api: Api) -> None:
    admin = api.auth("admin")
    for body in (
        {"url": "ftp://x.example/hook", "events": ["document.digitised"]},
        {"url": "http://x.example/hook", "events": []},
        {"url": "http://x.example/hook", "events": ["document.eaten"]},
    ):
        response = api.client.post("/v1/webhooks", headers=admin, json=body)
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"
    assert api.client.get("/v1/webhooks/nope/deliveries", headers=admin).status_code == 404


def test_failed_documents_are_announced_with_their_error(api: Api, receiver: Receiver) -> None:
    from ingest.receiving import service

    from .conftest import DOSSIER

    hook = api.client.post(
        "/v1/webhooks",
        headers=api.auth("admin"),
        json={"url": receiver.url, "events": ["document.failed"], "secret": "a-secret-of-our-own-choosing"},
    ).json()
    scan = api.data_dir.parent / "lost.jpg"
    scan.write_bytes(jpeg_bytes(500, 700))
    accepted = receive(DOSSIER, scan, "lost.jpg", enqueue=False)
    context.get_store().delete(accepted.document.objects["original"])  # the original vanished: it must fail
    service.enqueue_document(accepted.document.document_id)
    _until(lambda: receiver.received)
    headers, body = receiver.received[0]
    event = _verify("a-secret-of-our-own-choosing", headers, body)
    assert event["event"] == "document.failed" and event["document"]["status"] == "failed"
    assert event["document"]["error"]["code"] == "not_found"
    rows = api.client.get(f"/v1/webhooks/{hook['webhook_id']}/deliveries", headers=api.auth("admin")).json()
    assert rows["deliveries"][0]["status"] == "delivered" and rows["deliveries"][0]["attempts"] == 1
