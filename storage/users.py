"""Staff accounts for the web page: users (argon2 password hashes), sign-in lock-out, server-side sessions.

A user has one of the API keys' four roles and, like a key, may be limited to agencies (`agencies`,
stored as `api_keys.agencies` is; none: the whole province), which `as_principal` carries into every
scope check of the API's services the web page calls. Passwords are hashed with argon2id (`argon2-cffi`'s
defaults, RFC 9106's low-memory profile); after `MAX_FAILURES` wrong passwords in a row the account
is locked for `LOCK_MINUTES`. Sessions live in the database, keyed by the SHA-256 of their cookie
token, so disabling a user ends every session of theirs at the next request, in every process.

Tables in `storage.models`, in the catalogue's `Database`. Callers get frozen records, never ORM
rows. Must not import `ocr`, `ingest` or `api`.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from core.errors import Conflict, InvalidRequest, NotFound, Unauthenticated
from core.roles import check_role

from .access import ApiKeyRecord, hash_token
from .models import SessionRow, UserRow, utcnow
from .scope import Scope

if TYPE_CHECKING:
    from .database import Database

MAX_FAILURES = 5  # wrong passwords in a row before the account is locked
LOCK_MINUTES = 15
SESSION_HOURS = 12  # one working day at the counter
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
USER_ID_PREFIX = "u-"  # audit-log entries of users are told from keys' by this prefix

_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified when the user does not exist, so a wrong name costs as long as a wrong password.

    Made on first use, not at import: importing this module must stay cheap for every `sohoa` command.
    """
    return _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class UserRecord:
    """A staff account as listed (never the password hash)."""

    user_id: str
    username: str
    role: str
    created_at: datetime
    last_login_at: datetime | None
    disabled_at: datetime | None
    locked_until: datetime | None
    agencies: tuple[str, ...] = ()

    @property
    def scope(self) -> Scope:
        """The agencies this user may see (none listed: the whole province)."""
        return Scope(self.agencies)

    def as_principal(self) -> ApiKeyRecord:
        """The user as the audit log, the role checks and the scope checks see callers: ID, name, role, agencies."""
        return ApiKeyRecord(self.user_id, self.username, self.role, self.created_at, self.disabled_at, self.agencies)


@dataclass(frozen=True)
class WebSession:
    """A signed-in session: its user and the CSRF token every form of it must carry."""

    user: UserRecord
    csrf_token: str
    expires_at: datetime


class LoginRefused(Unauthenticated):
    """A wrong username or password; `user` is the account tried, when there is one (for the audit log)."""

    def __init__(self, message: str, user: UserRecord | None = None) -> None:
        super().__init__(message)
        self.user = user


class LoginLocked(LoginRefused):
    """Too many wrong passwords: the account is locked until `until`."""

    code = "account_locked"

    def __init__(self, message: str, user: UserRecord, until: datetime) -> None:
        super().__init__(message, user)
        self.until = until


def _user(row: UserRow) -> UserRecord:
    return UserRecord(
        row.id,
        row.username,
        row.role,
        row.created_at,
        row.last_login_at,
        row.disabled_at,
        row.locked_until,
        Scope.of(row.agencies).agencies,
    )


def check_username(username: str) -> str:
    """The username as stored (lower case); `InvalidRequest` unless 2-64 of a-z 0-9 . _ -."""
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise InvalidRequest(
            "A username is 2 to 64 characters: a-z, 0-9, '.', '_' or '-', starting with a letter or digit"
        )
    return name


def check_password(password: str) -> None:
    """`InvalidRequest` for a password too short to be safe."""
    if len(password) < MIN_PASSWORD:
        raise InvalidRequest(f"A password needs at least {MIN_PASSWORD} characters")


