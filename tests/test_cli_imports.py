"""The command line stays quick to start: `sohoa --help` and `sohoa keys list` import none of the heavy
libraries (OpenCV, NumPy, the web stack, pyHanko, the queue). A count of modules, not a stopwatch: the
start-up time itself is measured by `bench/cli_startup.py`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = {"cv2", "numpy", "fastapi", "starlette", "pyhanko", "pikepdf", "PIL", "dramatiq", "boto3", "pytesseract"}

PROBE = """
import contextlib, io, json, sys
from api.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _imported(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    env = {"PATH": "/usr/bin:/bin", "SOHOA_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return answer["code"], set(answer["modules"])


def test_help_imports_nothing_heavy(tmp_path: Path) -> None:
    code, modules = _imported(tmp_path, "--help")
    assert code == 0
    assert modules & HEAVY == set()
    assert "sqlalchemy" not in modules and "pydantic_settings" not in modules


def test_keys_list_needs_only_the_catalogue(tmp_path: Path) -> None:
    code, modules = _imported(tmp_path, "keys", "list")
    assert code == 0
    assert "sqlalchemy" in modules  # it did read the catalogue
    assert modules & HEAVY == set()
