"""Do no harm: a cleanup step that removes ink must keep the text's letters, or it is undone.

Stamp lifting, speckle removal and picture blanking each decide that some ink is not text. On a real
page they can be wrong everywhere at once: a blue colour cast makes every letter "coloured ink", a
form's boxed digits look like pictures. `letters` counts the letter-shaped ink components of a page
(`scale.letter_heights`); `kept` says whether a step's output still holds enough of them. Seals,
signatures, specks and pictures hold few letter shapes next to a page of print, so a step that does
what it should loses well under `KEEP` of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .geometry import Components, ink_components
from .scale import letter_heights

KEEP = 0.85  # a step may remove at most 15% of the page's letter shapes
MIN_LETTERS = 20  # below this there is no text to protect


@dataclass(frozen=True)
class Check:
    """Letter shapes before and after one step, and whether the step keeps them."""

    step: str
    before: int
    after: int
    ok: bool

    def note(self) -> str:
        """The line recorded in the page's steps when a step was undone."""
        return f"do no harm: {self.step} undone (letter shapes {self.before} → {self.after})"


def letters(gray: np.ndarray, components: Components | None = None) -> int:
    """Number of letter-shaped ink components on a gray page."""
    return len(letter_heights(gray, components if components is not None else ink_components(gray)))


def kept(step: str, before: int, after: int, keep: float = KEEP) -> Check:
    """Whether a step that turned `before` letter shapes into `after` kept the text."""
    return Check(step, before, after, before < MIN_LETTERS or after >= keep * before)
