"""The web page's security: no page or form without a session, CSRF checked, disabled users cut off at
once, lock-out, roles as on the API, passwords never logged, every sign-in in the audit log by name."""

from __future__ import annotations

import logging
import re

import httpx
import pytest

from api.cli import main
from ingest import context
from storage.access import Access
from storage.users import MAX_FAILURES, Users

from .conftest import DOSSIER
from .test_web_support import (  # noqa: F401 - fixtures
    PASSWORDS,
    USERS,
    SignedIn,
    WebServer,
    card_jpeg_bytes,
    csrf_of,
    web_server_fixture,
)

PAGES = [
    "/",
    "/review",
    "/search",
    "/search?q=a",
    "/admin",
    f"/dossiers/{DOSSIER}",
    f"/dossiers/{DOSSIER}/rows",
    "/documents/" + "0" * 32,
    "/documents/" + "0" * 32 + "/files/original",
]
FORMS = [
    ("/", {"dossier_id": DOSSIER}),
    ("/documents/" + "0" * 32 + "/fields", {"f.full_name": "A"}),
    ("/admin/users", {"username": "x1", "role": "admin", "password": "p" * 12}),
    (f"/admin/users/{USERS['reader']}/disable", {}),
    ("/logout", {}),
]


def test_no_page_or_form_works_without_a_session(web_server: WebServer) -> None:
    client = httpx.Client(base_url=web_server.url)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    for path, data in FORMS:
        response = client.post(path, data=data)
        assert response.status_code == 303 and response.headers["location"] == "/login", path
    assert Users(context.get_database()).session_for("made-up-token") is None


def test_a_session_cookie_is_httponly_and_samesite(web_server: WebServer) -> None:
    user = SignedIn(web_server.url, "intake")
    assert user.login.status_code == 303 and user.login.headers["location"] == "/"
    cookie = next(v for k, v in user.login.headers.multi_items() if k == "set-cookie" and "sohoa_session=" in v)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie  # plain HTTP here
    proxied = {"X-Forwarded-Proto": "https"}  # a TLS proxy on 127.0.0.1, which uvicorn trusts
    form = httpx.get(f"{web_server.url}/login", headers=proxied)
    assert "Secure" in form.headers["set-cookie"]
    token = csrf_of(form.text)  # httpx keeps a Secure cookie off plain HTTP, so it is sent by hand
    answer = httpx.post(
        f"{web_server.url}/login",
        headers={**proxied, "Cookie": f"sohoa_login_csrf={token}"},
        data={"username": USERS["intake"], "password": PASSWORDS["intake"], "csrf_token": token},
    )
    session = next(v for k, v in answer.headers.multi_items() if k == "set-cookie" and "sohoa_session=" in v)
    assert "Secure" in session and "HttpOnly" in session


def test_csrf_tokens_are_checked(web_server: WebServer) -> None:
    login = httpx.Client(base_url=web_server.url)
    login.get("/login")
    refused = login.post(
        "/login", data={"username": USERS["admin"], "password": PASSWORDS["admin"], "csrf_token": "forged"}
    )
    assert refused.status_code == 403 and "Biểu mẫu đã hết hạn" in refused.text
    admin = SignedIn(web_server.url, "admin")
    data = {"username": "nv-moi", "role": "reader", "password": "mot-mat-khau-dai"}
    assert admin.client.post("/admin/users", data=data).status_code == 403
    assert admin.client.post("/admin/users", data={**data, "csrf_token": "x" * 43}).status_code == 403
    upload = admin.client.post(
        "/",
        data={"dossier_id": DOSSIER, "csrf_token": "wrong"},
        files=[("files", ("card.jpg", card_jpeg_bytes(), "image/jpeg"))],
    )
    assert upload.status_code == 403
    assert not context.get_catalogue().all_documents(), "a forged upload was stored"
    assert admin.client.post("/admin/users", data={**data, "csrf_token": admin.csrf()}).status_code == 303
    assert "nv-moi" in [u.username for u in Users(context.get_database()).list_users()]


