"""Province scale (#18): agency scope on every route, dossier erasure, indexed search, bounded totals, cursors,
and the streaming audit. Documents are catalogued directly (no OCR), so these tests are quick."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from api.cli import main as cli
from ingest import context
from ocr.text import fold
from storage.access import Access
from storage.audit import audit
from storage.catalogue import Catalogue
from storage.keys import DocumentKeys, new_document_id
from storage.models import utcnow
from storage.objects import FolderStore
from storage.query import Queries
from storage.records import FieldRecord, NewDocument, PageRecord, ResultRecord
from storage.scope import Scope
from tests.support.api import Api, jpeg_bytes

from .conftest import PostgresDatabase
from .test_catalogue import _empty

MINE, THEIRS = "000.00.36.H36", "000.00.12.H12"
MY_DOSSIER, THEIR_DOSSIER = f"{MINE}-251125-0001", f"{THEIRS}-251125-0001"


def add_digitised(
    catalogue: Catalogue,
    store: FolderStore | None,
    dossier: str,
    body: str,
    fields: dict[str, str] | None = None,
    doc_type: str = "citizen_id_card",
    *,
    needs_review: bool = False,
) -> str:
    """Catalogue (and store, when given) one digitised document with this text and these field values."""
    document_id = new_document_id()
    keys = DocumentKeys(dossier, document_id)
    if store is not None:
        store.put_bytes(keys.original("jpg"), jpeg_bytes(40, 30))
        for key in (keys.page(1), keys.searchable_pdf, keys.result):
            store.put_bytes(key, b"x")
    catalogue.add_document(
        NewDocument(
            document_id=document_id,
            dossier_id=dossier,
            source="scan.jpg",
            sha256=hashlib.sha256(document_id.encode()).hexdigest(),
            media_type="image/jpeg",
            ext="jpg",
            size_bytes=10,
            original_key=keys.original("jpg"),
            page_count=1,
        )
    )
    values = fields or {}
    catalogue.save_result(
        document_id,
        ResultRecord(
            doc_type=doc_type,
            doc_type_confidence=0.9,
            pages=(PageRecord(1, body, 90.0, 0, 0.0, 300, keys.page(1)),),
            fields=tuple(FieldRecord(n, v, 0.9, True, 1) for n, v in values.items()),
            text=body,
            search_text=fold(f"{body} {' '.join(values.values())}"),
            confidence=90.0,
            needs_review=needs_review,
            entities=None,
            objects={
                "original": keys.original("jpg"),
                "pages": [keys.page(1)],
                "searchable_pdf": keys.searchable_pdf,
                "result": keys.result,
            },
            seconds=1.0,
        ),
    )
    return document_id


@pytest.fixture
def scoped(api: Api) -> dict[str, dict[str, str]]:
    """Bearer headers of keys limited to MINE, per role, and one document on each side of the line."""
    access = Access(context.get_database())
    headers = {
        role: {"Authorization": f"Bearer {access.create_key(f'{role} {MINE}', role, Scope((MINE,))).token}"}
        for role in ("reader", "reviewer", "admin")
    }
    store = context.get_store()
    add_digitised(
        context.get_catalogue(), store, MY_DOSSIER, "Họ và tên: NGUYỄN VĂN ĐỨC", {"id_number": "068195001234"}
    )
    add_digitised(
        context.get_catalogue(), store, THEIR_DOSSIER, "Họ và tên: NGUYỄN VĂN ĐỨC", {"id_number": "068195009999"}
    )
    return headers


def _error(response, status: int) -> None:
    assert response.status_code == status, response.text
    assert "error" in response.json()


def test_a_scoped_key_sees_only_its_agencies_and_404s_the_rest(api: Api, scoped: dict) -> None:
    reader, admin = scoped["reader"], scoped["admin"]
    mine = api.client.get(f"/v1/dossiers/{MY_DOSSIER}", headers=reader).json()["documents"][0]["document_id"]
    theirs = api.client.get(f"/v1/dossiers/{THEIR_DOSSIER}", headers=api.auth("admin")).json()
    their_id = theirs["documents"][0]["document_id"]

    # read, download, correct: 404 outside, exactly as for a document that does not exist
    assert api.client.get(f"/v1/documents/{mine}", headers=reader).status_code == 200
    _error(api.client.get(f"/v1/dossiers/{THEIR_DOSSIER}", headers=reader), 404)
    missing = api.client.get(f"/v1/documents/{'0' * 32}", headers=reader).json()["error"]["code"]
    outside = api.client.get(f"/v1/documents/{their_id}", headers=reader)
    _error(outside, 404)
    assert outside.json()["error"]["code"] == missing
    assert outside.json()["error"]["message"] == f"No document with ID '{their_id}'"  # as for one that is not there
    assert THEIR_DOSSIER not in outside.text
    for name in ("original", "searchable.pdf", "pages/1"):
        _error(api.client.get(f"/v1/documents/{their_id}/files/{name}", headers=reader), 404)
    assert api.client.get(f"/v1/documents/{mine}/files/original", headers=reader).status_code == 200
    _error(
        api.client.patch(
            f"/v1/documents/{their_id}/fields", json={"fields": {"sex": "Nam"}}, headers=scoped["reviewer"]
        ),
        404,
    )

    # find and count: search and stats see only the scope; the province-wide admin sees both
    everyone = api.client.get("/v1/search", params={"q": "nguyen van duc"}, headers=api.auth("admin")).json()
    assert everyone["total"] == 2 and everyone["total_is_lower_bound"] is False
    found = api.client.get("/v1/search", params={"q": "nguyen van duc"}, headers=reader).json()
    assert found["total"] == 1 and [r["dossier_id"] for r in found["results"]] == [MY_DOSSIER]
    by_field = api.client.get("/v1/search", params={"field.id_number": "068195009999"}, headers=reader).json()
    assert by_field["total"] == 0 and by_field["results"] == []
    today = utcnow().date().isoformat()
    assert (
        api.client.get("/v1/stats", params={"from": today, "to": today}, headers=api.auth("admin")).json()["totals"][
            "received"
        ]
        == 2
    )
    assert (
        api.client.get("/v1/stats", params={"from": today, "to": today}, headers=admin).json()["totals"]["received"]
        == 1
    )

    # upload outside is refused and stores nothing; inside works
    refused = api.client.post(
        f"/v1/dossiers/{THEIR_DOSSIER}/documents",
        headers=admin,
        files=[("files", ("x.jpg", jpeg_bytes(), "image/jpeg"))],
    )
    _error(refused, 404)
    assert len(api.client.get(f"/v1/dossiers/{THEIR_DOSSIER}", headers=api.auth("admin")).json()["documents"]) == 1
    accepted = api.client.post(
        f"/v1/dossiers/{MY_DOSSIER}/documents", headers=admin, files=[("files", ("x.jpg", jpeg_bytes(), "image/jpeg"))]
    )
    assert accepted.status_code == 202

    # every read stays audited, with the scoped key's name
    log = api.client.get("/v1/audit-log", params={"action": "document.read"}, headers=api.auth("admin")).json()
    assert any(e["key_name"] == f"reader {MINE}" and e["document_id"] == mine for e in log["entries"])


def test_scoped_admins_hand_out_only_their_agencies(api: Api, scoped: dict) -> None:
    admin = scoped["admin"]
    wider = api.client.post("/v1/keys", json={"name": "x", "role": "reader"}, headers=admin)
    _error(wider, 400)
    other = api.client.post("/v1/keys", json={"name": "x", "role": "reader", "agencies": [THEIRS]}, headers=admin)
    _error(other, 400)
    made = api.client.post("/v1/keys", json={"name": "x", "role": "reader", "agencies": [MINE.lower()]}, headers=admin)
    assert made.status_code == 201 and made.json()["agencies"] == [MINE]
    listed = api.client.get("/v1/keys", headers=admin).json()["keys"]
    assert listed and all(k["agencies"] == [MINE] for k in listed)
    province_key = next(
        k for k in api.client.get("/v1/keys", headers=api.auth("admin")).json()["keys"] if k["agencies"] == []
    )
    _error(api.client.delete(f"/v1/keys/{province_key['key_id']}", headers=admin), 404)


def test_webhooks_hear_only_their_creators_scope(api: Api, scoped: dict) -> None:
    made = api.client.post(
        "/v1/webhooks",
        json={"url": "http://127.0.0.1:9/hook", "events": ["document.digitised"]},
        headers=scoped["admin"],
    )
    assert made.status_code == 201
    province = api.client.post(
        "/v1/webhooks",
        json={"url": "http://127.0.0.1:9/all", "events": ["document.digitised"]},
        headers=api.auth("admin"),
    )
    access = Access(context.get_database())
    assert [h.webhook_id for h in access.webhooks("document.digitised", dossier_id=THEIR_DOSSIER)] == [
        province.json()["webhook_id"]
    ]
    assert len(access.webhooks("document.digitised", dossier_id=MY_DOSSIER)) == 2
    assert [h["webhook_id"] for h in api.client.get("/v1/webhooks", headers=scoped["admin"]).json()["webhooks"]] == [
        made.json()["webhook_id"]
    ]
    _error(api.client.get(f"/v1/webhooks/{province.json()['webhook_id']}/deliveries", headers=scoped["admin"]), 404)
    _error(api.client.delete(f"/v1/webhooks/{province.json()['webhook_id']}", headers=scoped["admin"]), 404)


def test_keys_create_agency_option(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["keys", "create", "--role", "reader", "--name", "commune", "--agency", MINE, "--agency", THEIRS]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    key = Access(context.get_database()).key_for_token(token)
    assert key is not None and key.agencies == tuple(sorted((MINE, THEIRS)))
    assert cli(["keys", "create", "--role", "reader", "--name", "x", "--agency", "36.H36"]) == 2


def test_deleting_a_dossier_leaves_nothing(api: Api, scoped: dict, capsys: pytest.CaptureFixture[str]) -> None:
    catalogue, store = context.get_catalogue(), context.get_store()
    doomed = add_digitised(catalogue, store, MY_DOSSIER, "TRẦN THỊ BÍCH NGỌC", {"id_number": "079300001111"})
    _error(
        api.client.delete(
            f"/v1/dossiers/{THEIR_DOSSIER}", params={"reason": "citizen request"}, headers=scoped["admin"]
        ),
        404,
    )
    _error(
        api.client.delete(f"/v1/dossiers/{MY_DOSSIER}", params={"reason": "citizen request"}, headers=scoped["reader"]),
        403,
    )
    assert api.client.delete(f"/v1/dossiers/{MY_DOSSIER}", headers=scoped["admin"]).status_code == 400
    gone = api.client.delete(
        f"/v1/dossiers/{MY_DOSSIER}", params={"reason": "citizen request 17"}, headers=scoped["admin"]
    )
    assert gone.status_code == 200, gone.text
    assert gone.json()["documents"] == 2 and gone.json()["objects"] == 8

    assert list(store.list_keys(f"{MY_DOSSIER}/")) == []
    _error(api.client.get(f"/v1/dossiers/{MY_DOSSIER}", headers=api.auth("admin")), 404)
    _error(api.client.get(f"/v1/documents/{doomed}", headers=api.auth("admin")), 404)
    admin = api.auth("admin")
    assert api.client.get("/v1/search", params={"q": "bich ngoc"}, headers=admin).json()["total"] == 0
    assert api.client.get("/v1/search", params={"field.id_number": "079300001111"}, headers=admin).json()["total"] == 0
    with catalogue.engine.connect() as conn:
        for table in ("documents", "pages", "fields"):
            column = "dossier_id" if table == "documents" else "document_id"
            value = MY_DOSSIER if table == "documents" else doomed
            assert conn.execute(text(f"SELECT count(*) FROM {table} WHERE {column} = :v"), {"v": value}).scalar() == 0
        assert (
            conn.execute(text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH '\"bich ngoc\"'")).scalar()
            == 0
        )
    entry = api.client.get("/v1/audit-log", params={"action": "dossier.delete"}, headers=admin).json()["entries"][0]
    assert entry["key_name"] == f"admin {MINE}" and entry["detail"]["reason"] == "citizen request 17"
    assert cli(["audit", "--quiet"]) == 0
    assert "audit: clean" in capsys.readouterr().out

    assert cli(["dossiers", "delete", THEIR_DOSSIER, "--reason", "retention ended"]) == 0
    assert list(store.list_keys(f"{THEIR_DOSSIER}/")) == []
    assert cli(["dossiers", "delete", THEIR_DOSSIER, "--reason", "again"]) == 2


# -- search on both backends -----------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def catalogue(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Catalogue]:
    """An empty catalogue on each backend in turn (PostgreSQL from the conftest fixture family)."""
    if request.param == "sqlite":
        cat = Catalogue(f"sqlite:///{tmp_path / 'sohoa.db'}")
    else:
        db: PostgresDatabase = request.getfixturevalue("pg_database")
        cat = Catalogue(db.url)
        _empty(cat)
    yield cat
    cat.engine.dispose()


CORPUS = [
    ("NGUYỄN VĂN ĐỨC sinh ngày 20/08/1995", {"id_number": "068195001234", "full_name": "NGUYỄN VĂN ĐỨC"}),
    ("Nguyễn Thị An, thôn Đông, xã Hòa An", {"id_number": "001300000001"}),
    ("TRẦN VĂN AN 100% vốn_điều lệ", {"full_name": "TRẦN VĂN AN"}),
    ("Lê Thị Bích Ngọc phường Bến Nghé", {}),
    ('Công ty "ĐỨC AN" địa chỉ Hà Nội', {"id_number": "068195001234"}),
]
QUERIES = [
    "nguyen van duc",
    "NGUYỄN",
    "an",
    "duc an",
    "van an",
    "100%",
    "von_dieu",
    '"duc',
    "ha noi",
    "xyz",
    "bich ngoc ben",
    "d",
    "thi",
]


def test_search_answers_are_those_of_a_plain_scan(catalogue: Catalogue) -> None:
    ids = [
        add_digitised(catalogue, None, f"{MINE if i % 2 else THEIRS}-251125-{i + 1:04d}", body, fields)
        for i, (body, fields) in enumerate(CORPUS)
    ]
    folded = [fold(f"{body} {' '.join(fields.values())}") for body, fields in CORPUS]
    queries = Queries(catalogue.database)
    for q in QUERIES:
        terms = fold(q).split()
        expected = {ids[i] for i, t in enumerate(folded) if all(term in t for term in terms)}
        page = queries.search(terms, limit=100)
        assert {h.document_id for h in page.hits} == expected, q
        assert page.total == len(expected) and not page.total_is_lower_bound
        mine = queries.search(terms, limit=100, scope=Scope((MINE,)))
        assert {h.document_id for h in mine.hits} == {ids[i] for i in range(len(ids)) if i % 2} & expected, q
    same = queries.search(["duc"], fields=[("id_number", "068195001234")], limit=100)
    assert {h.document_id for h in same.hits} == {ids[0], ids[4]}
    # a correction rewrites the search text, and the index follows it
    queries_after = catalogue.get_document(ids[3])
    from storage.query import Correction

    queries.apply_corrections(
        ids[3],
        [Correction("full_name", "PHẠM QUỲNH", True, "tester")],
        needs_review=False,
        search_text=fold("Phạm Quỳnh"),
    )
    assert [h.document_id for h in queries.search(["pham", "quynh"]).hits] == [queries_after.document_id]
    assert queries.search(["ngoc", "ben"]).hits == []


def test_total_is_a_lower_bound_past_the_bound_and_cursors_walk_every_match(catalogue: Catalogue) -> None:
    ids = [add_digitised(catalogue, None, f"{MINE}-251125-{i + 1:04d}", f"hồ sơ số {i}") for i in range(23)]
    queries = Queries(catalogue.database)
    bounded = queries.search(["ho", "so"], limit=5, count_bound=10)
    assert bounded.total == 10 and bounded.total_is_lower_bound
    exact = queries.search(["ho", "so"], limit=5, count_bound=23)
    assert exact.total == 23 and not exact.total_is_lower_bound

    seen, cursor = [], None
    while True:
        page = queries.search(["ho", "so"], limit=5, cursor=cursor)
        seen += [h.document_id for h in page.hits]
        if page.next is None:
            break
        from storage.query import Cursor

        cursor = Cursor.parse(page.next)
    assert seen == [h.document_id for h in queries.search(["ho", "so"], limit=100).hits]
    assert sorted(seen) == sorted(ids) and len(seen) == 23


@pytest.mark.parametrize("window", [4, 9, 40])
def test_counts_past_a_small_window_are_those_of_a_plain_scan(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    """The newest-first window settles dense terms; past it the index counts; both agree with a scan."""
    import storage.query as query

    monkeypatch.setattr(query, "COUNT_WINDOW", window)
    for i in range(30):  # "ho so" everywhere, "mot" in every third, "hai" in one
        body = f"hồ sơ {'một' if i % 3 == 0 else 'ba'} {'hai' if i == 7 else ''} loại {'A' if i % 2 else 'B'}"
        add_digitised(catalogue, None, f"{MINE if i % 2 else THEIRS}-251125-{i + 1:04d}", body)
    queries = Queries(catalogue.database)
    for terms, expected in ((["ho", "so"], 30), (["mot"], 10), (["hai"], 1), (["loai", "a"], 30), (["xyz"], 0)):
        page = queries.search(terms, limit=2, count_bound=12)
        assert (page.total, page.total_is_lower_bound) == (min(expected, 12), expected > 12), terms
        mine = queries.search(terms, limit=2, count_bound=100, scope=Scope((MINE,)))
        odd = {"ho so": 15, "mot": 5, "hai": 1, "loai a": 15, "xyz": 0}[" ".join(terms)]
        assert (mine.total, mine.total_is_lower_bound) == (odd, False), terms


@pytest.mark.parametrize(("window", "walk"), [(3, 3), (4, 12), (6, 40), (40, 40)])
def test_pages_from_the_newest_documents_are_those_of_a_plain_scan(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, window: int, walk: int
) -> None:
    """The page is served from a first window, a longer walk, or the ordered query; every offset and cursor
    page is the plain scan's newest-first order, whichever served it, and the counts agree."""
    import storage.query as query

    monkeypatch.setattr(query, "COUNT_WINDOW", window)
    monkeypatch.setattr(query, "WALK_MOST", walk)
    bodies = [  # "ho so" everywhere, "mot" in every fourth, "hai" in two of the oldest, "ba" only in the newest
        f"hồ sơ {'một' if i % 4 == 0 else 'bốn'} {'hai' if i in (2, 5) else ''} {'ba' if i >= 30 else ''}"
        for i in range(36)
    ]
    ids = [add_digitised(catalogue, None, f"{MINE}-251125-{i + 1:04d}", body) for i, body in enumerate(bodies)]
    newest_first = [ids[i] for i in reversed(range(len(ids)))]
    queries = Queries(catalogue.database)
    from storage.query import Cursor

    for terms in (["ho", "so"], ["mot"], ["hai"], ["ba"], ["mot", "hai"]):
        expected = [d for d in newest_first if all(t in fold(bodies[ids.index(d)]) for t in terms)]
        for size in (1, 3, 5):
            by_offset = [
                h.document_id
                for start in range(0, len(expected) + size, size)
                for h in queries.search(terms, limit=size, offset=start).hits
            ]
            assert by_offset == expected, (terms, size)
            seen, cursor = [], None
            while True:
                page = queries.search(terms, limit=size, cursor=cursor, count_bound=100)
                assert (page.total, page.total_is_lower_bound) == (len(expected), False), (terms, size)
                seen += [h.document_id for h in page.hits]
                if page.next is None:
                    break
                cursor = Cursor.parse(page.next)
            assert seen == expected, (terms, size)


