"""The sample generator: reproducible by seed, covers every type and class, and its truth is valid."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from stdnum.vn import mst

from samples import generate as gen
from samples import people

DOSSIER_ID = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4,}$")
ID_FIELDS = ("id_number", "requester_id_number", "representative_id_number", "owner_id_number")
DATE_FIELDS = ("date_of_birth", "date_of_expiry", "child_date_of_birth", "first_registration_date")
DEMO = Path(__file__).resolve().parent.parent / "samples" / "demo"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, dict]]:
    """One run that covers all nine classes and all five types (nine files)."""
    out = tmp_path_factory.mktemp("samples")
    paths = gen.generate(out, len(gen.CLASSES), seed=11)
    return [(p, json.loads(Path(f"{p}.truth.json").read_text(encoding="utf-8"))) for p in paths]


def all_fields(truth: dict) -> list[dict[str, str]]:
    """The fields of the file and of every document inside it."""
    return [truth["fields"], *(d["fields"] for d in truth.get("documents", []))]


def test_every_class_and_type_is_produced(batch: list[tuple[Path, dict]]) -> None:
    assert {t["degradation"] for _, t in batch} == set(gen.CLASSES)
    assert {t["doc_type"] for _, t in batch} == set(gen.DOC_TYPES)
    for path, truth in batch:
        assert path.exists() and path.stat().st_size > 10_000
        assert truth["file"] == path.name
        assert DOSSIER_ID.match(truth["dossier_id"])


def test_plan_covers_every_combination() -> None:
    combos = gen.plan(len(gen.CLASSES) * len(gen.DOC_TYPES), gen.CLASSES, gen.DOC_TYPES)
    assert len(set(combos)) == len(gen.CLASSES) * len(gen.DOC_TYPES)
    few = gen.plan(3, ["scan"], ["citizen_id_card", "application_form", "land_use_certificate"])
    assert [t for t, _ in few] == ["citizen_id_card", "application_form", "land_use_certificate"]


def test_same_seed_same_bytes_and_truth(batch: list[tuple[Path, dict]]) -> None:
    for index in (0, 6):  # clean and fax: the cheap ones
        path, truth = batch[index]
        again = gen.make_sample(truth["doc_type"], truth["degradation"], 11, index, truth["dossier_id"])
        assert again.data == path.read_bytes()
        assert again.truth == truth
    other = gen.make_sample(batch[0][1]["doc_type"], "clean", 12, 0, "x")
    assert other.data != batch[0][0].read_bytes()


def test_unknown_class_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="blurry"):
        gen.generate(tmp_path, 1, seed=1, classes=["blurry"])


def test_ids_agree_with_birth_date_and_sex(batch: list[tuple[Path, dict]]) -> None:
    for _, truth in batch:
        for fields in all_fields(truth):
            for name in ID_FIELDS:
                if name not in fields:
                    continue
                value = fields[name]
                assert re.fullmatch(r"\d{12}", value), value
                assert value[:3] in people.BIRTH_PROVINCE_CODES
                if name == "id_number" and "date_of_birth" in fields:
                    born = date.fromisoformat(fields["date_of_birth"])
                    gender = int(value[3])
                    assert gender // 2 == (born.year - 1900) // 100
                    assert value[4:6] == f"{born.year % 100:02d}"
                    assert (gender % 2 == 0) == (fields["sex"] == "Nam")


def test_enterprise_codes_have_a_valid_check_digit(batch: list[tuple[Path, dict]]) -> None:
    codes = [f["enterprise_code"] for _, t in batch for f in all_fields(t) if "enterprise_code" in f]
    assert codes
    import random

    codes += [people.enterprise_code(random.Random(i)) for i in range(200)]
    assert all(re.fullmatch(r"\d{10}", c) and mst.is_valid(c) for c in codes)


def test_field_values_are_normalised(batch: list[tuple[Path, dict]]) -> None:
    for _, truth in batch:
        for fields in all_fields(truth):
            for name, value in fields.items():
                assert value == unicodedata.normalize("NFC", value) and value == " ".join(value.split())
                if name in DATE_FIELDS:
                    date.fromisoformat(value)
            for name in ("sex", "child_sex"):
                assert fields.get(name, "Nam") in ("Nam", "Nữ")
            if "phone" in fields:
                assert re.fullmatch(r"0[35789]\d{8}", fields["phone"])
            if "area_m2" in fields:
                assert re.fullmatch(r"\d+(\.\d)?", fields["area_m2"])
            if "certificate_serial" in fields:
                assert re.fullmatch(r"[A-Z]{2}\d{6}", fields["certificate_serial"])
            if "charter_capital" in fields:
                assert fields["charter_capital"].isdigit()


def test_truth_lines_are_nfc_and_hold_the_fields(batch: list[tuple[Path, dict]]) -> None:
    for _, truth in batch:
        lines = [line for page in truth["pages"] for line in page["lines"]]
        assert lines
        for line in lines:
            assert line == unicodedata.normalize("NFC", line) and line == " ".join(line.split())
        text = " ".join(lines)
        for fields in all_fields(truth):
            for name in (
                "full_name",
                "applicant_name",
                "requester_name",
                "owner_name",
                "company_name",
                *ID_FIELDS,
                "phone",
                "email",
            ):
                if name in fields:
                    assert fields[name] in text, (truth["file"], name)


def _a4(truth: dict) -> bool:
    """An A4 page, not a card (an ID card or a driving licence)."""
    return truth["doc_type"] != "citizen_id_card" and truth.get("layout", {}).get("variant") != "licence"


def test_files_match_their_truth(batch: list[tuple[Path, dict]]) -> None:
    for path, truth in batch:
        kind = truth["degradation"]
        if kind == "pdf":
            reader = PdfReader(path)
            assert len(reader.pages) == len(truth["pages"]) == truth["documents"][-1]["pages"][1]
            box = reader.pages[0].mediabox
            assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1  # A4 at 300 dpi
            continue
        with Image.open(path) as image:
            if kind == "tiff":
                assert image.n_frames == len(truth["pages"]) >= 2
                continue
            width, height = image.size
            if kind == "rotated":
                assert truth["rotation"] in (90, 180, 270)
            if kind == "fax":
                assert image.mode == "1"
            if kind not in ("photo", "scan"):  # exact page size, turned if rotated
                inches = (width, height) if truth["rotation"] in (0, 180) else (height, width)
                if _a4(truth):
                    assert abs(inches[0] / truth["dpi"] - 8.27) < 0.02
                    assert abs(inches[1] / truth["dpi"] - 11.69) < 0.02
        if kind == "lowdpi" and _a4(truth):
            assert truth["dpi"] == 150


def test_stamp_is_red_ink_over_text_not_opaque(batch: list[tuple[Path, dict]]) -> None:
    path, truth = next((p, t) for p, t in batch if t["degradation"] == "stamp")
    pixels = np.asarray(Image.open(path).convert("RGB")).astype(int)
    red = (pixels[..., 0] - pixels[..., 1] > 60) & (pixels[..., 0] > 120)
    assert red.sum() > 2_000  # there is a seal
    dark = pixels.max(axis=2) < 90
    assert dark.sum() > 10_000  # and the text is still black ink, not painted over
    assert truth["seal_text"]


def test_demo_set_is_complete() -> None:
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DEMO.glob("*.truth.json"))]
    assert 8 <= len(truths) <= 12
    assert {t["doc_type"] for t in truths} == set(gen.DOC_TYPES)
    assert {t["degradation"] for t in truths} >= set(gen.CLASSES) - {"tiff"}
    assert any(t["rotation"] == 180 for t in truths)
    assert 2 <= len({t["dossier_id"] for t in truths}) <= 3
    assert sum(p.stat().st_size for p in DEMO.iterdir()) < 8_000_000
    for truth in truths:
        assert (DEMO / truth["file"]).exists()


@pytest.mark.slow
def test_bare_tesseract_reads_a_clean_form(tmp_path: Path) -> None:
    sample = gen.make_sample("application_form", "clean", 3, 0, "000.00.36.H36-251125-0001")
    path = gen.write_sample(sample, tmp_path)
    text = subprocess.run(["tesseract", str(path), "-", "-l", "vie"], capture_output=True, text=True, check=True).stdout
    hyp = Counter(unicodedata.normalize("NFC", text).split())
    ref = Counter(w for page in sample.truth["pages"] for line in page["lines"] for w in line.split())
    hits = sum((ref & hyp).values())
    f1 = 2 * hits / (sum(ref.values()) + sum(hyp.values()))
    assert f1 > 0.97