def test_a_disabled_users_session_stops_at_once(web_server: WebServer, capsys: pytest.CaptureFixture) -> None:
    Users(context.get_database()).create_user("nv-tam", "reviewer", "mat-khau-tam-thoi")
    user = SignedIn(web_server.url, username="nv-tam", password="mat-khau-tam-thoi")
    assert user.client.get("/search").status_code == 200
    assert main(["users", "disable", "nv-tam"]) == 0
    assert "Disabled user nv-tam" in capsys.readouterr().out
    after = user.client.get("/search")
    assert after.status_code == 303 and after.headers["location"].startswith("/login")
    again = SignedIn(web_server.url, username="nv-tam", password="mat-khau-tam-thoi")
    assert again.login.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in again.login.text


def test_repeated_wrong_passwords_lock_the_account(web_server: WebServer) -> None:
    Users(context.get_database()).create_user("nv-khoa", "reader", "mat-khau-dung-roi")
    client = SignedIn(web_server.url)
    for _ in range(MAX_FAILURES - 1):
        assert client.sign_in("nv-khoa", "sai-mat-khau").status_code == 401
    locked = client.sign_in("nv-khoa", "sai-mat-khau")
    assert locked.status_code == 401 and "Tài khoản tạm khoá" in locked.text
    still = client.sign_in("nv-khoa", "mat-khau-dung-roi")  # the right password does not open it early
    assert still.status_code == 401 and "Tài khoản tạm khoá" in still.text
    entries, _ = Access(context.get_database()).audit_log(action="web.sign_in_failed")
    assert [e.detail["reason"] for e in entries if e.key_name == "nv-khoa"].count("locked") == 2


def test_roles_are_enforced_on_every_page_as_on_the_api(web_server: WebServer) -> None:
    reader = SignedIn(web_server.url, "reader")
    assert reader.login.headers["location"] == "/search"
    for path in ("/", "/admin"):
        refused = reader.client.get(path)
        assert refused.status_code == 403 and "không được dùng chức năng này" in refused.text, path
        assert "Traceback" not in refused.text
    token = reader.csrf()
    assert (
        reader.client.post(
            "/documents/" + "0" * 32 + "/fields", data={"csrf_token": token, "f.full_name": "X"}
        ).status_code
        == 403
    )
    assert reader.client.get("/search", params={"q": "nguyen"}).status_code == 200
    intake = SignedIn(web_server.url, "intake")
    assert intake.client.get("/").status_code == 200
    assert intake.client.get("/admin").status_code == 403


def test_bad_input_is_explained_in_vietnamese_never_a_stack_trace(web_server: WebServer) -> None:
    clerk = SignedIn(web_server.url, "intake")
    token = clerk.csrf("/")
    cases = [
        ("000.00.36/../H36", ("card.jpg", card_jpeg_bytes(), "image/jpeg"), 400, "Mã hồ sơ không đúng dạng"),
        (DOSSIER, ("hong.jpg", b"\xff\xd8\xff\xe0" + b"\x00garbage" * 50, "image/jpeg"), 422, "Tệp bị hỏng"),
        (DOSSIER, ("note.txt", b"just some text, not a scan", "text/plain"), 415, "không phải ảnh"),
    ]
    for dossier, part, status, words in cases:
        answer = clerk.client.post("/", data={"dossier_id": dossier, "csrf_token": token}, files=[("files", part)])
        assert answer.status_code == status and words in answer.text, (part[0], answer.status_code)
        assert f'value="{dossier}"' in answer.text  # what was typed is kept
        assert "Traceback" not in answer.text and '"error"' not in answer.text
    empty = clerk.client.post(
        "/", data={"dossier_id": DOSSIER, "csrf_token": token}, files=[("files", ("", b"", "application/octet-stream"))]
    )
    assert empty.status_code == 400 and "Hãy chọn ít nhất một tệp" in empty.text


