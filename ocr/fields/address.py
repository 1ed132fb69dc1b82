"""Resolve a printed address to its province and commune after the 1 July 2025 reorganisation.

Uses the data shipped in the `vietnamadminunits` package, offline. Its own `convert_address`
geocodes over the network (ArcGIS) when an old commune was split and a street is given, so old
(district-level) addresses are converted here from the package's tables instead, taking the
package's default new commune for a split one. The address itself is always kept as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..text import fold

_DISTRICT_WORD = re.compile(r"\b(huyen|quan|thi xa)\b")


@dataclass(frozen=True)
class Resolved:
    """The 34-province unit an address lies in; `commune` is None when only the province is known."""

    province: str
    commune: str | None


@lru_cache(maxsize=1)
def _package() -> Any:
    try:
        from vietnamadminunits.converter import converter_2025
        from vietnamadminunits.parser import parse_address
        from vietnamadminunits.parser.parser_legacy import parse_address_legacy
    except ImportError:  # pragma: no cover - the package is a declared dependency
        return None
    return parse_address, parse_address_legacy, converter_2025


def is_pre_2025(address: str) -> bool:
    """True when the address names a district level (abolished in 2025): huyện, quận, thị xã, or a
    thành phố that is not the last part."""
    folded = fold(address)
    if _DISTRICT_WORD.search(folded):
        return True
    parts = [p.strip() for p in folded.split(",") if p.strip()]
    return any(p.startswith(("thanh pho", "tp ", "tp.")) for p in parts[:-1])


@lru_cache(maxsize=2048)
def resolve(address: str) -> Resolved | None:
    """The current province and commune of an address, None when the province is not recognised."""
    package = _package()
    if package is None or not address.strip():
        return None
    parse_address, parse_legacy, conv = package
    try:
        if is_pre_2025(address) or _legacy_only_province(address, parse_legacy, conv):
            unit = _convert_offline(address, parse_address, parse_legacy, conv)
        else:
            unit = parse_address(address, mode="FROM_2025", keep_street=False, level=2)
    except Exception:  # noqa: BLE001 - a third-party parser must never fail extraction
        return None
    if unit is None or not unit.province:
        return None
    return Resolved(unit.province, unit.ward or None)


def _legacy_only_province(address: str, parse_legacy: Any, conv: Any) -> bool:
    old = parse_legacy(address, keep_street=False, level=1)
    return bool(old.province_key) and old.province_key not in conv.DICT_PROVINCE


def _convert_offline(address: str, parse_address: Any, parse_legacy: Any, conv: Any) -> Any:
    old = parse_legacy(address, keep_street=False, level=3)
    if not old.province_key:
        return None
    new_province = next((k for k, v in conv.DICT_PROVINCE.items() if old.province_key in v), None)
    if new_province is None:
        return None
    new_ward = None
    if old.ward_key:
        old_key = f"{old.province_key}_{old.district_key}_{old.ward_key}"
        undivided = conv.DICT_PROVINCE_WARD_NO_DIVIDED.get(new_province, {})
        new_ward = next((k for k, v in undivided.items() if old_key in v), None)
        if new_ward is None:
            split = conv.DICT_PROVINCE_WARD_DIVIDED.get(new_province, {}).get(old_key, [])
            new_ward = next((w["newWardKey"] for w in split if w["isDefaultNewWard"]), None)
    query = ",".join(k for k in (new_ward, new_province) if k)
    return parse_address(query, mode="FROM_2025", keep_street=False, level=2 if new_ward else 1)


def restore_units(address: str) -> str:
    """The address with its commune and province names spelled officially where OCR dropped or
    confused their diacritics: a part is replaced only when it folds to exactly the official name."""
    unit = resolve(address)
    if unit is None:
        return address
    parts = address.split(", ")
    official = [name for name in (unit.commune, unit.province) if name]
    for i in range(max(0, len(parts) - 2), len(parts)):
        for name in official:
            if parts[i] != name and fold(parts[i]) == fold(name):
                fixed = name[:1].lower() + name[1:] if parts[i][:1].islower() else name
                parts[i] = fixed
    return ", ".join(parts)
