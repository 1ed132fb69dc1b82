"""The dossier code read from the QR code on the one-stop receipt (a photo taken at the counter).

Pure: image bytes in, the first dossier-code-shaped text in the QR payload out (the payload may be
the bare code or a portal URL carrying it). OpenCV's QR detector is tried on the photo as taken and
on copies shrunk towards ~1200 px, where it finds a code in a phone photo most reliably.
"""

from __future__ import annotations

import re

import cv2
import numpy as np

CODE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Za-z]\d{2}-\d{6}-\d{4,8}")
WORK_SIDES = (1200, 1800, 800)
MAX_PIXELS = 60_000_000


def dossier_code(data: bytes) -> str | None:
    """The dossier code in the picture's QR code, or None (not an image, no QR code, or no code in it)."""
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE) if data else None
    if image is None or image.size > MAX_PIXELS:
        return None
    detector = cv2.QRCodeDetector()
    for copy in _copies(image):
        payload, _, _ = detector.detectAndDecode(copy)
        match = CODE.search(payload or "")
        if match:
            return match.group().upper()
    return None


def _copies(image: np.ndarray) -> list[np.ndarray]:
    """The image itself, then copies with the long side at each of `WORK_SIDES` (never enlarged)."""
    copies = [image]
    side = max(image.shape[:2])
    for target in WORK_SIDES:
        if side > target:
            scale = target / side
            copies.append(cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    return copies
