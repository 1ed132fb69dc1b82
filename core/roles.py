"""The roles an API key can have, said once: the CLI's choices, the API schema, the key table and the
permission map all read them from here."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What an API key may do (see `api.deps.ROLE_PERMISSIONS`)."""

    INTAKE = "intake"
    REVIEWER = "reviewer"
    READER = "reader"
    ADMIN = "admin"


ROLES: tuple[str, ...] = tuple(role.value for role in Role)
