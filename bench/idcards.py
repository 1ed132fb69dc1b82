"""Identity cards as issued (issue #15): field accuracy per generation and capture, QR exactness,
tampered cards caught, valid-but-wrong fields, and what reading the QR and the MRZ costs.

A fresh set is generated (`samples.cards`): every generation × every capture, `--per` cards each,
plus tampered chip cards and Căn cước (print altered after issue, QR as issued). Each card's pages
are read as the pipeline reads them (`ocr.page.read_page`), the QR decoded on the original pixels
and the MRZ read (`ocr.idcard`), then `ocr.idcard.read_card` gives the card's fields.

    .venv/bin/python -m bench.idcards --seed 15 --per 3 --tampered 8
    .venv/bin/python -m bench.idcards --decoders --seed 15 --per 4   # zxing-cpp against OpenCV
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from ocr.idcard import card as cardread
from ocr.idcard import qr
from ocr.page import read_page
from samples import cards


def _read(capture: cards.Capture) -> tuple[cardread.CardReading, float, float, bool]:
    """Read a capture's pages: the reading, OCR seconds, QR+MRZ seconds, whether a QR was read."""
    pages, ocr_s, codes_s = [], 0.0, 0.0
    for number, rgb in enumerate(capture.images, 1):
        bgr = rgb[:, :, ::-1].copy()
        started = time.perf_counter()
        page = read_page(bgr, dpi=capture.dpi, number=number)
        ocr_s += time.perf_counter() - started
        started = time.perf_counter()
        payload = qr.read_card_qr(bgr)
        mrz = cardread.read_mrz(page.lines, page.image, page.ocr_scale)
        codes_s += time.perf_counter() - started
        pages.append(cardread.CardPage(number, page.lines, payload, mrz))
    reading = cardread.read_card(pages)
    return reading, ocr_s, codes_s, any(p.qr for p in pages)


def compare_decoders(seed: int, per: int) -> dict[str, dict[str, str]]:
    """QR codes read per capture by zxing-cpp and by OpenCV's detectors, and their time (no OCR)."""
    found: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0.0]))
    index = 0
    for kind in ("cccd_chip", "can_cuoc"):
        for cap in cards.CAPTURES:
            for _ in range(per):
                card, capture, _ = cards.sample(seed, index, kind, cap)
                index += 1
                bgr = capture.images[0][:, :, ::-1].copy()
                for name, decoder in (("zxing-cpp", qr.decode_zxing), ("opencv", qr.decode_opencv)):
                    started = time.perf_counter()
                    text = qr.decode(bgr, (decoder,))
                    row = found[name][cap]
                    row[0] += text == cards.qr_text(card)
                    row[1] += 1
                    row[2] += time.perf_counter() - started
    return {
        name: {cap: f"{int(r[0])}/{int(r[1])} in {r[2] / r[1] * 1000:.0f} ms" for cap, r in caps.items()}
        for name, caps in found.items()
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--per", type=int, default=3, help="cards per generation and capture")
    parser.add_argument("--tampered", type=int, default=8)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--decoders", action="store_true", help="only compare the QR decoders (no OCR)")
    args = parser.parse_args(argv)
    if args.decoders:
        print(json.dumps(compare_decoders(args.seed, args.per), indent=2))
        return 0
    plan = [(kind, cap, False) for kind in cards.KINDS for cap in cards.CAPTURES for _ in range(args.per)]
    plan += [
        (("cccd_chip", "can_cuoc")[i % 2], ("scan", "desk", "glare", "photocopy")[i % 4], True)
        for i in range(args.tampered)
    ]
    exact: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    qr_exact, wrong_valid, total_fields, kind_right, side_right, side_total = [0, 0], 0, 0, 0, 0, 0
    caught, tampered, false_findings, ocr_total, codes_total, qr_read, qr_cards = 0, 0, 0, 0.0, 0.0, 0, 0
    for index, (kind, cap, is_tampered) in enumerate(plan):
        card, capture, altered = cards.sample(args.seed, index, kind, cap, tampered=is_tampered)
        reading, ocr_s, codes_s, has_qr = _read(capture)
        ocr_total += ocr_s
        codes_total += codes_s
        truth = cards.truth(card)
        kind_right += reading.card_type == kind
        expected_sides = ["both"] if cap == "photocopy" else ["front", "back"]
        side_right += sum(
            a == b for a, b in zip([reading.sides[n] for n in sorted(reading.sides)], expected_sides, strict=False)
        )
        side_total += len(expected_sides)
        if kind in {"cccd_chip", "can_cuoc"}:
            qr_cards += 1
            qr_read += has_qr
        for name, value in truth.items():
            field = reading.fields.get(name)
            right = field is not None and field.value == value
            for key in ("all", f"kind:{kind}", f"capture:{cap}"):
                exact[key][0] += right
                exact[key][1] += 1
            total_fields += 1
            if field is not None and field.valid and not right:
                wrong_valid += 1
                if args.verbose:
                    print(f"valid but wrong: {kind}/{cap} {name}: {field.value!r} != {value!r}")
            if has_qr and field is not None and field.source == "qr":
                qr_exact[0] += right
                qr_exact[1] += 1
            if args.verbose and not right:
                print(f"{kind}/{cap} #{index} {name}: {field.value if field else None!r} != {value!r}")
        if is_tampered:
            tampered += 1
            hit = any(f["field"] == altered for f in reading.findings) and reading.needs_review
            caught += hit
            if args.verbose and not hit:
                print(f"tamper missed: {kind}/{cap} #{index} {altered} qr={has_qr}")
        elif reading.findings:
            false_findings += 1
            if args.verbose:
                print(f"finding on a genuine card: {kind}/{cap} #{index}: {reading.findings}")
    genuine = len(plan) - tampered
    summary = {
        "cards": len(plan),
        "seed": args.seed,
        "field_exact": {k: round(v[0] / v[1], 4) for k, v in sorted(exact.items())},
        "fields": total_fields,
        "qr_cards_read": f"{qr_read}/{qr_cards}",
        "qr_fields_exact": f"{qr_exact[0]}/{qr_exact[1]}",
        "tampered_caught": f"{caught}/{tampered}",
        "genuine_cards_with_a_finding": f"{false_findings}/{genuine}",
        "valid_but_wrong": f"{wrong_valid}/{total_fields} ({100 * wrong_valid / max(1, total_fields):.2f}%)",
        "card_type_right": f"{kind_right}/{len(plan)}",
        "side_right": f"{side_right}/{side_total}",
        "seconds_ocr": round(ocr_total, 1),
        "seconds_qr_mrz": round(codes_total, 1),
        "qr_mrz_share_of_card_time": f"{100 * codes_total / max(1e-9, ocr_total):.1f}%",
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
