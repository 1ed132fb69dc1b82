"""A CSV manifest carries the component metadata in columns of the same names as the upload's form fields."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from core.settings import Settings
from ingest.batches.batch_source import build_plan


def _scans(folder: Path) -> None:
    folder.mkdir()
    Image.new("RGB", (400, 300), "white").save(folder / "a.png", dpi=(200, 200))
    Image.new("RGB", (410, 300), "white").save(folder / "b.png", dpi=(200, 200))  # not the same content as a.png


def test_manifest_component_columns_reach_the_items(tmp_path: Path) -> None:
    scans = tmp_path / "scans"
    _scans(scans)
    manifest = scans / "manifest.csv"
    manifest.write_text(
        "file,dossier_id,procedure_code,component_code,component_name,retention,access_level\n"
        "a.png,000.00.36.H36-251125-0001,1.001612,TP01,Đơn đề nghị,permanent,public\n"
        "b.png,000.00.36.H36-251125-0001\n",
        encoding="utf-8",
    )
    plan = build_plan(manifest, Settings(data_dir=tmp_path / "data"), tmp_path / "work")
    assert plan.ok, plan.problems
    first, second = plan.items
    assert first.component == {
        "procedure_code": "1.001612",
        "component_code": "TP01",
        "component_name": "Đơn đề nghị",
        "retention": "permanent",
        "access_level": "public",
    }
    assert second.component is None


def test_manifest_with_a_bad_procedure_code_or_unknown_column_is_refused(tmp_path: Path) -> None:
    scans = tmp_path / "scans"
    _scans(scans)
    bad = scans / "bad.csv"
    bad.write_text("file,dossier_id,procedure_code\na.png,000.00.36.H36-251125-0001,1.0016\n", encoding="utf-8")
    plan = build_plan(bad, Settings(data_dir=tmp_path / "data"), tmp_path / "work")
    assert any("line 2: procedure_code '1.0016'" in p for p in plan.problems), plan.problems
    unknown = scans / "unknown.csv"
    unknown.write_text("file,dossier_id,shoe_size\na.png,000.00.36.H36-251125-0001,42\n", encoding="utf-8")
    plan = build_plan(unknown, Settings(data_dir=tmp_path / "data"), tmp_path / "work")
    assert any("shoe_size" in p for p in plan.problems), plan.problems
