"""Agency scope: which agencies' dossiers a principal (API key or staff user) may see.

An agency code is the first four parts of a dossier code (`000.00.36.H36` of
`000.00.36.H36-251125-0001`). A scope with no agencies is the province-wide view. `Scope.where`
is the one place a scope becomes a WHERE clause; everything outside it answers "not found".
Pure values: no `ocr`, `ingest` or `api` here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, true

from core.errors import NotFound

_AGENCY = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
AGENCY_SHAPE = "AAA.BB.CC.DNN"


def agency_of(dossier_id: str) -> str:
    """The agency code of a dossier code (everything before the first `-`)."""
    return dossier_id.split("-", 1)[0]


def validate_agency(raw: str) -> str:
    """The agency code in capitals, or `ValueError` with a readable reason."""
    code = (raw or "").strip().upper()
    if not _AGENCY.fullmatch(code):
        raise ValueError(f"Agency code '{raw[:40]}' is not shaped {AGENCY_SHAPE}, for example 000.00.36.H36")
    return code


@dataclass(frozen=True)
class Scope:
    """The agencies a principal may see; empty means every agency of the province."""

    agencies: tuple[str, ...] = ()

    @classmethod
    def of(cls, agencies: Iterable[str] | None) -> Scope:
        """A scope from stored codes (None or empty: province-wide), sorted and without repeats."""
        return cls(tuple(sorted({validate_agency(a) for a in agencies or ()})))

    @property
    def province_wide(self) -> bool:
        return not self.agencies

    def covers(self, dossier_id: str) -> bool:
        """Whether a dossier (by its code) is inside this scope."""
        return self.province_wide or agency_of(dossier_id) in self.agencies

    def ensure(self, dossier_id: str, missing: str) -> None:
        """Raise `NotFound(missing)` (the very answer for what does not exist) unless the dossier is in scope."""
        if not self.covers(dossier_id):
            raise NotFound(missing)

    def includes(self, other: Scope) -> bool:
        """Whether every dossier `other` sees is also seen by this scope (to hand out keys)."""
        return self.province_wide or (not other.province_wide and set(other.agencies) <= set(self.agencies))

    def where(self, agency_column: Any) -> ColumnElement[bool]:
        """The WHERE clause limiting a query to this scope, over a column holding agency codes."""
        if self.province_wide:
            return true()
        return agency_column.in_(list(self.agencies))

    def stored(self) -> list[str] | None:
        """The value kept in a principal's `agencies` column (None: province-wide)."""
        return list(self.agencies) or None


PROVINCE = Scope()
