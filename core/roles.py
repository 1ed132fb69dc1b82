"""The roles an API key can have, said once: the CLI's choices, the API schema, the key table and the
permission map all read them from here."""

from __future__ import annotations

from enum import StrEnum

from .errors import InvalidRequest


class Role(StrEnum):
    """What an API key may do (see `api.deps.ROLE_PERMISSIONS`)."""

    INTAKE = "intake"
    REVIEWER = "reviewer"
    READER = "reader"
    ADMIN = "admin"


ROLES: tuple[str, ...] = tuple(role.value for role in Role)


def check_role(role: str) -> str:
    """`role` if it is one of `ROLES` (keys and staff users alike); `InvalidRequest` otherwise."""
    if role not in ROLES:
        raise InvalidRequest(f"role must be one of {', '.join(ROLES)}")
    return role
