"""Identity cards as issued (issue #15): the QR code, the MRZ, and their cross-check with the print.

Pure functions returning frozen dataclasses: `mrz` (ICAO 9303 TD1), `qr` (finding, decoding and
parsing the chip card's QR code), `crosscheck` (print vs QR vs MRZ: values, sources, findings),
`card` (generation, side, and the card's fields from all its pages) and `unlabelled` (addresses whose
labels were lost, found by their place in the card's order).
"""

from .card import CardPage, CardReading, card_type, read_card, read_mrz, side
from .crosscheck import Finding, cross_check
from .mrz import Mrz, MrzError, parse_td1, read_td1
from .qr import QrPayload, parse_payload, read_card_qr

__all__ = [
    "CardPage",
    "CardReading",
    "Finding",
    "Mrz",
    "MrzError",
    "QrPayload",
    "card_type",
    "cross_check",
    "parse_payload",
    "parse_td1",
    "read_card",
    "read_card_qr",
    "read_mrz",
    "read_td1",
    "side",
]
