"""Card photos flattened and upright: how often `make_upright` undoes a right flattening or turns a card.

Generates the phone, glare and desk captures of every card generation (`samples.cards`) for a range of
seeds and runs only the straightening (`ocr.cleanup.make_upright`, no OCR): a page counts as wrong when
its flattening was undone or it was turned (the generator draws every card upright).

    .venv/bin/python -m bench.card_upright --seeds 110 125
"""

from __future__ import annotations

import argparse

from ocr.cleanup import make_upright
from samples import cards


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs=2, type=int, default=(110, 125), metavar=("FIRST", "STOP"))
    parser.add_argument("--captures", nargs="*", default=["desk", "glare", "phone"])
    args = parser.parse_args(argv)
    wrong = pages = 0
    for seed in range(*args.seeds):
        for kind in cards.KINDS:
            for capture_kind in args.captures:
                _, capture, _ = cards.sample(seed, 0, kind, capture_kind)
                for number, rgb in enumerate(capture.images, 1):
                    upright = make_upright(rgb[:, :, ::-1].copy(), capture.dpi)
                    pages += 1
                    steps = " | ".join(upright.steps)
                    if "flattening undone" in steps or upright.rotation != 0:
                        wrong += 1
                        print(f"{seed} {kind}/{capture_kind} page {number}: {steps}")
    print(f"wrong: {wrong} of {pages} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
