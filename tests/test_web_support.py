"""Fixtures and helpers shared by the web page's tests (no tests here).

`web_server` runs the app as `sohoa serve` does (uvicorn, in-process workers) on a free loopback
port over a fresh data folder, with one staff account per role. `chromium` is Debian's Chromium
driven by Playwright: it skips on a laptop without `/usr/bin/chromium` and fails when `CI` is set.
`SignedIn` is an httpx client that has signed in through the form, as a browser does.
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from core.settings import get_settings
from ingest import context
from ingest.receiving import service
from storage.users import Users

from .conftest import CARD_LINES, free_port, render_lines, service_missing, wait_for_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORDS = {role: f"mat-khau-{role}-2026" for role in ("intake", "reviewer", "reader", "admin")}
USERS = {role: f"nv-{role}" for role in PASSWORDS}  # one account per role, named after it
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class WebServer:
    """A live server: its base URL and data folder."""

    url: str
    data_dir: Path


def card_jpeg_bytes() -> bytes:
    """A small citizen ID card scan (the conftest's generated one) as JPEG bytes."""
    buffer = io.BytesIO()
    render_lines(CARD_LINES).save(buffer, "JPEG", quality=90, dpi=(300, 300))
    return buffer.getvalue()


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


class SignedIn:
    """An httpx client signed in through `/login` like a browser (cookies kept)."""

    def __init__(
        self, base_url: str, role: str | None = None, *, username: str | None = None, password: str | None = None
    ) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=30)
        self.login = None
        if role or username:
            self.login = self.sign_in(username or USERS[role or ""], password or PASSWORDS[role or ""])

    def sign_in(self, username: str, password: str) -> httpx.Response:
        """Post the sign-in form with the token the form page set."""
        token = csrf_of(self.client.get("/login").text)
        return self.client.post("/login", data={"username": username, "password": password, "csrf_token": token})

    def csrf(self, path: str = "/search") -> str:
        """The session's CSRF token, read from a page's sign-out form."""
        return csrf_of(self.client.get(path).text)

    def close(self) -> None:
        """Close the client."""
        self.client.close()


def serve(data_dir: Path) -> Iterator[WebServer]:
    """Run `create_app()` under uvicorn in a thread with in-process workers, as `sohoa serve` does."""
    import uvicorn

    from api.app import create_app

    context.reset()
    users = Users(context.get_database())
    for role, name in USERS.items():
        users.create_user(name, role, PASSWORDS[role])
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    service.ensure_workers(get_settings())
    thread = threading.Thread(target=server.run, name="web-test-server", daemon=True)
    thread.start()
    assert wait_for_port(port, 20), "the web server did not start"
    try:
        yield WebServer(f"http://127.0.0.1:{port}", data_dir)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        from ingest.queueing.actors import broker

        service.stop_workers(timeout_s=60)
        broker.flush_all()
        context.reset()


@pytest.fixture(name="web_server", scope="module")
def web_server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    """One live server per test module over its own empty data folder."""
    folder = tmp_path_factory.mktemp("web") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOHOA_DATA_DIR", str(folder))
        patch.setenv("SOHOA_WORKER_THREADS", "1")
        for name in ("SOHOA_DATABASE_URL", "SOHOA_S3_ENDPOINT", "SOHOA_BROKER_URL"):
            patch.delenv(name, raising=False)
        yield from serve(folder)


@pytest.fixture(name="chromium", scope="module")
def chromium_fixture() -> Iterator[object]:
    """Debian's Chromium under Playwright (never Playwright's own download); skip on a laptop, fail under CI."""
    if not CHROMIUM.exists():
        service_missing(f"{CHROMIUM} is not installed (scripts/install-system-deps.sh installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        service_missing("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_until(check, timeout_s: float = 90, every_s: float = 0.25):
    """Call `check` until it returns something truthy; that value, or an AssertionError at the deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        time.sleep(every_s)
