"""Staff accounts for the web page: users (argon2 password hashes), sign-in lock-out, server-side sessions.

A user has one of the API keys' four roles. Passwords are hashed with argon2id (`argon2-cffi`'s
defaults, RFC 9106's low-memory profile); after `MAX_FAILURES` wrong passwords in a row the account
is locked for `LOCK_MINUTES`. Sessions live in the database, keyed by the SHA-256 of their cookie
token, so disabling a user ends every session of theirs at the next request, in every process.
Nothing here is agency-specific yet (an agency scope can be a column added later).

Tables in `storage.models`, in the catalogue's `Database`. Callers get frozen records, never ORM
rows. Must not import `ocr`, `ingest` or `api`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from core.errors import Conflict, InvalidRequest, NotFound, Unauthenticated

from .access import ROLES, ApiKeyRecord
from .models import SessionRow, UserRow, utcnow

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

    def as_principal(self) -> ApiKeyRecord:
        """The user as the audit log and the role checks see callers: ID, name, role."""
        return ApiKeyRecord(self.user_id, self.username, self.role, self.created_at, self.disabled_at)


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


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; everything here is written in UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _user(row: UserRow) -> UserRecord:
    return UserRecord(
        row.id,
        row.username,
        row.role,
        row.created_at.replace(tzinfo=row.created_at.tzinfo or UTC),
        _utc(row.last_login_at),
        _utc(row.disabled_at),
        _utc(row.locked_until),
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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

    def create_user(self, username: str, role: str, password: str) -> UserRecord:
        """A new account; `Conflict` if the username is taken."""
        name = check_username(username)
        if role not in ROLES:
            raise InvalidRequest(f"role must be one of {', '.join(ROLES)}")
        check_password(password)
        hashed = _hasher.hash(password)
        try:
            with self._session() as session:
                row = UserRow(
                    id=USER_ID_PREFIX + secrets.token_hex(7),
                    username=name,
                    role=role,
                    password_hash=hashed,
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
            locked = _utc(row.locked_until) if row is not None else None
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
                    token_hash=_token_hash(token),
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
                .where(SessionRow.token_hash == _token_hash(token))
            ).first()
            if found is None:
                return None
            row, user = found
            expires = _utc(row.expires_at)
            if user.disabled_at is not None or expires is None or expires <= moment:
                session.delete(row)
                return None
            return WebSession(_user(user), row.csrf_token, expires)

    def end_session(self, token: str) -> None:
        """Sign out: forget the session (idempotent)."""
        with self._session() as session:
            session.execute(delete(SessionRow).where(SessionRow.token_hash == _token_hash(token)))


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
