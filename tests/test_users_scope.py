"""Agency scope for staff users (#18): the users.agencies column (migration 0006 on SQLite and PostgreSQL, and
an older SQLite file gaining it), `sohoa users create --agency`, and a scoped clerk on the web page seeing only
their agencies (404 outside, nothing of the others' in search, review or admin lists)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from api.cli import main as cli
from ingest import context
from storage.access import Access
from storage.database import Database
from storage.migrations import alembic_config, current_revision, upgrade
from storage.scope import Scope
from storage.users import Users

from .conftest import create_pg_database, drop_pg_database
from .test_scale import MINE, MY_DOSSIER, THEIR_DOSSIER, THEIRS, add_digitised
from .test_web_support import PASSWORDS, USERS, SignedIn, WebServer, csrf_of, web_server_fixture  # noqa: F401

BEFORE = "0005"
PASSWORD = "mat-khau-xa-dong-2026"


# -- the column --------------------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database on each backend (PostgreSQL: a throw-away one)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    db = create_pg_database("sohoa_users")
    try:
        yield db.url
    finally:
        drop_pg_database(db)


def test_migration_0006_adds_user_agencies_and_keeps_existing_users_province_wide(empty_url: str) -> None:
    engine = create_engine(empty_url)
    try:
        with engine.begin() as conn:
            upgrade(conn, BEFORE)
            conn.execute(
                text(
                    "INSERT INTO users (id, username, role, password_hash, failed_logins, created_at) "
                    "VALUES ('u-old', 'nv-cu', 'reader', 'x', 0, CURRENT_TIMESTAMP)"
                )
            )
        with engine.begin() as conn:
            assert "agencies" not in {c["name"] for c in inspect(conn).get_columns("users")}
            upgrade(conn, "0006")
            assert current_revision(conn) == "0006"
            assert "agencies" in {c["name"] for c in inspect(conn).get_columns("users")}
            upgrade(conn)  # and the later ones above it
        database = Database(empty_url, create=False)
        users = Users(database)
        scoped = users.create_user("nv-xa", "intake", PASSWORD, Scope((MINE,)))
        by_name = {u.username: u for u in users.list_users()}
        assert by_name["nv-cu"].agencies == () and by_name["nv-cu"].scope.province_wide
        assert by_name["nv-xa"].agencies == (MINE,) == scoped.agencies
        database.dispose()
        with engine.begin() as conn:  # and back down
            command.downgrade(alembic_config(conn), BEFORE)
            assert "agencies" not in {c["name"] for c in inspect(conn).get_columns("users")}
    finally:
        engine.dispose()


def test_an_older_sqlite_file_gains_the_user_agencies_column(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sohoa.db'}"
    database = Database(url)
    Users(database).create_user("nv-cu", "reader", PASSWORD)
    with database.engine.begin() as conn:  # the schema before #18's users
        conn.execute(text("ALTER TABLE users DROP COLUMN agencies"))
    database.dispose()
    reopened = Database(url)
    users = Users(reopened)
    users.create_user("nv-xa", "reader", PASSWORD, Scope.of((MINE, THEIRS)))
    assert {u.username: u.agencies for u in users.list_users()} == {"nv-cu": (), "nv-xa": tuple(sorted((MINE, THEIRS)))}
    reopened.dispose()


def test_a_user_principal_carries_the_agencies(data_dir: Path) -> None:
    user = Users(context.get_database()).create_user("nv-xa", "reviewer", PASSWORD, Scope((MINE,)))
    principal = user.as_principal()
    assert principal.agencies == (MINE,) and principal.scope.covers(MY_DOSSIER)
    assert not principal.scope.covers(THEIR_DOSSIER)
    assert (principal.key_id, principal.name, principal.role) == (user.user_id, "nv-xa", "reviewer")


# -- the command -------------------------------------------------------------------------------------------


def test_users_create_takes_repeatable_agencies_and_list_shows_them(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    argv = ["users", "create", "nv-xa", "--role", "intake", "--agency", MINE.lower(), "--agency", THEIRS]
    assert cli([*argv, "--password-stdin"]) == 0
    out = capsys.readouterr().out
    assert f"for agencies {THEIRS}, {MINE}" in out  # sorted, in capitals
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli(["users", "create", "nv-tinh", "--role", "admin", "--password-stdin"]) == 0
    assert "for the whole province" in capsys.readouterr().out
    user = {u.username: u for u in Users(context.get_database()).list_users()}["nv-xa"]
    assert user.agencies == (THEIRS, MINE)
    assert cli(["users", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["username", "role", "agencies"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert rows["nv-xa"][2] == f"{THEIRS},{MINE}" and rows["nv-tinh"][2] == "all"


def test_users_create_refuses_a_misshapen_agency_in_one_line_before_asking_the_password(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.StringIO(PASSWORD + "\n")
    monkeypatch.setattr("sys.stdin", stdin)
    argv = ["users", "create", "nv-xa", "--role", "intake", "--agency", "36.H36", "--password-stdin"]
    assert cli(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("sohoa: --agency: Agency code '36.H36' is not shaped AAA.BB.CC.DNN") and "\n" not in err
    assert stdin.tell() == 0  # the password was not read
    assert Users(context.get_database()).list_users() == []


# -- the web page ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_agencies(web_server: WebServer) -> dict[str, str]:
    """One digitised document on each side of MINE's line (same words), and a clerk and an admin of MINE."""
    users = Users(context.get_database())
    users.create_user("nv-xa", "reviewer", PASSWORD, Scope((MINE,)))
    users.create_user("qt-xa", "admin", PASSWORD, Scope((MINE,)))
    catalogue, store = context.get_catalogue(), context.get_store()
    body = "Họ và tên: LÊ THỊ PHƯƠNG THẢO"
    mine = add_digitised(catalogue, store, MY_DOSSIER, body, {"id_number": "068195001234"}, needs_review=True)
    theirs = add_digitised(catalogue, store, THEIR_DOSSIER, body, {"id_number": "068195009999"}, needs_review=True)
    return {"mine": mine, "theirs": theirs}


