"""A card's addresses whose labels glare or a photo's blur washed out, found by their place.

A card prints its addresses in a fixed order: the place of origin, then the place of residence
(CMND, CCCD, chip CCCD: the front), or the place of residence, then the place of birth registration
(Căn cước: the back). When a label is lost ("Quê quán" gone, "Nơi thường trú" gone), its address is
still there, on a line that no label claims and that reads as a whole address (it ends with a province:
every card address does). Such a line takes the one missing address its place in the order allows:
after an address found by its label and the order says the next one, or the first or the second of two
unlabelled addresses when both labels were lost. Only an address that opens with its unit word is
taken (one whose start the glare ate still counts for the order). Values found so are never `valid`:
nothing but their place says which address they are (the card is in review for the lost label anyway).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import fields as fx
from ..fields.address import restore_units
from ..fields.locate import find_hits
from ..fields.values import read
from ..tesseract import Line
from ..text import fold

ORDER = {"can_cuoc": ("place_of_residence", "place_of_birth")}
DEFAULT_ORDER = ("place_of_origin", "place_of_residence")
_PROVINCE_UNITS = ("tinh ", "thanh pho ")
_OPEN_UNITS = ("tinh", "thanh pho")  # a line cut after the unit word: the province is on the next line
# A card address opens with its first unit's word: a commune, a hamlet or a street and number.
_OPENS = re.compile(r"(xa|phuong|thi tran|dac khu|thon|ap|ban|xom|to|khu|khom|so|duong|pho|ngo|hem|kiet)\b")


def _whole_address(text: str) -> bool:
    """An address that ends with its province (`…, tỉnh Ninh Bình`), as every card address does."""
    parts = [p.strip() for p in fold(text).split(",")]
    return len(parts) >= 2 and parts[-1].startswith(_PROVINCE_UNITS)


def _unlabelled(line: Line) -> bool:
    return bool(line.text.strip()) and not find_hits(line.text, "citizen_id_card")


def _holds(line: Line, value: str) -> bool:
    """The line the found value was read from (its first words)."""
    head = fold(value)[:12]
    return bool(head) and head in fold(line.text)


def _candidates(lines: Sequence[Line]) -> list[tuple[int, str, Line]]:
    """(index, raw address, first line) of the unlabelled lines that read as whole addresses."""
    found = []
    skip = -1
    for i, line in enumerate(lines):
        if i <= skip or not _unlabelled(line):
            continue
        raw = line.text.strip()
        if fold(raw).rstrip(" ,").endswith(_OPEN_UNITS) and i + 1 < len(lines) and _unlabelled(lines[i + 1]):
            raw, skip = f"{raw} {lines[i + 1].text.strip()}", i + 1  # `…, thành phố` / `Hồ Chí Minh`
        if _whole_address(raw):
            found.append((i, raw, line))
    return found


def fill_addresses(lines: Sequence[Line], out: dict[str, fx.Field], kind: str) -> None:
    """Add the addresses a lost label left unclaimed, each only where its place in the order is sure."""
    order = ORDER.get(kind, DEFAULT_ORDER)
    missing = [name for name in order if name not in out]
    if not missing:
        return
    at: dict[str, int] = {}
    for name in order:
        if name in out:
            line_at = next((i for i, ln in enumerate(lines) if _holds(ln, out[name].value)), None)
            if line_at is None:
                return  # a found address whose line cannot be told: no order to go by
            at[name] = line_at
    taken = set(at.values())
    spare = [c for c in _candidates(lines) if c[0] not in taken]
    if len(missing) == len(order):
        if len(spare) != len(order):
            return  # both labels lost: only two whole addresses say which is which
        pairs = list(zip(order, spare, strict=True))
    else:
        (name,) = missing
        found_at = next(iter(at.values()))
        first = order.index(name) == 0
        placed = [c for c in spare if (c[0] < found_at) == first]
        if len(placed) != 1:
            return
        pairs = [(name, placed[0])]
    for name, (_, raw, line) in pairs:
        reading = read("address", raw)
        if reading is None or not _OPENS.match(fold(reading.value)):
            continue  # cut at its start by the glare (`ôn Bình An`, `› Pù Luông`): it kept its place, not its value
        conf = round(line.confidence / 100 * fx.POSITION_FACTOR, 3)
        out[name] = fx.Field(restore_units(reading.value), conf, False, line.page)
