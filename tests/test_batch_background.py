"""API batches: planning a backlog holds only its own source's lock, so reads of other batches never wait."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from core.errors import InvalidRequest, NotFound
from core.settings import get_settings
from ingest.batches import background


def test_reading_a_batch_does_not_wait_for_another_being_planned(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    get_settings.cache_clear()
    settings = get_settings()
    planning, release = threading.Event(), threading.Event()

    class Refused:
        ok, problems = False, ["a.jpg: not a scan"]

    def slow_plan(*_args: object, **_kwargs: object) -> Refused:
        planning.set()
        release.wait(30)
        return Refused()

    monkeypatch.setattr(background, "build_plan", slow_plan)
    batches = background.BackgroundBatches()
    errors: list[Exception] = []

    def start() -> None:
        try:
            batches.start(data_dir, settings, stacks=None, doc_type=None, split="segment", retry_failed=False)
        except InvalidRequest as exc:
            errors.append(exc)

    starter = threading.Thread(target=start)
    starter.start()
    assert planning.wait(30)
    began = time.monotonic()
    with pytest.raises(NotFound):
        batches.view(settings, "0123456789ab")  # no such batch: answered while the other is still planning
    waited = time.monotonic() - began
    release.set()
    starter.join(30)
    assert waited < 5
    assert len(errors) == 1 and "not a scan" in errors[0].message
