"""Who is looking at a page: the signed-in user, their CSRF token and language (checked in `session`).

Its own module so that `render` (which shows the viewer) and `session` (which makes one and renders
error pages) both import it and not each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from storage.access import ApiKeyRecord
from storage.users import UserRecord

from ..deps import ROLE_PERMISSIONS, Permission
from . import i18n

LANG_COOKIE = "lang"


@dataclass(frozen=True)
class Viewer:
    """The signed-in user of a request, their CSRF token and language."""

    user: UserRecord
    csrf_token: str
    lang: str

    @property
    def principal(self) -> ApiKeyRecord:
        """The user as the audit log and the API's services see callers."""
        return self.user.as_principal()

    def can(self, permission: str) -> bool:
        """Whether the user's role holds `permission` (upload, read, correct, admin)."""
        return Permission(permission) in ROLE_PERMISSIONS.get(self.user.role, frozenset())


def language(request: Request) -> str:
    """The page language: the `lang` cookie, else Vietnamese."""
    lang = request.cookies.get(LANG_COOKIE, i18n.DEFAULT)
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT
