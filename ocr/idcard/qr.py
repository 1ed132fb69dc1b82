"""The QR code of a chip CCCD / Căn cước: finding and decoding it, and parsing what it holds.

The payload is UTF-8, pipe-separated: `ID12|old CMND9|full name|ddmmyyyy birth|sex|residence|ddmmyyyy issue`
(an empty second part when the holder never had a CMND). Its values are exact, so they replace the
print's wherever the code is read. `parse_payload` keeps what is there and well formed (a payload cut
short keeps its first parts; a part that is not what its place says is left out, never guessed).

`decode` looks for the code on the card's ORIGINAL colour pixels (cleanup binarises the fine modules
away): first as captured, then enlarged (a 660-px phone photo draws a module in ~2-3 px) and
sharpened (a blurred capture); a big page (an A4 scan) only reduced, twice. zxing-cpp reads more of
them than OpenCV's detectors and in a fraction of the time (`bench/idcards.py --decoders`); OpenCV's
(`QRCodeDetector`, then `QRCodeDetectorAruco`) is used when zxing-cpp is not installed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from ..text import single_line

_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class QrPayload:
    """The values of a card's QR code, normalised as the contract says; a part not held is None."""

    raw: str
    id_number: str | None = None
    old_id_number: str | None = None
    full_name: str | None = None
    date_of_birth: str | None = None
    sex: str | None = None
    place_of_residence: str | None = None
    issue_date: str | None = None

    def fields(self) -> dict[str, str]:
        """The contract fields the code holds, by name."""
        names = ("id_number", "old_id_number", "full_name", "date_of_birth", "sex", "place_of_residence", "issue_date")
        return {name: value for name in names if (value := getattr(self, name))}


def _ddmmyyyy(part: str) -> str | None:
    if not re.fullmatch(r"\d{8}", part):
        return None
    try:
        return dt.date(int(part[4:]), int(part[2:4]), int(part[:2])).isoformat()
    except ValueError:
        return None


def _sex(part: str) -> str | None:
    key = part.strip().lower()
    return {"nam": "Nam", "nữ": "Nữ", "nu": "Nữ", "m": "Nam", "f": "Nữ", "male": "Nam", "female": "Nữ"}.get(key)


def _number(part: str, lengths: tuple[int, ...]) -> str | None:
    part = part.strip()
    return part if part.isdigit() and len(part) in lengths else None


def parse_payload(text: str) -> QrPayload | None:
    """The card values in a QR payload; None when it is not a card's (no ID number in first place)."""
    raw = single_line(text.strip().lstrip("\ufeff"))
    parts = [single_line(p) for p in raw.split("|")]
    first = _number(parts[0], (12, 9)) if parts else None
    if first is None:
        return None
    parts += [""] * (7 - len(parts))
    name = parts[2].upper() if parts[2] and not any(ch.isdigit() for ch in parts[2]) else None
    return QrPayload(
        raw=raw,
        id_number=first,
        old_id_number=_number(parts[1], (9,)) if len(first) == 12 else None,
        full_name=name,
        date_of_birth=_ddmmyyyy(parts[3]),
        sex=_sex(parts[4]),
        place_of_residence=parts[5] or None,
        issue_date=_ddmmyyyy(parts[6]),
    )


def payload(
    id_number: str, old_id_number: str, full_name: str, date_of_birth: str, sex: str, residence: str, issue_date: str
) -> str:
    """The payload a card's QR code holds (dates given `YYYY-MM-DD`): for the generator and the tests."""

    def dmy(iso: str) -> str:
        return iso[8:10] + iso[5:7] + iso[0:4]

    return "|".join((id_number, old_id_number, full_name, dmy(date_of_birth), sex, residence, dmy(issue_date)))


# ---- decoding -------------------------------------------------------------------------------------

SMALL_CAPTURE = 1500  # longest side (px) under which a capture is also tried enlarged
LARGE_PAGE = 2600  # longest side (px) over which a page is tried only reduced
Decoder = Callable[[np.ndarray], str | None]


@lru_cache(maxsize=1)
def _opencv() -> cv2.QRCodeDetector:
    return cv2.QRCodeDetector()


@lru_cache(maxsize=1)
def _aruco() -> cv2.QRCodeDetectorAruco:
    return cv2.QRCodeDetectorAruco()


def decode_opencv(gray: np.ndarray) -> str | None:
    """OpenCV's QR detector and decoder (the classic one, then the ArUco-based one)."""
    for detector in (_opencv(), _aruco()):
        try:
            text, points, _ = detector.detectAndDecode(gray)
        except cv2.error:
            continue
        if text:
            return str(text)
    return None


def decode_zxing(gray: np.ndarray) -> str | None:
    """zxing-cpp's reader, when the package is installed."""
    try:
        import zxingcpp
    except ImportError:  # pragma: no cover - an optional, pinned dependency
        return None
    for result in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
        if result.valid and result.text:
            return str(result.text)
    return None


@lru_cache(maxsize=1)
def _have_zxing() -> bool:
    try:
        import zxingcpp  # noqa: F401
    except ImportError:  # pragma: no cover
        return False
    return True


def _sharpen(gray: np.ndarray) -> np.ndarray:
    blurred = cv2.GaussianBlur(gray, (0, 0), 2.0)
    return cv2.addWeighted(gray, 1.8, blurred, -0.8, 0)


def _attempts(gray: np.ndarray) -> Iterator[np.ndarray]:
    """The captures to try, cheapest and likeliest first. A big page (an A4 scan, most of them with no
    code at all) is tried only reduced, twice: every full-size try costs a few hundred milliseconds."""
    h, w = gray.shape[:2]
    longest = max(h, w)
    if longest > LARGE_PAGE:
        for target in (1400, 2400):
            yield cv2.resize(gray, None, fx=target / longest, fy=target / longest, interpolation=cv2.INTER_AREA)
        return
    yield gray
    if longest <= SMALL_CAPTURE:  # a small photo's modules are 2-3 px: enlarge; a big page's are not
        big = cv2.resize(gray, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)
        yield big
        yield _sharpen(big)
    yield _sharpen(gray)


def decode(image: np.ndarray, decoders: tuple[Decoder, ...] | None = None) -> str | None:
    """The text of the first QR code found on the original pixels, or None."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    chosen = decoders or ((decode_zxing,) if _have_zxing() else (decode_opencv,))
    for attempt in _attempts(gray):
        for decoder in chosen:
            text = decoder(attempt)
            if text:
                return text
    return None


def read_card_qr(image: np.ndarray) -> QrPayload | None:
    """The card payload of the QR code on `image` (original colour pixels), or None."""
    text = decode(image)
    return parse_payload(text) if text else None