def test_passwords_are_never_logged_and_the_audit_log_names_the_user(
    web_server: WebServer, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture, monkeypatch
) -> None:
    secret = "bi-mat-khong-ai-biet-42"
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(secret + "\n"))
    with caplog.at_level(logging.DEBUG):
        assert main(["users", "create", "nv-audit", "--role", "intake", "--password-stdin"]) == 0
        user = SignedIn(web_server.url, username="nv-audit", password=secret)
        SignedIn(web_server.url, username="nv-audit", password=secret + "x")
        assert user.client.post("/logout", data={"csrf_token": user.csrf("/")}).status_code == 303
    printed = capsys.readouterr()
    assert secret not in caplog.text and secret not in printed.out and secret not in printed.err
    database = (web_server.data_dir / "sohoa.db").read_bytes()
    for path in web_server.data_dir.glob("sohoa.db*"):
        database += path.read_bytes()
    assert secret.encode() not in database and b"$argon2id$" in database
    entries, _ = Access(context.get_database()).audit_log()
    mine = [(e.action, e.key_name) for e in entries if e.key_name == "nv-audit"]
    assert ("web.sign_in", "nv-audit") in mine and ("web.sign_out", "nv-audit") in mine
    assert ("web.sign_in_failed", "nv-audit") in mine
    assert all(secret not in repr(e.detail) for e in entries)
    assert re.fullmatch(r"u-[0-9a-f]{14}", next(e.key_id for e in entries if e.key_name == "nv-audit"))


