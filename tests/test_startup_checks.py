"""Start-up checks: a command that cannot work stops at once with one line naming what to install or set.

Run as real processes, as an operator would start them: no traceback, a non-zero exit, within seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import ConfigurationError, MissingDependency, SohoaError
from core.settings import get_settings

REPO = Path(__file__).resolve().parents[1]


def _sohoa(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    environ.update({"SOHOA_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args], cwd=REPO, env=environ, capture_output=True, text=True, timeout=30
    )


def _one_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


def test_a_worker_without_the_vietnamese_data_stops_at_once_naming_the_package(tmp_path: Path) -> None:
    empty = tmp_path / "tessdata"
    empty.mkdir()
    proc = _sohoa(
        ["worker", "--processes", "1"], tmp_path, TESSDATA_PREFIX=str(empty), SOHOA_BROKER_URL="redis://127.0.0.1:1/0"
    )
    assert proc.returncode == ConfigurationError.exit_code
    line = _one_line(proc)
    assert "vie" in line and "tesseract-ocr-vie" in line and "TESSDATA_PREFIX" in line


def test_serve_with_an_invalid_setting_stops_at_once_naming_the_variable(tmp_path: Path) -> None:
    proc = _sohoa(["serve", "--port", "0"], tmp_path, SOHOA_MAX_PAGES="many")
    assert proc.returncode == ConfigurationError.exit_code
    line = _one_line(proc)
    assert line.startswith("sohoa: invalid settings: SOHOA_MAX_PAGES")


def test_a_bad_broker_url_is_a_settings_error_not_an_import_error(tmp_path: Path) -> None:
    proc = _sohoa(
        ["digitise", "x.jpg", "--dossier-id", "000.00.36.H36-251125-0001"],
        tmp_path,
        SOHOA_BROKER_URL="kafka://127.0.0.1:9092",
    )
    assert proc.returncode == ConfigurationError.exit_code
    assert "SOHOA_BROKER_URL" in _one_line(proc) and "kafka" in proc.stderr


def test_importing_the_app_the_cli_and_the_service_with_a_bad_broker_url_raises_nothing(tmp_path: Path) -> None:
    code = "import api.app, api.cli, ingest.receiving.service, ingest.reads.health; print('imported')"
    environ = {**os.environ, "SOHOA_BROKER_URL": "kafka://x", "SOHOA_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=environ, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "imported"


def test_invalid_settings_raise_one_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOHOA_API_PORT", "eighty")
    monkeypatch.setenv("SOHOA_WORKER_THREADS", "-")
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError) as caught:
            get_settings()
    finally:
        get_settings.cache_clear()
    assert "SOHOA_API_PORT" in caught.value.message and "SOHOA_WORKER_THREADS" in caught.value.message
    assert "\n" not in caught.value.message


def test_configuration_errors_sit_in_the_error_tree_with_their_exit_code() -> None:
    assert issubclass(ConfigurationError, SohoaError) and issubclass(MissingDependency, ConfigurationError)
    assert ConfigurationError.exit_code == 78 and SohoaError.exit_code == 2
