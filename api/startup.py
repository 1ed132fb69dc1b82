"""Start-up checks: `serve`, `worker`, `digitise`, `batch` and `demo` refuse to take work on a machine that
cannot do it, with one line naming what to install or set (a `ConfigurationError`), before any document
is received, instead of failing every document later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.settings import Settings


def check_ready() -> Settings:
    """The settings, once they validate and Tesseract (with its language and `osd` data) and poppler run."""
    from core.settings import get_settings
    from ingest.receiving import poppler
    from ocr.tesseract import check_available

    settings = get_settings()
    check_available(settings.ocr_language)
    poppler.check_available()
    return settings