class Users:
    """Staff accounts and their web sessions, in the catalogue's database."""

    def __init__(self, database: Database) -> None:
        self._session = database.session  # the database's one seam for its errors

    # -- accounts --------------------------------------------------------------------------------

    def create_user(self, username: str, role: str, password: str, scope: Scope | None = None) -> UserRecord:
        """A new account (limited to `scope`'s agencies, when given); `Conflict` if the username is taken."""
        name = check_username(username)
        check_role(role)
        check_password(password)
        hashed = _hasher.hash(password)
        try:
            with self._session() as session:
                row = UserRow(
                    id=USER_ID_PREFIX + secrets.token_hex(7),
                    username=name,
                    role=role,
                    password_hash=hashed,
                    agencies=(scope or Scope()).stored(),
                    failed_logins=0,
                    created_at=utcnow(),
                )
                session.add(row)
                session.flush()
                return _user(row)
        except IntegrityError:
            raise Conflict(f"A user named '{name}' already exists") from None

    def list_users(self) -> list[UserRecord]:
        """Every account, disabled ones too, oldest first."""
        with self._session() as session:
            return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.created_at, UserRow.id))]

    def disable_user(self, username: str) -> UserRecord:
        """Disable an account (idempotent) and end all its sessions at once; `NotFound` if absent."""
        name = check_username(username)
        with self._session() as session:
            row = session.scalar(select(UserRow).where(UserRow.username == name))
            if row is None:
                raise NotFound(f"No user named '{name}'")
            if row.disabled_at is None:
                row.disabled_at = utcnow()
            session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
            return _user(row)

    # -- signing in ------------------------------------------------------------------------------

    def authenticate(self, username: str, password: str, *, now: datetime | None = None) -> UserRecord:
        """The user whose password this is; `LoginRefused` otherwise, `LoginLocked` while locked.

        Every wrong password counts; the `MAX_FAILURES`th in a row locks the account for
        `LOCK_MINUTES` (a right password does not open a locked account before then).
        """
        moment = now or utcnow()
        name = username.strip().lower()
        refusal: LoginRefused | None = None
        with self._session() as session:  # the failure count is written, so refuse only after the commit
            row = session.scalar(select(UserRow).where(UserRow.username == name)) if USERNAME.match(name) else None
            locked = row.locked_until if row is not None else None
            if row is None or row.disabled_at is not None:
                _verify(_dummy_hash(), password)
                refusal = LoginRefused("wrong username or password")
            elif locked is not None and locked > moment:
                refusal = LoginLocked("account locked", _user(row), locked)
            elif not _verify(row.password_hash, password):
                row.failed_logins = (row.failed_logins or 0) + 1
                refusal = LoginRefused("wrong username or password", _user(row))
                if row.failed_logins >= MAX_FAILURES:
                    row.failed_logins = 0
                    row.locked_until = moment + timedelta(minutes=LOCK_MINUTES)
                    refusal = LoginLocked("account locked", _user(row), row.locked_until)
            else:
                row.failed_logins = 0
                row.locked_until = None
                row.last_login_at = moment
                if _hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = _hasher.hash(password)
                user = _user(row)
        if refusal is not None:
            raise refusal
        return user

    # -- sessions --------------------------------------------------------------------------------

    def start_session(self, user: UserRecord) -> tuple[str, WebSession]:
        """A new session for `user`: (cookie token, shown once; the session with its CSRF token)."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        expires = utcnow() + timedelta(hours=SESSION_HOURS)
        with self._session() as session:
            session.add(
                SessionRow(
                    token_hash=hash_token(token),
                    user_id=user.user_id,
                    csrf_token=csrf,
                    created_at=utcnow(),
                    expires_at=expires,
                )
            )
        return token, WebSession(user, csrf, expires)

    def session_for(self, token: str, *, now: datetime | None = None) -> WebSession | None:
        """The live session of this cookie token, or None (unknown, expired, or its user disabled)."""
        if not token or len(token) > 128:
            return None
        moment = now or utcnow()
        with self._session() as session:
            found = session.execute(
                select(SessionRow, UserRow)
                .join(UserRow, UserRow.id == SessionRow.user_id)
                .where(SessionRow.token_hash == hash_token(token))
            ).first()
            if found is None:
                return None
            row, user = found
            expires = row.expires_at
            if user.disabled_at is not None or expires is None or expires <= moment:
                session.delete(row)
                return None
            return WebSession(_user(user), row.csrf_token, expires)

    def end_session(self, token: str) -> None:
        """Sign out: forget the session (idempotent)."""
        with self._session() as session:
            session.execute(delete(SessionRow).where(SessionRow.token_hash == hash_token(token)))


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
