"""What looking for glare costs a page (`ocr.cleanup.light.lift_glare`), on a tinted A4 page at 300 dpi.

Boxes of ink in rows on paper of gray 210 (the tint of a phone photo's paper, which passes the white-paper
gate), once as it is and once under a glare spot of the generator's model; median of `--repeat` calls each.
The figure in the docstring of `lift_glare` comes from this.

    .venv/bin/python bench/glare_cost.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2
import numpy as np

from ocr.cleanup import light


def _page(h: int = 3508, w: int = 2480) -> np.ndarray:
    rng = np.random.default_rng(0)
    page = np.full((h, w), 210, np.uint8)
    for y in range(100, h - 100, 60):
        for x in range(100, w - 100, 40):
            cv2.rectangle(page, (x, y), (x + 20, y + 30), int(rng.integers(20, 120)), 2)
    return page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    page = _page()
    h, w = page.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    spot = np.exp(-(((xx - 0.4 * w) / (0.16 * w)) ** 2 + ((yy - 0.5 * h) / (0.22 * h)) ** 2))
    glared = (page + (255 - page.astype(np.float32)) * 0.75 * spot).clip(0, 255).astype(np.uint8)
    for name, image in (("no glare", page), ("glare", glared)):
        background, _ = light.estimate_background(image, 30.0)
        times, gain = [], 0.0
        for _ in range(args.repeat):
            started = time.perf_counter()
            _, gain = light.lift_glare(image, background, 30.0)
            times.append(time.perf_counter() - started)
        print(f"{name:9s} {w}x{h}: lift_glare median {statistics.median(times) * 1000:.0f} ms, deepened {gain:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