def test_a_scoped_clerk_gets_404_outside_their_agencies_and_finds_only_theirs(
    web_server: WebServer, two_agencies: dict[str, str]
) -> None:
    mine, theirs = two_agencies["mine"], two_agencies["theirs"]
    clerk = SignedIn(web_server.url, username="nv-xa", password=PASSWORD)
    province = SignedIn(web_server.url, "reviewer")
    try:
        assert clerk.login is not None and clerk.login.status_code == 303
        assert clerk.client.get(f"/documents/{mine}").status_code == 200
        for path in (
            f"/documents/{theirs}",
            f"/documents/{theirs}/status",
            f"/documents/{theirs}/files/original",
            f"/dossiers/{THEIR_DOSSIER}",
            f"/dossiers/{THEIR_DOSSIER}/rows",
        ):
            assert clerk.client.get(path).status_code == 404, path
            assert province.client.get(path).status_code == 200, path  # the same page exists for the province
        found = clerk.client.get("/search", params={"q": "le thi phuong thao"}).text
        assert f"/documents/{mine}" in found and f"/documents/{theirs}" not in found
        everywhere = province.client.get("/search", params={"q": "le thi phuong thao"}).text
        assert f"/documents/{mine}" in everywhere and f"/documents/{theirs}" in everywhere
        queue = clerk.client.get("/review").text
        assert f"/documents/{mine}" in queue and f"/documents/{theirs}" not in queue
        upload = clerk.client.post(
            "/",
            data={"dossier_id": THEIR_DOSSIER, "csrf_token": clerk.csrf("/")},
            files={"files": ("a.jpg", b"\xff\xd8\xff\xe0 not really", "image/jpeg")},
        )
        assert upload.status_code == 404
        assert [d.document_id for d in context.get_catalogue().dossier_documents(THEIR_DOSSIER)] == [theirs]
    finally:
        clerk.close()
        province.close()


def test_a_scoped_admin_hands_out_only_their_agencies_on_the_web(
    web_server: WebServer, two_agencies: dict[str, str]
) -> None:
    admin = SignedIn(web_server.url, username="qt-xa", password=PASSWORD)
    try:
        page = admin.client.get("/admin").text
        assert "nv-xa" in page and USERS["reader"] not in page  # province-wide accounts are not theirs to see
        made = admin.client.post(
            "/admin/users",
            data={"username": "nv-xa-2", "role": "intake", "password": PASSWORD, "csrf_token": csrf_of(page)},
        )
        assert made.status_code == 303
        created = {u.username: u for u in Users(context.get_database()).list_users()}["nv-xa-2"]
        assert created.agencies == (MINE,)
        key = admin.client.post(
            "/admin/keys", data={"name": "máy quét xã", "role": "intake", "csrf_token": csrf_of(page)}
        )
        assert key.status_code == 200
        assert {k.name: k.agencies for k in Access(context.get_database()).list_keys()}["máy quét xã"] == (MINE,)
        refused = admin.client.post(f"/admin/users/{USERS['reader']}/disable", data={"csrf_token": csrf_of(page)})
        assert refused.status_code == 404
        assert {u.username: u.disabled_at for u in Users(context.get_database()).list_users()}[USERS["reader"]] is None
    finally:
        admin.close()