def test_a_count_out_of_time_is_a_lower_bound_of_what_was_seen(
    pg_database: PostgresDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: an exact count past its time budget stops, and `total` says only what is known."""
    import storage.query as query

    catalogue = Catalogue(pg_database.url)
    _empty(catalogue)

    for i in range(8):
        add_digitised(catalogue, None, f"{MINE}-251125-{i + 1:04d}", f"hồ sơ {i}")
    monkeypatch.setattr(query, "COUNT_WINDOW", 3)
    monkeypatch.setattr(query, "COUNT_BUDGET_MS", 50)
    slow = query.Queries._bounded_count

    def sleepy(session, rows, conditions, bound):  # a count that takes longer than its budget
        session.execute(text("SELECT pg_sleep(0.5)"))
        return slow(session, rows, conditions, bound)

    monkeypatch.setattr(query.Queries, "_bounded_count", staticmethod(sleepy))
    page = Queries(catalogue.database).search(["ho", "so"], limit=2)
    assert len(page.hits) == 2
    assert page.total == 3 and page.total_is_lower_bound  # the window's three, not a guess
    # and the session is sound afterwards: the next question is answered in full
    monkeypatch.setattr(query.Queries, "_bounded_count", staticmethod(slow))
    again = Queries(catalogue.database).search(["ho", "so"], limit=2)
    assert (again.total, again.total_is_lower_bound) == (8, False)
    catalogue.engine.dispose()


def test_postgresql_search_rows_follow_their_documents(pg_database: PostgresDatabase) -> None:
    """PostgreSQL searches `document_search`, which a trigger keeps in step with `documents`: a digitised
    document has its row, a corrected text replaces it, a document sent back to the queue or erased has none."""
    from storage.query import Correction

    catalogue = Catalogue(pg_database.url)
    _empty(catalogue)
    queries = Queries(catalogue.database)

    def row() -> tuple | None:
        with catalogue.engine.connect() as conn:
            found = conn.execute(
                text("SELECT dossier_id, agency, doc_type, search_text FROM document_search WHERE id = :id"),
                {"id": document_id},
            ).first()
        return tuple(found) if found else None

    document_id = add_digitised(catalogue, None, MY_DOSSIER, "Trần Thị Bích Ngọc")
    other = add_digitised(catalogue, None, f"{THEIRS}-251125-0002", "Lê Văn Tám")
    assert row() == (MY_DOSSIER, MINE, "citizen_id_card", "tran thi bich ngoc")
    assert [h.document_id for h in queries.search(["bich"]).hits] == [document_id]

    queries.apply_corrections(
        document_id,
        [Correction("full_name", "TRẦN THỊ BÍCH NGỌC ANH", True, "reviewer")],
        needs_review=False,
        search_text="tran thi bich ngoc anh",
    )
    corrected = row()
    assert corrected is not None and corrected[3] == "tran thi bich ngoc anh"
    assert [h.document_id for h in queries.search(["anh"]).hits] == [document_id]

    catalogue.requeue(document_id)  # back in the queue: not digitised, not found
    assert row() is None and queries.search(["bich"]).total == 0

    with catalogue.engine.connect() as conn:
        assert conn.execute(text("SELECT id FROM document_search")).scalars().all() == [other]
    catalogue.delete_dossier(f"{THEIRS}-251125-0002")
    with catalogue.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM document_search")).scalar() == 0
    catalogue.engine.dispose()


def test_search_cursor_through_the_api(api: Api) -> None:
    for i in range(7):
        add_digitised(context.get_catalogue(), None, f"{MINE}-251125-{i + 1:04d}", f"giấy khai sinh {i}")
    admin = api.auth("admin")
    first = api.client.get("/v1/search", params={"q": "khai sinh", "limit": 4}, headers=admin).json()
    assert first["total"] == 7 and first["next"]
    second = api.client.get(
        "/v1/search", params={"q": "khai sinh", "limit": 4, "cursor": first["next"]}, headers=admin
    ).json()
    assert len(second["results"]) == 3 and second["next"] is None
    assert not {r["document_id"] for r in first["results"]} & {r["document_id"] for r in second["results"]}
    offset = api.client.get("/v1/search", params={"q": "khai sinh", "limit": 4, "offset": 4}, headers=admin).json()
    assert [r["document_id"] for r in offset["results"]] == [r["document_id"] for r in second["results"]]
    _error(api.client.get("/v1/search", params={"q": "x", "cursor": "not-a-cursor"}, headers=admin), 400)


def test_review_queue_pages_by_cursor_within_scope(catalogue: Catalogue) -> None:
    waiting = [add_digitised(catalogue, None, f"{MINE}-251125-{i + 1:04d}", "x", needs_review=True) for i in range(5)]
    add_digitised(catalogue, None, f"{THEIRS}-251125-0001", "x", needs_review=True)
    add_digitised(catalogue, None, f"{MINE}-251125-0099", "x", needs_review=False)
    queries = Queries(catalogue.database)
    items, following = queries.review_queue(limit=3, scope=Scope((MINE,)))
    from storage.query import Cursor

    rest, end = queries.review_queue(limit=3, cursor=Cursor.parse(following or ""), scope=Scope((MINE,)))
    assert end is None and sorted(i.document_id for i in items + rest) == sorted(waiting)


# -- the streaming audit ---------------------------------------------------------------------------


def test_audit_streams_in_key_order_and_takes_a_prefix(tmp_path: Path) -> None:
    catalogue = Catalogue(f"sqlite:///{tmp_path / 'sohoa.db'}")
    store = FolderStore(tmp_path / "objects")
    for i in range(30):
        add_digitised(catalogue, store, f"{MINE if i % 3 else THEIRS}-2511{i % 28 + 1:02d}-{i + 1:04d}", "x")
    broken = add_digitised(catalogue, store, f"{MINE}-251130-0999", "x")
    store.delete(DocumentKeys(f"{MINE}-251130-0999", broken).result)
    stray = f"{THEIRS}-251101-0042/{'f' * 32}/original.pdf"
    store.put_bytes(stray, b"%PDF")
    calls: list[tuple[int, int]] = []
    full = audit(catalogue, store, 3600, progress=lambda d, o: calls.append((d, o)), progress_every=10)
    assert full.documents == 31 and full.objects == 31 * 4 - 1 + 1
    assert [m.document_id for m in full.missing_objects] == [broken] and full.unclaimed_objects == [stray]
    assert calls[0] == (10, calls[0][1]) and calls[-1] == (31, full.objects)

    mine = audit(catalogue, store, 3600, prefix=MINE)
    assert mine.documents == 21 and [m.document_id for m in mine.missing_objects] == [broken]
    assert mine.unclaimed_objects == []
    theirs = audit(catalogue, store, 3600, prefix=THEIRS)
    assert theirs.documents == 10 and theirs.missing_objects == [] and theirs.unclaimed_objects == [stray]

    today = utcnow().date()
    none_today = audit(catalogue, store, 3600, first_day=(today + timedelta(days=1)).isoformat())
    assert none_today.documents == 0 and none_today.unclaimed_objects == [stray]  # others' objects are theirs
    assert json.loads(json.dumps(none_today.to_dict()))["ok"] is False


def test_a_scoped_admin_reads_only_its_agencies_audit_entries(api: Api, scoped: dict) -> None:
    theirs = api.client.get(f"/v1/dossiers/{THEIR_DOSSIER}", headers=api.auth("admin"))
    assert theirs.status_code == 200
    api.client.get(f"/v1/dossiers/{MY_DOSSIER}", headers=api.auth("admin"))
    api.client.get("/v1/search", params={"q": "x"}, headers=scoped["admin"])
    entries = api.client.get("/v1/audit-log", headers=scoped["admin"]).json()["entries"]
    assert {e["dossier_id"] for e in entries} == {MY_DOSSIER, None}
    assert all(e["dossier_id"] or e["key_name"] == f"admin {MINE}" for e in entries)
    province = api.client.get("/v1/audit-log", headers=api.auth("admin")).json()["entries"]
    assert THEIR_DOSSIER in {e["dossier_id"] for e in province}


def test_an_older_sqlite_file_gains_the_agency_column_and_the_search_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sohoa.db'}"
    catalogue = Catalogue(url)
    document_id = add_digitised(catalogue, None, MY_DOSSIER, "Họ và tên: ĐỖ THỊ HUYỀN")
    with catalogue.engine.begin() as conn:  # back to the schema before #18
        for statement in (
            "DROP TRIGGER documents_fts_insert",
            "DROP TRIGGER documents_fts_update",
            "DROP TRIGGER documents_fts_delete",
            "DROP TABLE documents_fts",
            "DROP INDEX ix_documents_agency_created",
            "DROP INDEX ix_documents_stats",
            "ALTER TABLE documents DROP COLUMN agency",
            "ALTER TABLE api_keys DROP COLUMN agencies",
        ):
            conn.execute(text(statement))
    catalogue.engine.dispose()
    reopened = Catalogue(url)
    queries = Queries(reopened.database)
    assert [h.document_id for h in queries.search(["do", "thi", "huyen"], scope=Scope((MINE,))).hits] == [document_id]
    assert queries.search(["huyen"], scope=Scope((THEIRS,))).hits == []
    assert Access(reopened.database).create_key("k", "reader", Scope((MINE,))).record.agencies == (MINE,)


def test_postgresql_plans_every_search_for_its_own_terms(pg_database: PostgresDatabase) -> None:
    """psycopg prepares a statement run five times, and PostgreSQL may then keep one generic plan for every
    LIKE pattern; a search must be planned for its terms (at 1M documents the generic plan took seconds)."""
    from sqlalchemy import event

    catalogue = Catalogue(pg_database.url)
    _empty(catalogue)
    add_digitised(catalogue, None, f"{MINE}-251125-0001", "hồ sơ một")
    modes: list[str] = []

    def after(conn, cursor, statement, parameters, context, executemany) -> None:
        searching = any(word in statement for word in ("LIKE", "strpos", "textlike"))
        if statement.lstrip().upper().startswith("SELECT") and searching:
            modes.append(conn.exec_driver_sql("SHOW plan_cache_mode").scalar())

    event.listen(catalogue.engine, "after_cursor_execute", after)
    try:
        for _ in range(8):
            assert Queries(catalogue.database).search(["ho", "so"]).total == 1
    finally:
        event.remove(catalogue.engine, "after_cursor_execute", after)
        catalogue.engine.dispose()
    assert modes and set(modes) == {"force_custom_plan"}


WORDY = [
    "số abc123 và x-ray",
    "vốn_điều lệ 100% <tag>hà</tag>",
    "thư nguyen.van@mail.com gửi ngày 20/08/2025",
    "NGUYỄN VĂN ĐỨC, phường Bến Nghé",
    "đường Lê Duẩn; Tổ 7",
]
WORDY_QUERIES = ["abc", "ray", "dieu", "von", "tag", "ha", "van", "mail", "nguyen van", "ben nghe", "duan", "to", "zzz"]
WORDY_QUERIES += ["0%", "n_d", "1_0", "c%m"]  # LIKE's wildcards are letters in a term: "1_0" is not "100"


def test_search_around_punctuation_is_that_of_a_plain_scan(catalogue: Catalogue) -> None:
    """Punctuation, digits, underscores, tags and e-mail addresses around a term change nothing, `%` and `_`
    in a term are themselves, and a corrected text's new words are found."""
    ids = [add_digitised(catalogue, None, f"{MINE}-251125-{i + 1:04d}", body) for i, body in enumerate(WORDY)]
    folded = [fold(body) for body in WORDY]
    queries = Queries(catalogue.database)
    for q in WORDY_QUERIES:
        terms = fold(q).split()
        expected = {ids[i] for i, t in enumerate(folded) if all(term in t for term in terms)}
        page = queries.search(terms, limit=100)
        assert {h.document_id for h in page.hits} == expected, q
        assert (page.total, page.total_is_lower_bound) == (len(expected), False), q
    from storage.query import Correction

    fix = [Correction("full_name", "PHẠM QUỲNH", True, "t")]
    queries.apply_corrections(ids[0], fix, needs_review=False, search_text=fold("Phạm Quỳnh"))
    assert [h.document_id for h in queries.search(["quynh"]).hits] == [ids[0]]


def _spread_over_months(catalogue: Catalogue, ids: list[str], first_year: int = 2025) -> None:
    """Document i received in month i % 8 of `first_year`, on day i // 8 + 1: the search rows follow."""
    with catalogue.engine.begin() as conn:
        for i, document_id in enumerate(ids):
            conn.execute(
                text("UPDATE documents SET created_at = make_timestamptz(:y, :m, :d, 12, 0, 0, 'UTC') WHERE id = :id"),
                {"y": first_year, "m": i % 8 + 1, "d": i // 8 + 1, "id": document_id},
            )


def test_postgresql_pages_read_month_by_month_are_those_of_a_plain_scan(
    pg_database: PostgresDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search the first window cannot serve reads the newest months' own indexes: every offset and cursor
    page is the plain scan's, the count is exact when the budget lasts and a lower bound of what was counted
    when it does not, and a catalogue older than the indexed months is served the old way, the same."""
    import storage.query as query

    catalogue = Catalogue(pg_database.url)
    _empty(catalogue)
    bodies = [f"hồ sơ {'một' if i % 3 == 0 else 'bốn'} {'hai' if i in (4, 30) else ''}" for i in range(40)]
    ids = [add_digitised(catalogue, None, f"{MINE}-251125-{i + 1:04d}", body) for i, body in enumerate(bodies)]
    _spread_over_months(catalogue, ids)
    order = sorted(range(40), key=lambda i: (i % 8, i // 8), reverse=True)  # newest first
    monkeypatch.setattr(query, "COUNT_WINDOW", 2)
    monkeypatch.setattr(query, "WALK_MOST", 2)
    monkeypatch.setattr(query, "COUNT_BUDGET_MS", 60_000)  # exact counts whatever the machine's load
    served: list[bool] = []
    monthly = query.Queries._monthly_page

    def spy(self, *args, **kwargs):
        found = monthly(self, *args, **kwargs)
        served.append(found is not None)
        return found

    monkeypatch.setattr(query.Queries, "_monthly_page", spy)
    queries = Queries(catalogue.database)
    from storage.query import Cursor

    def check(terms: list[str]) -> None:
        expected = [ids[i] for i in order if all(t in fold(bodies[i]) for t in terms)]
        for size in (1, 4):
            pages = [queries.search(terms, limit=size, offset=start) for start in range(0, len(expected) + size, size)]
            assert [h.document_id for p in pages for h in p.hits] == expected, (terms, size)
            counts = [(p.total, p.total_is_lower_bound) for p in pages if p.hits]
            assert set(counts) == {(len(expected), False)}, (terms, size, counts)
            seen, cursor = [], None
            while True:
                page = queries.search(terms, limit=size, cursor=cursor)
                seen += [h.document_id for h in page.hits]
                if page.next is None:
                    break
                cursor = Cursor.parse(page.next)
            assert seen == expected, (terms, size)

    for terms in (["mot"], ["bon"], ["mot", "hai"], ["hai"]):
        check(terms)
    assert any(served) and not all(served)  # months served pages; "hai", two in eight months, was too thin
    monkeypatch.setattr(query, "COUNT_BUDGET_MS", 0)  # no time to count the months not read
    page = queries.search(["mot"], limit=2)
    assert [h.document_id for h in page.hits] == [ids[i] for i in order if i % 3 == 0][:2]
    assert page.total_is_lower_bound and 2 <= page.total < 14
    monkeypatch.setattr(query, "COUNT_BUDGET_MS", 60_000)
    _spread_over_months(catalogue, ids[:1], first_year=2023)  # one document older than the indexed months
    served.clear()
    check(["mot"])
    assert served and not any(served)
