"""The README is the manual: it opens with the two commands, and its settings table names every setting."""

from __future__ import annotations

import re
from pathlib import Path

from core.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _settings_section() -> str:
    return README.split("## Settings", 1)[1].split("\n## ", 1)[0]


def test_every_setting_is_in_the_readme_table_and_the_table_names_no_other() -> None:
    table = {name.lower() for name in re.findall(r"`SOHOA_([A-Z0-9_]+)`", _settings_section())}
    assert table == set(Settings.model_fields)


def test_the_readme_opens_with_make_demo_then_make_test() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert first_block[0].startswith("make demo") and first_block[1].startswith("make test")
