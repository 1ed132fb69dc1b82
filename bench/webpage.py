"""The web page's first load, measured in Debian's Chromium: bytes transferred and time to interactive.

Targets (issue #16): the first page load under 300 KB and interactive in under 1 s on this machine.
Each page is loaded `--runs` times in a fresh browser context (empty cache, so every asset is
fetched); bytes are the response headers and bodies Chromium reports for every request of the load;
"interactive" is `domContentLoadedEventEnd` of the navigation timing (the deferred scripts, htmx and
app.js, have run and bound their handlers), "load" is `loadEventEnd` (images too).

    .venv/bin/python bench/webpage.py [--runs 5]

`sample_server()` (also used by `scripts/screenshots.py`) runs the app as `sohoa serve` does on a
free loopback port over a temporary data folder, with one account per role and the demo samples
digitised.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOSSIER = "000.00.36.H36-251125-0001"
SAMPLES = ("01-citizen_id_card-clean.png", "02-application_form-scan.jpg")
PASSWORD = "mat-khau-demo-2026"
USERS = {"admin": "quantri", "reviewer": "kiemtra", "intake": "tiepnhan", "reader": "tracuu"}
TARGET_BYTES, TARGET_S = 300_000, 1.0


@dataclass
class SampleServer:
    """A running server with sample data: its URL and the documents uploaded."""

    url: str
    documents: list[str]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sign_in(client, role: str) -> None:
    """Sign a plain HTTP client in through the form."""
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"username": USERS[role], "password": PASSWORD, "csrf_token": token})


@contextmanager
def sample_server(with_documents: bool = True) -> Iterator[SampleServer]:
    """The app under uvicorn with in-process workers over a temporary data folder, samples digitised."""
    import httpx
    import uvicorn

    with tempfile.TemporaryDirectory(prefix="sohoa-web-") as tmp:
        os.environ["SOHOA_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        for name in ("SOHOA_DATABASE_URL", "SOHOA_S3_ENDPOINT", "SOHOA_BROKER_URL"):
            os.environ.pop(name, None)
        from api.app import create_app
        from core.settings import get_settings
        from ingest import context
        from ingest.receiving import service
        from storage.users import Users

        context.reset()
        users = Users(context.get_database())
        for role, name in USERS.items():
            users.create_user(name, role, PASSWORD)
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
        service.ensure_workers(get_settings())
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        documents: list[str] = []
        try:
            if with_documents:
                with httpx.Client(base_url=url, timeout=60) as client:
                    sign_in(client, "reviewer")
                    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)  # type: ignore[union-attr]
                    demo = ROOT / "samples" / "demo"
                    files = [
                        ("files", (name, (demo / name).read_bytes(), "application/octet-stream")) for name in SAMPLES
                    ]
                    client.post("/", data={"dossier_id": DOSSIER, "csrf_token": token}, files=files)
                    deadline = time.monotonic() + 300
                    while time.monotonic() < deadline:
                        docs = context.get_catalogue().dossier_documents(DOSSIER)
                        if docs and all(d.status in ("digitised", "failed") for d in docs):
                            documents = [d.document_id for d in docs]
                            break
                        time.sleep(0.5)
            yield SampleServer(url, documents)
        finally:
            server.should_exit = True
            thread.join(timeout=15)
            service.stop_workers(timeout_s=60)
            context.reset()


def measure(browser, url: str, path: str, cookies: list | None = None) -> tuple[int, float, float]:
    """(bytes, seconds to interactive, seconds to load) of one cold load of `path`."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    sizes: list[int] = []
    page.on(
        "requestfinished",
        lambda request: sizes.append((lambda s: s["responseBodySize"] + s["responseHeadersSize"])(request.sizes())),
    )
    page.goto(url + path, wait_until="load")
    timing = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()"
    )
    context.close()
    return sum(sizes), timing[0] / 1000, timing[1] / 1000


def main(argv: list[str] | None = None) -> int:
    """Measure the sign-in page and, signed in, the intake and search pages; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    import httpx
    from playwright.sync_api import sync_playwright

    with sample_server(with_documents=False) as served, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with httpx.Client(base_url=served.url) as client:
            sign_in(client, "intake")
            cookie = [{"name": "sohoa_session", "value": client.cookies["sohoa_session"], "url": served.url}]
        ok = True
        print(f"{'page':<10}{'KB':>8}{'interactive s':>16}{'load s':>10}   (median of {args.runs} cold loads)")
        for path, cookies in (("/login", None), ("/", cookie), ("/search", cookie)):
            runs = [measure(browser, served.url, path, cookies) for _ in range(args.runs)]
            size = statistics.median(r[0] for r in runs)
            interactive = statistics.median(r[1] for r in runs)
            load = statistics.median(r[2] for r in runs)
            ok &= size < TARGET_BYTES and interactive < TARGET_S
            print(f"{path:<10}{size / 1000:>8.1f}{interactive:>16.3f}{load:>10.3f}")
        browser.close()
    print(f"targets: < {TARGET_BYTES / 1000:.0f} KB and interactive < {TARGET_S:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