def test_users_cli_lists_and_refuses_what_it_should(
    web_server: WebServer, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("ngan\n"))
    assert main(["users", "create", "nv-cli", "--role", "reader", "--password-stdin"]) == 2
    assert "at least 10 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("mat-khau-du-dai\n"))
    assert main(["users", "create", "NV-CLI", "--role", "reader", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("mat-khau-du-dai\n"))
    assert main(["users", "create", "nv-cli", "--role", "reader", "--password-stdin"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["users", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split() == ["username", "role", "agencies", "created", "last_login", "state"]
    mine = next(line.split() for line in listing if line.startswith("nv-cli "))
    assert mine[:3] == ["nv-cli", "reader", "all"] and mine[-1] == "active"
    assert main(["users", "disable", "nobody"]) == 2


def test_vietnamese_first_and_english_as_a_switch(web_server: WebServer) -> None:
    client = httpx.Client(base_url=web_server.url)
    page = client.get("/login")
    assert '<html lang="vi">' in page.text and "Đăng nhập" in page.text and "Mật khẩu" in page.text
    switched = client.get("/lang/en", params={"next": "/login"})
    assert switched.status_code == 303 and switched.headers["location"] == "/login"
    english = client.get("/login")
    assert '<html lang="en">' in english.text and "Sign in" in english.text and "Password" in english.text
    assert client.get("/lang/vi", params={"next": "https://elsewhere.example/"}).headers["location"] == "/"


def _receipt_photo(payload: str) -> bytes:
    """A receipt-like photo: text lines and a real QR code of `payload`, as JPEG."""
    import cv2
    import numpy as np

    qr = cv2.QRCodeEncoder.create().encode(payload)
    qr = cv2.resize(qr, None, fx=8, fy=8, interpolation=cv2.INTER_NEAREST)
    sheet = np.full((1600, 1200), 235, np.uint8)
    for row in range(8):
        cv2.putText(
            sheet, "GIAY TIEP NHAN HO SO VA HEN TRA KET QUA", (60, 120 + 60 * row), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 40, 2
        )
    sheet[700 : 700 + qr.shape[0], 400 : 400 + qr.shape[1]] = qr
    ok, jpeg = cv2.imencode(".jpg", sheet, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return jpeg.tobytes()


def test_the_dossier_code_is_read_from_the_receipts_qr_code(web_server: WebServer) -> None:
    from api.web.receipt import dossier_code

    assert dossier_code(_receipt_photo(f"https://dichvucong.example/tra-cuu?ma={DOSSIER.lower()}")) == DOSSIER
    assert dossier_code(_receipt_photo("no code in here")) is None
    assert dossier_code(b"not an image") is None and dossier_code(b"") is None
    clerk = SignedIn(web_server.url, "intake")
    token = clerk.csrf("/")
    photo = [("receipt", ("bien-nhan.jpg", _receipt_photo(DOSSIER), "image/jpeg"))]
    answer = clerk.client.post("/intake/receipt", files=photo, headers={"X-CSRF-Token": token})
    assert answer.status_code == 200 and answer.json() == {"dossier_id": DOSSIER}
    assert clerk.client.post("/intake/receipt", files=photo).status_code == 403  # no CSRF token
    unreadable = clerk.client.post(
        "/intake/receipt",
        headers={"X-CSRF-Token": token},
        files=[("receipt", ("x.jpg", _receipt_photo("hello"), "image/jpeg"))],
    )
    assert unreadable.status_code == 422 and "Không đọc được mã hồ sơ" in unreadable.json()["message"]
    reader = SignedIn(web_server.url, "reader")
    refused = reader.client.post("/intake/receipt", files=photo, headers={"X-CSRF-Token": reader.csrf()})
    assert refused.status_code == 403


def test_the_dossier_rows_show_live_progress_and_why_a_document_failed(web_server: WebServer) -> None:
    from storage.keys import DocumentKeys
    from tests.test_catalogue import new_document

    dossier = "000.00.36.H36-251126-0002"
    catalogue, store = context.get_catalogue(), context.get_store()
    doc, _ = catalogue.add_document(new_document(sha="c" * 64, dossier=dossier))  # two pages, never queued
    clerk = SignedIn(web_server.url, "intake")
    rows = clerk.client.get(f"/dossiers/{dossier}/rows").text
    assert "Đang chờ" in rows and 'hx-trigger="every 2s"' in rows
    catalogue.mark_processing(doc.document_id)
    store.put_bytes(DocumentKeys(dossier, doc.document_id).page(1), b"png", "image/png")
    assert "Đang xử lý trang 1/2" in clerk.client.get(f"/dossiers/{dossier}/rows").text
    catalogue.mark_failed(doc.document_id, "corrupt_file", "page 2 could not be decoded")
    rows = clerk.client.get(f"/dossiers/{dossier}/rows").text
    assert "Lỗi" in rows and "Lý do: tệp bị hỏng, không đọc được" in rows and "hx-trigger" not in rows
    assert "could not be decoded" not in rows  # the service's English never reaches the page


def test_an_admin_creates_and_revokes_api_keys_on_the_page(web_server: WebServer) -> None:
    admin = SignedIn(web_server.url, "admin")
    made = admin.client.post(
        "/admin/keys", data={"name": "máy quét quầy 3", "role": "intake", "csrf_token": admin.csrf("/admin")}
    )
    token = re.search(r'id="token">([^<]+)<', made.text).group(1)  # type: ignore[union-attr]
    assert made.status_code == 200 and token.startswith("sohoa_")
    bearer = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{web_server.url}/v1/search?q=a", headers=bearer).status_code == 200
    key_id = next(k.key_id for k in Access(context.get_database()).list_keys() if k.name == "máy quét quầy 3")
    assert token not in admin.client.get("/admin").text  # shown once only
    revoked = admin.client.post(f"/admin/keys/{key_id}/revoke", data={"csrf_token": admin.csrf("/admin")})
    assert revoked.status_code == 303 and "Đã thu hồi" in admin.client.get(revoked.headers["location"]).text
    assert httpx.get(f"{web_server.url}/v1/search?q=a", headers=bearer).status_code == 401
