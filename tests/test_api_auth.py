"""API keys and roles: the CLI prints a key once, every route but /healthz needs one, every role is checked."""

from __future__ import annotations

import pytest

from api.cli import main
from storage.access import Access, hash_token
from tests.support.api import Api, jpeg_bytes

from .conftest import DOSSIER

DOC = "0" * 32
# (method, path, json body, roles allowed)
ROUTES = [
    ("GET", f"/v1/documents/{DOC}", None, {"intake", "reviewer", "reader", "admin"}),
    ("GET", f"/v1/dossiers/{DOSSIER}", None, {"intake", "reviewer", "reader", "admin"}),
    ("GET", f"/v1/documents/{DOC}/files/original", None, {"intake", "reviewer", "reader", "admin"}),
    ("GET", "/v1/search?q=an", None, {"intake", "reviewer", "reader", "admin"}),
    ("GET", "/metrics", None, {"intake", "reviewer", "reader", "admin"}),
    ("PATCH", f"/v1/documents/{DOC}/fields", {"fields": {"full_name": "AN"}}, {"reviewer", "admin"}),
    ("GET", "/v1/stats", None, {"admin"}),
    ("GET", "/v1/audit-log", None, {"admin"}),
    ("GET", "/v1/keys", None, {"admin"}),
    ("POST", "/v1/keys", {"name": "x", "role": "reader"}, {"admin"}),
    ("GET", "/v1/webhooks", None, {"admin"}),
    ("POST", "/v1/webhooks", {"url": "http://127.0.0.1:9/x", "events": ["document.failed"]}, {"admin"}),
]


def _error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


def test_keys_cli_prints_the_key_last_and_stores_only_its_hash(data_dir, capsys: pytest.CaptureFixture) -> None:
    assert main(["keys", "create", "--role", "reviewer", "--name", "desk 2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    token = lines[-1]
    assert token.startswith("sohoa_") and " " not in token and len(token) > 40
    from ingest.context import get_database

    access = Access(get_database())
    assert access.key_for_token(token).role == "reviewer"
    stored = b"".join(p.read_bytes() for p in data_dir.glob("sohoa.db*"))  # the database and its WAL
    assert token.encode() not in stored and hash_token(token).encode() in stored
    assert main(["keys", "list"]) == 0
    listing = capsys.readouterr().out
    assert "desk 2" in listing and "reviewer" in listing and token not in listing
    key_id = access.key_for_token(token).key_id
    assert main(["keys", "revoke", key_id]) == 0
    assert access.key_for_token(token) is None
    assert main(["keys", "revoke", "nosuchkey"]) == 2


def test_every_route_but_healthz_needs_a_key(api: Api) -> None:
    assert api.client.get("/healthz").status_code == 200
    for method, path, body, _roles in ROUTES:
        _error(api.client.request(method, path, json=body), 401, "unauthenticated")
        _error(
            api.client.request(method, path, json=body, headers={"Authorization": "Bearer sohoa_nope"}),
            401,
            "unauthenticated",
        )
    response = api.client.post(f"/v1/dossiers/{DOSSIER}/documents", files=[("files", ("a.jpg", jpeg_bytes()))])
    _error(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"


def test_every_role_is_checked(api: Api) -> None:
    for method, path, body, allowed in ROUTES:
        for role in ("intake", "reviewer", "reader", "admin"):
            response = api.client.request(method, path, json=body, headers=api.auth(role))
            if role in allowed:
                assert response.status_code not in (401, 403), (method, path, role, response.text)
            else:
                _error(response, 403, "forbidden")
    response = api.upload([("a.jpg", jpeg_bytes())], role="reader")
    _error(response, 403, "forbidden")
    assert not list((api.data_dir / "objects").rglob("original.*"))


def test_admin_manages_keys_over_http(api: Api) -> None:
    created = api.client.post("/v1/keys", json={"name": "records system", "role": "reader"}, headers=api.auth("admin"))
    assert created.status_code == 201
    token, key_id = created.json()["key"], created.json()["key_id"]
    reader = {"Authorization": f"Bearer {token}"}
    assert api.client.get("/v1/search?q=x", headers=reader).status_code == 200
    listed = api.client.get("/v1/keys", headers=api.auth("admin")).json()["keys"]
    assert any(k["key_id"] == key_id and "key" not in k for k in listed)
    assert api.client.delete(f"/v1/keys/{key_id}", headers=api.auth("admin")).status_code == 204
    _error(api.client.get("/v1/search?q=x", headers=reader), 401, "unauthenticated")
    _error(api.client.delete("/v1/keys/nope", headers=api.auth("admin")), 404, "not_found")
    bad = api.client.post("/v1/keys", json={"name": "x", "role": "root"}, headers=api.auth("admin"))
    _error(bad, 422, "invalid_request")


def test_unknown_route_and_method_use_the_error_shape(api: Api) -> None:
    _error(api.client.get("/v1/nothing", headers=api.auth("admin")), 404, "not_found")
    _error(api.client.put("/v1/search", headers=api.auth("admin")), 405, "method_not_allowed")


def test_sohoa_serve_answers_on_its_port(data_dir, tmp_path) -> None:
    """`sohoa serve --port N` starts the API (health without a key, 401 without one elsewhere)."""
    import os
    import subprocess
    import sys
    import time

    import httpx

    from .conftest import free_port

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--log-level", "warning"],
        env={**os.environ, "SOHOA_WORKER_THREADS": "1"},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, "sohoa serve did not start"
                time.sleep(0.1)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert httpx.get(f"http://127.0.0.1:{port}/v1/search", timeout=5).status_code == 401
        assert "sohoa" in httpx.get(f"http://127.0.0.1:{port}/docs", timeout=5).text
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_repeated_query_parameter_is_refused(api: Api) -> None:
    """`?document_id=a&document_id=b` would silently mean b: no route takes a list, so say so."""
    response = api.client.get("/v1/audit-log?document_id=a&document_id=b", headers=api.auth("admin"))
    _error(response, 400, "invalid_request")
    assert "document_id" in response.json()["error"]["message"]
    assert api.client.get("/v1/audit-log?document_id=a", headers=api.auth("admin")).status_code == 200
