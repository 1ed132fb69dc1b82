"""The counter's page in a real browser (Debian's Chromium through Playwright) with the network cut off:
sign in, upload a scan, watch it digitise, correct a field as a reviewer, search without diacritics,
a reader refused at intake, `/docs` and `/redoc` rendered from local assets only."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from .conftest import DOSSIER
from .test_web_support import (  # noqa: F401 - fixtures
    PASSWORDS,
    USERS,
    WebServer,
    card_jpeg_bytes,
    chromium_fixture,
    web_server_fixture,
)

pytestmark = pytest.mark.slow


class Offline:
    """A browser page whose every request to anywhere but the test server is aborted and remembered."""

    def __init__(self, browser, base_url: str) -> None:
        self.base = urlparse(base_url)
        self.context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN", base_url=base_url)
        self.elsewhere: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)

    def _route(self, route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob") or (url.hostname == "127.0.0.1" and url.port == self.base.port):
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()

    def sign_in(self, role: str) -> None:
        """Fill and send the sign-in form."""
        self.page.goto("/login")
        self.page.fill("input[name=username]", USERS[role])
        self.page.fill("input[name=password]", PASSWORDS[role])
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()


@pytest.fixture
def offline(chromium, web_server: WebServer) -> Iterator[Offline]:
    """A fresh browser context (no cookies) that may reach only the test server; none tried elsewhere."""
    tab = Offline(chromium, web_server.url)
    yield tab
    tab.context.close()
    assert tab.elsewhere == [], f"the page tried to load from outside: {tab.elsewhere}"


def test_upload_watch_correct_and_search(offline: Offline, tmp_path) -> None:
    page = offline.page
    offline.sign_in("reviewer")  # a reviewer may also upload
    page.goto("/")
    page.fill("input[name=dossier_id]", "000.00.36.H36-251399-0001")
    assert "chưa đúng dạng" in page.text_content("#dossier_check") or "không có thật" in page.text_content(
        "#dossier_check"
    )
    page.fill("input[name=dossier_id]", DOSSIER)
    assert page.text_content("#dossier_check") == "Mã hồ sơ hợp lệ."
    scan = tmp_path / "cccd.jpg"
    scan.write_bytes(card_jpeg_bytes())
    page.set_input_files("input[name=files]", str(scan))
    page.click("#intake button[type=submit]")
    page.wait_for_url(f"**/dossiers/{DOSSIER}*")
    assert "Đã nhận 1 tệp" in page.text_content("main")
    # The row turns digitised by polling, without the page being reloaded.
    page.evaluate("window.__same_page = true")
    page.wait_for_selector("tr[data-status=digitised]", timeout=90_000)
    assert page.evaluate("window.__same_page") is True
    page.click("tr[data-status=digitised] a")
    page.wait_for_selector("#field-full_name .fvalue")
    assert page.text_content("#field-id_number .fvalue").strip() == "068195001234"
    assert page.text_content("#field-date_of_birth .fvalue").strip() == "20/08/1995"
    # Clicking a field outlines its box on the page image.
    page.click("#field-full_name .fvalue")
    page.wait_for_selector(".page .hl:not([hidden])")
    box = page.eval_on_selector(".page .hl:not([hidden])", "e => e.getBoundingClientRect().width")
    assert box > 20
    ocr_value = page.text_content("#field-full_name .fvalue").strip()
    page.click("#field-full_name summary")
    page.fill("#fix-full_name", "NGUYỄN VĂN ĐỨC ANH")
    page.click("#field-full_name form button")
    page.wait_for_selector("#field-full_name .hist")
    assert page.text_content("#field-full_name .fvalue").strip() == "NGUYỄN VĂN ĐỨC ANH"
    history = page.text_content("#field-full_name .hist")
    assert f"Giá trị OCR: {ocr_value}" in history and USERS["reviewer"] in history
    # Keyboard: C opens the first field still to check with its input focused, Esc closes it, N moves on.
    page.keyboard.press("c")
    assert page.evaluate("document.activeElement.closest('details.fix[data-flagged]').open") is True
    page.keyboard.press("Escape")
    assert page.locator("details.fix[open]").count() == 0
    page.keyboard.press("n")
    page.wait_for_url("**/review")  # this was the only document waiting
    # Searching without diacritics finds it.
    page.goto("/search")
    page.fill("input[name=q]", "nguyen van duc anh")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("ol.results li")
    assert "1 kết quả" in page.text_content("main")
    assert DOSSIER in page.text_content("ol.results")


def test_a_reader_signs_in_and_is_refused_at_intake(offline: Offline) -> None:
    offline.sign_in("reader")
    assert offline.page.url.endswith("/search")
    response = offline.page.goto("/")
    assert response is not None and response.status == 403
    assert "không được dùng chức năng này" in offline.page.text_content("main")
    assert offline.page.locator("nav a", has_text="Tiếp nhận").count() == 0


def test_docs_and_redoc_render_with_the_network_cut_off(offline: Offline) -> None:
    offline.page.goto("/docs")
    offline.page.wait_for_selector(".swagger-ui .info .title")
    assert "sohoa" in offline.page.text_content(".swagger-ui .info .title")
    assert offline.page.locator(".opblock").count() > 10
    offline.page.goto("/redoc")
    offline.page.wait_for_selector("h1")
    assert "sohoa" in offline.page.text_content("h1")
