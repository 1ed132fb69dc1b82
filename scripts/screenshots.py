"""Screenshots of the web page's main screens, for the README and for review by eye.

Starts the app over a temporary data folder with the demo samples digitised (`bench.webpage.sample_server`),
then, in Debian's Chromium at 1366x768 (and the intake page at phone size too), writes
login, intake, dossier, document, review, search and admin as PNGs into the folder given.

    .venv/bin/python scripts/screenshots.py [docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.webpage import CHROMIUM, CHROMIUM_ARGS, DOSSIER, PASSWORD, USERS, sample_server  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; print each file written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with sample_server() as served, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=served.url)
        page = context.new_page()

        def shot(name: str, full: bool = False) -> None:
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=full)
            small = Image.open(path).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
            small.save(path, optimize=True)  # a palette PNG: a third of the size, still sharp text
            print(f"{path} ({path.stat().st_size // 1024} KB)")

        page.goto("/login")
        page.fill("input[name=username]", USERS["reviewer"])
        shot("login")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        page.goto("/")
        page.fill("input[name=dossier_id]", "000.00.36.H36-251125-01")
        shot("intake")
        page.goto(f"/dossiers/{DOSSIER}")
        shot("dossier")
        page.goto(f"/documents/{served.documents[0]}")
        page.wait_for_selector(".page img")
        page.wait_for_function("document.querySelector('.page img').complete")
        first = page.locator(".field[data-box]").first
        if first.count():
            first.click()
            page.wait_for_timeout(400)
        page.evaluate("window.scrollTo(0, 0)")
        shot("document")
        page.goto("/review")
        shot("review")
        page.goto("/search?q=bui quoc huu")
        shot("search")
        context.close()
        admin = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=served.url)
        page = admin.new_page()
        page.goto("/login")
        page.fill("input[name=username]", USERS["admin"])
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        page.goto("/admin")
        shot("admin")
        admin.close()
        phone = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=1,
            is_mobile=True,
            has_touch=True,
            base_url=served.url,
        )
        page = phone.new_page()
        page.goto("/login")
        page.fill("input[name=username]", USERS["reviewer"])
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        page.goto("/")
        shot("intake-phone")
        phone.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
