"""`sohoa serve --workers N`: refused without a broker (in-process workers cannot be shared between
processes); with one, N processes answer on one port and uploads reach the broker's queue."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from api.cli import main
from api.cli.serve import check_workers
from core.errors import InvalidRequest
from tests.support.api import jpeg_bytes

from .conftest import DOSSIER, free_port


def test_more_than_one_worker_needs_a_broker() -> None:
    check_workers(1, None)
    check_workers(4, "redis://127.0.0.1:6379/0")
    with pytest.raises(InvalidRequest, match="SOHOA_BROKER_URL"):
        check_workers(2, None)
    with pytest.raises(InvalidRequest, match="at least 1"):
        check_workers(0, "redis://127.0.0.1:6379/0")


def test_serve_refuses_workers_without_a_broker_before_starting(data_dir, capsys, monkeypatch) -> None:
    monkeypatch.delenv("SOHOA_BROKER_URL", raising=False)
    assert main(["serve", "--workers", "2", "--port", str(free_port())]) == 2
    assert "needs a queue" in capsys.readouterr().err


def test_two_api_processes_take_uploads_onto_the_broker(data_dir, redis_server) -> None:
    env = {**os.environ, "SOHOA_DATA_DIR": str(data_dir), "SOHOA_BROKER_URL": redis_server.url}
    created = subprocess.run(
        [sys.executable, "-m", "api.cli", "keys", "create", "--role", "intake", "--name", "t"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    token = created.stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "2", "--log-level", "warning"],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "sohoa serve --workers 2 did not start"
            time.sleep(0.2)
        headers = {"Authorization": f"Bearer {token}"}
        for n in range(4):
            response = httpx.post(
                f"{base}/v1/dossiers/{DOSSIER}/documents",
                headers=headers,
                timeout=30,
                files=[("files", (f"s{n}.jpg", jpeg_bytes(400 + n, 300), "image/jpeg"))],
            )
            assert response.status_code == 202, response.text
            assert response.json()["documents"][0]["status"] == "queued"
    finally:
        server.terminate()
        server.wait(timeout=30)
