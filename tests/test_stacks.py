"""Scanner stacks: receipts' QR codes split one PDF into dossiers; every problem is named by page."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from api.cli import main
from core.settings import get_settings
from ingest.batches.batch_source import build_plan, detect_mode
from ingest.batches.report import Report, render_html
from ingest.batches.stacks import find_dossier_code, split_codes
from ingest.receiving import service
from samples.stacks import card_image, make_stack, receipt_page, small_document

A, B = "000.00.36.H36-251125-0001", "000.00.36.H36-251125-0002"


def test_receipt_qr_is_read_and_cards_have_none() -> None:
    """The receipt's dossier code is found in its QR code; a plain card has none."""
    rng = random.Random(2)
    for n in range(1, 6):
        code = f"000.00.36.H36-251125-{n:04d}"
        assert find_dossier_code(np.asarray(receipt_page(code, rng))[:, :, ::-1]) == code
    assert find_dossier_code(np.asarray(card_image(small_document(rng)))) is None


def test_split_codes_groups_pages_and_names_every_problem() -> None:
    """Pages follow their receipt; orphans, bad codes, empty and repeated dossiers are each reported."""
    plan = split_codes(Path("s.pdf"), "s.pdf", [A, None, None, B, None])
    assert [(s.dossier_id, s.receipt, s.pages) for s in plan.segments] == [(A, 1, (2, 3)), (B, 4, (5,))]
    assert plan.problems == ()
    bad = split_codes(Path("s.pdf"), "s.pdf", [None, None, A, B, "000.00.36.H36-251399-0001", None, A, None])
    assert bad.problems[0].startswith("s.pdf: pages 1–2 come before any receipt")
    assert any("receipt on page 3" in p and "has no pages after it" in p for p in bad.problems)
    assert any("page 5: the receipt's QR code holds a bad dossier code" in p for p in bad.problems)
    assert any(f"dossier {A} starts twice" in p for p in bad.problems)
    assert "no receipt" in split_codes(Path("s.pdf"), "s.pdf", [None, None]).problems[-1]


def test_stack_plan_matches_the_truth_and_segments_are_stable(tmp_path: Path) -> None:
    """A generated stack splits as written, by segment or by page; segment files hash the same every time."""
    stacks = tmp_path / "stacks"
    truth = make_stack(stacks / "pile.pdf", dossiers=3, seed=3)
    assert detect_mode(stacks) == "stacks"
    plan = build_plan(stacks, get_settings(), tmp_path / "w1")
    assert plan.ok, plan.problems
    expected = [(d["dossier_id"], d["pages"]) for d in truth["dossiers"]]
    assert [(i.dossier_id, i.pages) for i in plan.items] == [(d, len(p)) for d, p in expected]
    assert [i.name for i in plan.items] == [
        f"pile.pdf#p{p[0]}" if len(p) == 1 else f"pile.pdf#p{p[0]}-{p[-1]}" for _, p in expected
    ]
    again = build_plan(stacks, get_settings(), tmp_path / "w2")
    assert [i.sha256 for i in again.items] == [i.sha256 for i in plan.items]
    per_page = build_plan(stacks, get_settings(), tmp_path / "w3", split="page")
    assert [(i.dossier_id, i.name) for i in per_page.items] == [
        (d, f"pile.pdf#p{n}") for d, pages in expected for n in pages
    ]


@pytest.mark.slow
def test_batch_of_a_stack_stores_each_dossier(tmp_path: Path, data_dir: Path, capsys) -> None:
    """`sohoa batch --stacks` digitises each segment into its dossier; the receipts are not documents."""
    stacks = tmp_path / "stacks"
    truth = make_stack(stacks / "pile.pdf", dossiers=2, seed=1, pages_per_dossier=(1, 2))
    report = tmp_path / "report"
    try:
        assert main(["batch", str(stacks), "--stacks", "--report", str(report), "--progress", "none"]) == 0
    finally:
        service.stop_workers()  # the in-process worker this started must not outlive the test's data folder
    rows = json.loads((report / "report.json").read_text())["files"]
    assert [(r["dossier_id"], r["pages"], r["status"]) for r in rows] == [
        (d["dossier_id"], len(d["pages"]), "digitised") for d in truth["dossiers"]
    ]
    assert "2 digitised, 0 failed" in capsys.readouterr().err


def test_html_report_lists_failures_first() -> None:
    """A supervisor sees failed files at the top, then ones needing review, then the rest."""

    def row(name: str, status: str, review: bool = False) -> dict:
        return {
            "file": name,
            "dossier_id": A,
            "document_id": None,
            "doc_type": None,
            "pages": 1,
            "status": status,
            "error": "unreadable <scan>" if status == "failed" else None,
            "needs_review": review,
            "fields": {},
        }

    totals = {
        "files": 3,
        "dossiers": 1,
        "by_status": {"digitised": 2, "failed": 1},
        "needs_review": 1,
        "pages_done": 3,
        "pages_total": 3,
        "pages_per_minute": 10.0,
        "state": "finished",
    }
    page = render_html(
        Report(
            "b1", "/src", [row("a.png", "digitised"), row("b.png", "digitised", True), row("c.png", "failed")], totals
        ),
        None,
        {},
    )
    assert page.index("c.png") < page.index("b.png") < page.index("a.png")
    assert "unreadable &lt;scan&gt;" in page and "<style>" in page
