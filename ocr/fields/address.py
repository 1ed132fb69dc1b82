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
from .match import levenshtein

_DISTRICT_WORD = re.compile(r"\b(huyen|quan|thi xa)\b")
_COMMUNE_WORD = re.compile(r"^(xa|phuong|thi tran|dac khu) ")
COMMUNE_EDITS = 2  # a commune part this close to exactly one official name of its province is that name


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


def _province_wards(province: str) -> dict[str, str]:
    """Folded official commune name → the name, for one (post-2025) province."""
    package = _package()
    if package is None:
        return {}
    from vietnamadminunits.parser import parser_from_2025 as new

    key = next((k for k, v in new.DICT_PROVINCE.items() if v["province"] == province), None)
    wards = new.DICT_PROVINCE_WARD_NO_ACCENTED.get(key, {}) if key else {}
    return {fold(w["ward"]): w["ward"] for w in wards.values()}


def _nearest_commune(address: str) -> str:
    """The address with a misread commune part (`xã la Khươi`) replaced by the one official commune
    of its province within `COMMUNE_EDITS` edits (`xã Ia Khươl`); unchanged when none or two are."""
    parts = address.split(", ")
    unit = resolve(address) if len(parts) >= 2 and not is_pre_2025(address) else None
    if unit is None:
        return address
    wards = _province_wards(unit.province)
    for i in range(len(parts) - 2, -1, -1):  # down to the first part: `Xã Ia Khươl, tỉnh Gia Lai` has two
        folded = fold(parts[i])
        if not _COMMUNE_WORD.match(folded) or folded in wards:
            continue
        near = sorted(
            (levenshtein(folded, key), name)
            for key, name in wards.items()
            if abs(len(key) - len(folded)) <= COMMUNE_EDITS
        )
        if near and near[0][0] <= COMMUNE_EDITS and (len(near) == 1 or near[1][0] > near[0][0]):
            name = near[0][1]
            parts[i] = name[:1].lower() + name[1:] if parts[i][:1].islower() else name
            return ", ".join(parts)
        break
    return address


def restore_units(address: str) -> str:
    """The address with its commune and province names spelled officially where OCR dropped or
    confused their diacritics: a part is replaced only when it folds to exactly the official name,
    or (a commune) when exactly one official name of the province is within two edits."""
    address = _nearest_commune(address)
    unit = resolve(address)
    if unit is None:
        return address
    parts = address.split(", ")
    parts[-1] = _province_unit(parts[-1], unit.province)
    province = fold(unit.province)
    if fold(parts[-1]).startswith(province + " "):  # a picture fragment after the province: `Ninh Bình Sàn`
        parts[-1] = parts[-1][: len(unit.province)]
    official = [name for name in (unit.commune, unit.province) if name]
    for i in range(max(0, len(parts) - 2), len(parts)):
        for name in official:
            if parts[i] != name and fold(parts[i]) == fold(name):
                fixed = name[:1].lower() + name[1:] if parts[i][:1].islower() else name
                parts[i] = fixed
    return ", ".join(parts)


UNIT_EDITS = 1  # `tỉnh` and `thành phố` are far apart: one edit from either is that one


def _province_unit(part: str, province: str) -> str:
    """The province part with its unit word respelled (`thành phế Hải Phòng` → `thành phố Hải Phòng`)
    when the rest is the province's name and the word is within `UNIT_EDITS` of the province's unit."""
    unit = "Thành phố" if fold(province).startswith("thanh pho ") else "Tỉnh"
    short = province[len(unit) + 1 :].split()
    words = part.split()
    head = " ".join(words[: -len(short)])
    if len(words) <= len(short) or fold(" ".join(words[-len(short) :])) != fold(" ".join(short)):
        return part
    if fold(head) == fold(unit) or levenshtein(fold(head), fold(unit)) > UNIT_EDITS:
        return part
    spelled = unit.lower() if head[:1].islower() else unit
    return " ".join([spelled, *words[-len(short) :]])


@lru_cache(maxsize=1)
def _province_shorts() -> dict[str, str | None]:
    """Folded short province name (`can tho`) → its spelling, before and after 2025; None for a fold two share."""
    if _package() is None:
        return {}
    from vietnamadminunits.parser import parser_from_2025 as new
    from vietnamadminunits.parser import parser_legacy as old

    found: dict[str, str | None] = {}
    for table in (new.DICT_PROVINCE, old.DICT_PROVINCE):
        for unit in table.values():
            short = unit["provinceShort"]
            key = fold(short)
            found[key] = short if found.get(key, short) == short else None
    return found


def province_spelling(text: str) -> str | None:
    """The official spelling of a province named by `text` with its marks misread (`Cân Thơ` → `Cần
    Thơ`), when `text` folds to exactly one province's short name; None otherwise."""
    return _province_shorts().get(fold(text))


PROVINCE_EDITS = 1  # a province name this close to exactly one province's short name is that name
PROVINCE_PREFIX = 4  # letters of a province name cut short that may name the one province they begin


def province_named(text: str) -> tuple[str, bool] | None:
    """The province a card's province part names, though glare cut it short or misread a letter
    (`Điện BiIên`, `Phú T`, `Điện`): the official short name and whether the text spells it (within
    `PROVINCE_EDITS` edits of exactly one name) rather than only begins it (the start of exactly one
    name, at least `PROVINCE_PREFIX` letters); None when no one province fits."""
    folded = " ".join(re.sub(r"[^\w\s-]", " ", fold(text)).split())
    shorts = {k: v for k, v in _province_shorts().items() if v is not None}
    if folded in shorts:
        return shorts[folded], True
    near = [
        k for k in shorts if abs(len(k) - len(folded)) <= PROVINCE_EDITS and levenshtein(k, folded) <= PROVINCE_EDITS
    ]
    if len(near) == 1 and len(folded) > 2 * PROVINCE_EDITS + 2:
        return shorts[near[0]], True
    begun = [k for k in shorts if k.startswith(folded)]
    if len(begun) == 1 and len(folded.replace(" ", "")) >= PROVINCE_PREFIX:
        return shorts[begun[0]], False
    return None


@lru_cache(maxsize=1)
def _communes_provinces() -> dict[str, frozenset[str]]:
    """Folded official commune name (`xa thuong ha`) → the (post-2025) provinces that have one so named."""
    if _package() is None:
        return {}
    from vietnamadminunits.parser import parser_from_2025 as new

    found: dict[str, set[str]] = {}
    for key, unit in new.DICT_PROVINCE.items():
        for ward in new.DICT_PROVINCE_WARD_NO_ACCENTED.get(key, {}).values():
            found.setdefault(fold(ward["ward"]), set()).add(unit["province"])
    return {name: frozenset(provinces) for name, provinces in found.items()}


def province_of_commune(commune: str) -> str | None:
    """The province (`Tỉnh Lào Cai`) of the one commune in the country named `commune` (`Xã Thượng
    Hà`; most names are the only one of theirs); None when none or several are."""
    provinces = _communes_provinces().get(fold(commune).strip(), frozenset())
    return next(iter(provinces)) if len(provinces) == 1 else None
