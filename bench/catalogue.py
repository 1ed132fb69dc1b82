"""Catalogue at province scale: load N digitised documents, then time search, stats and dossier pages over HTTP.

Loads `--documents` realistic digitised documents (citizens from `samples.people`: names, addresses,
ID numbers; the five form types and official documents; across `--agencies` agencies and `--days`
days) into the catalogue at `--database-url` (COPY on PostgreSQL, executemany in big transactions on
SQLite), then starts `sohoa serve` on a free loopback port over that catalogue and reports
p50/p95/p99 of each query kind through the HTTP API (httpx, one request at a time, bounded loops).
Not a test; run it by hand (see docs/benchmarks.md, "Catalogue at province scale"):

    createdb -h 127.0.0.1 -U postgres sohoa_bench_h18
    .venv/bin/python bench/catalogue.py --documents 100000 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/sohoa_bench_h18
    .venv/bin/python bench/catalogue.py --documents 100000 --database-url sqlite:////tmp/bench/sohoa.db
    .venv/bin/python bench/catalogue.py --skip-load --database-url …   # time an already loaded catalogue
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import httpx
from sqlalchemy import Table, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ocr.text import fold  # noqa: E402
from samples import people  # noqa: E402
from storage.catalogue import Catalogue  # noqa: E402
from storage.keys import DocumentKeys  # noqa: E402
from storage.models import DocumentRow, DocumentSearchRow, FieldRow, PageRow  # noqa: E402

LAST_DAY = date(2025, 11, 30)
DOC_COLUMNS = (
    "id",
    "dossier_id",
    "agency",
    "parent_id",
    "source",
    "sha256",
    "media_type",
    "ext",
    "size_bytes",
    "requested_doc_type",
    "doc_type",
    "doc_type_confidence",
    "status",
    "error",
    "error_code",
    "needs_review",
    "page_count",
    "confidence",
    "text",
    "search_text",
    "entities",
    "objects",
    "attempts",
    "received_on",
    "created_at",
    "updated_at",
    "started_at",
    "finished_at",
    "seconds",
)
PAGE_COLUMNS = ("document_id", "number", "text", "confidence", "rotation", "skew", "dpi", "key", "steps")
FIELD_COLUMNS = (
    "document_id",
    "name",
    "value",
    "confidence",
    "valid",
    "page",
    "ocr_value",
    "corrected_by",
    "corrected_at",
)
HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"


@dataclass
class Samples:
    """Values seen while loading, to ask for afterwards (rare names, ID numbers, dossiers, places)."""

    names: list[str] = field(default_factory=list)
    id_numbers: list[str] = field(default_factory=list)
    dossiers: list[str] = field(default_factory=list)
    wards: list[str] = field(default_factory=list)

    def keep(self, rng: random.Random, name: str, id_number: str, dossier: str, ward: str) -> None:
        if len(self.names) < 2000 or rng.random() < 0.002:
            for bucket, value in (
                (self.names, name),
                (self.id_numbers, id_number),
                (self.dossiers, dossier),
                (self.wards, ward),
            ):
                if len(bucket) < 5000:
                    bucket.append(value)


class _FoldTable(dict):
    """`str.translate` table giving `ocr.text.fold` per character, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = value = " " if char.isspace() else fold(char)
        return value


_FOLD = _FoldTable()


def fast_fold(text: str) -> str:
    """`ocr.text.fold(text)` at a fraction of its cost (checked against it in `main`)."""
    return " ".join(text.translate(_FOLD).split())


def _dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def document(
    rng: random.Random, pool: list[people.Person] | None = None
) -> tuple[str, str, dict[str, str], people.Person]:
    """(doc_type, text as OCR reads it, fields as extracted, the person) for one random document.

    With a `pool`, the citizen is one of it (a big province's citizens file several documents each).
    """
    person = rng.choice(pool) if pool else people.random_person(rng)
    name = person.full_name.upper()
    kind = rng.choices(
        [
            "citizen_id_card",
            "application_form",
            "birth_registration_form",
            "land_use_certificate",
            "business_registration",
            "official_document",
        ],
        weights=[30, 25, 15, 10, 10, 10],
    )[0]
    born = person.date_of_birth.isoformat()
    if kind == "citizen_id_card":
        text = (
            f"{HEADER}CĂN CƯỚC CÔNG DÂN / CITIZEN IDENTITY CARD\nSố / No.: {person.id_number}\n"
            f"Họ và tên / Full name: {name}\nNgày sinh / Date of birth: {_dmy(person.date_of_birth)}\n"
            f"Giới tính / Sex: {person.sex} Quốc tịch / Nationality: Việt Nam\n"
            f"Quê quán / Place of origin: {person.origin.text()}\n"
            f"Nơi thường trú / Place of residence: {person.residence}"
        )
        fields = {
            "id_number": person.id_number,
            "full_name": name,
            "date_of_birth": born,
            "sex": person.sex,
            "nationality": "Việt Nam",
            "place_of_origin": person.origin.text(),
            "place_of_residence": person.residence,
        }
    elif kind == "application_form":
        text = (
            f"{HEADER}ĐƠN ĐỀ NGHỊ CẤP BẢN SAO TRÍCH LỤC\nKính gửi: Ủy ban nhân dân {person.origin.ward}\n"
            f"Họ và tên: {name}\nNgày sinh: {_dmy(person.date_of_birth)} Giới tính: {person.sex}\n"
            f"Số định danh cá nhân: {person.id_number}\nNơi cư trú: {person.residence}\n"
            f"Số điện thoại: {person.phone} Email: {person.email}\n"
            "Tôi xin cam đoan những nội dung khai trên đây là đúng sự thật."
        )
        fields = {
            "applicant_name": name,
            "date_of_birth": born,
            "sex": person.sex,
            "id_number": person.id_number,
            "place_of_residence": person.residence,
            "phone": person.phone,
            "email": person.email,
        }
    elif kind == "birth_registration_form":
        child = people.random_person(
            rng, born_between=(date(2024, 1, 1), date(2025, 11, 1)), surname=person.full_name.split()[0]
        )
        text = (
            f"{HEADER}TỜ KHAI ĐĂNG KÝ KHAI SINH\nHọ, chữ đệm, tên người yêu cầu: {name}\n"
            f"Giấy tờ tùy thân: CCCD số {person.id_number}\nĐề nghị đăng ký khai sinh cho người dưới đây:\n"
            f"Họ, chữ đệm, tên: {child.full_name.upper()}\nNgày, tháng, năm sinh: "
            f"{_dmy(child.date_of_birth)}\nGiới tính: {child.sex} Dân tộc: {child.ethnicity}\n"
            f"Nơi sinh: Bệnh viện Đa khoa {child.origin.province_short}"
        )
        fields = {
            "requester_name": name,
            "requester_id_number": person.id_number,
            "child_name": child.full_name.upper(),
            "child_date_of_birth": child.date_of_birth.isoformat(),
            "child_sex": child.sex,
            "child_ethnicity": child.ethnicity,
            "place_of_birth": f"Bệnh viện Đa khoa {child.origin.province_short}",
        }
    elif kind == "land_use_certificate":
        area = f"{rng.randint(40, 900)}.{rng.randint(0, 9)}"
        parcel, sheet = str(rng.randint(1, 999)), str(rng.randint(1, 80))
        serial = f"C{rng.choice('DEKL')} {rng.randint(100000, 999999)}"
        text = (
            f"{HEADER}GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT\n"
            f"1. Người sử dụng đất: Ông/Bà {name}, CCCD số {person.id_number}\n"
            f"Thửa đất số: {parcel} Tờ bản đồ số: {sheet}\nĐịa chỉ: {person.residence}\n"
            f"Diện tích: {area.replace('.', ',')} m² Số vào sổ: {serial}"
        )
        fields = {
            "owner_name": name,
            "owner_id_number": person.id_number,
            "parcel_number": parcel,
            "map_sheet_number": sheet,
            "area_m2": area,
            "land_address": person.residence,
            "certificate_serial": serial,
        }
    elif kind == "business_registration":
        company = (
            f"CÔNG TY TNHH {rng.choice(['THƯƠNG MẠI', 'XÂY DỰNG', 'DỊCH VỤ', 'NÔNG SẢN'])} "
            f"{people.ascii_fold(person.full_name.split()[-1]).upper()} {rng.randint(1, 99)}"
        )
        code = people.enterprise_code(rng)
        capital = str(rng.randint(1, 500) * 100_000_000)
        text = (
            f"{HEADER}GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP\nMã số doanh nghiệp: {code}\n"
            f"Tên công ty viết bằng tiếng Việt: {company}\nĐịa chỉ trụ sở chính: {person.residence}\n"
            f"Vốn điều lệ: {people.dotted_thousands(int(capital))} đồng\n"
            f"Người đại diện theo pháp luật: {name} CCCD số {person.id_number}"
        )
        fields = {
            "enterprise_code": code,
            "company_name": company,
            "head_office_address": person.residence,
            "charter_capital": capital,
            "legal_representative": name,
            "representative_id_number": person.id_number,
        }
    else:
        number = f"{rng.randint(1, 4000)}/QĐ-UBND"
        issued = LAST_DAY - timedelta(days=rng.randint(0, 700))
        text = (
            f"ỦY BAN NHÂN DÂN\n{person.origin.province.upper()}\n{HEADER}Số: {number}\n"
            f"{person.origin.province_short}, {people.long_date(issued)}\nQUYẾT ĐỊNH\n"
            f"Về việc cấp giấy phép xây dựng cho hộ ông/bà {person.full_name}\n"
            f"Địa chỉ: {person.residence}\nNơi nhận: như Điều 3; Lưu: VT.\nCHỦ TỊCH\n{person.full_name}"
        )
        fields = {
            "issuing_authority": f"Ủy ban nhân dân {person.origin.province}",
            "document_number": number,
            "issue_date": issued.isoformat(),
            "document_kind": "Quyết định",
            "signer_name": person.full_name,
        }
    return kind, text, fields, person


def rows(
    n: int, seed: int, days: int, agencies: int, samples: Samples
) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...] | None, list[tuple[Any, ...]]]]:
    """(document row, page row, field rows) for `n` documents, dossiers of 1 to 5 documents."""
    rng = random.Random(seed)
    codes = [f"000.{rng.choice(['00', '20', '30'])}.{i % 90 + 10:02d}.H{36 + i // 90:02d}" for i in range(agencies)]
    made = 0
    serial: dict[tuple[str, date], int] = {}
    # Above 200,000 documents, citizens come from a pool of 100,000 (drawing each anew costs most of the load).
    pool_rng = random.Random(seed + 7)
    pool = [people.random_person(pool_rng) for _ in range(100_000)] if n > 200_000 else None
    while made < n:
        day = LAST_DAY - timedelta(days=rng.randrange(days))
        agency = rng.choice(codes)
        serial[(agency, day)] = serial.get((agency, day), 0) + 1
        dossier = f"{agency}-{day:%y%m%d}-{serial[(agency, day)]:04d}"
        base = datetime(day.year, day.month, day.day, 7, tzinfo=UTC) + timedelta(seconds=rng.randrange(36000))
        for number in range(min(rng.randint(1, 5), n - made)):
            kind, text, fields, person = document(rng, pool)
            document_id = hashlib.md5(f"{seed}-{made}".encode()).hexdigest()
            keys = DocumentKeys(dossier, document_id)
            status = rng.choices(["digitised", "failed", "queued", "processing"], weights=[96, 2, 1, 1])[0]
            done = status == "digitised"
            created = base + timedelta(seconds=number)
            objects: dict[str, object] = {"original": keys.original("jpg")}
            if done:
                objects |= {"pages": [keys.page(1)], "searchable_pdf": keys.searchable_pdf, "result": keys.result}
            samples.keep(rng, person.full_name, person.id_number, dossier, person.origin.ward)
            yield (
                (
                    document_id,
                    dossier,
                    agency,
                    None,
                    f"scan-{made:07d}.jpg",
                    hashlib.sha256(document_id.encode()).hexdigest(),
                    "image/jpeg",
                    "jpg",
                    250_000,
                    None,
                    kind if done else None,
                    0.9 if done else None,
                    status,
                    "unreadable" if status == "failed" else None,
                    "unreadable" if status == "failed" else None,
                    done and rng.random() < 0.08,
                    1,
                    88.5 if done else None,
                    text if done else "",
                    fast_fold(f"{text} {' '.join(fields.values())}") if done else "",
                    None,
                    json.dumps(objects),
                    1,
                    day.isoformat(),
                    created,
                    created + timedelta(seconds=40),
                    created,
                    created + timedelta(seconds=40),
                    38.0 if done else None,
                ),
                (document_id, 1, text, 88.5, 0, 0.3, 300, keys.page(1), json.dumps(["deskew"])) if done else None,
                [(document_id, k, v, 0.93, True, 1, None, None, None) for k, v in fields.items()] if done else [],
            )
            made += 1


def load_postgres(url: str, n: int, args: argparse.Namespace, samples: Samples) -> None:
    """COPY the rows in, with the documents' secondary indexes dropped during the load and built after."""
    import psycopg

    catalogue = Catalogue(url)
    models = (DocumentRow, DocumentSearchRow, FieldRow, PageRow)
    indexes = [index for model in models for index in cast(Table, model.__table__).indexes]
    for index in indexes:
        index.drop(catalogue.engine, checkfirst=True)
    catalogue.engine.dispose()
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    # Three COPY streams at once, one connection each; foreign keys are checked by nothing during the load
    # (session_replication_role = replica), so documents may come before the dossiers written at the end.
    conns = [psycopg.connect(plain) for _ in range(3)]
    try:
        for conn in conns:
            conn.execute("SET session_replication_role = replica")
        dossiers: set[str] = set()
        with contextlib.ExitStack() as stack:
            docs, pages, fields = (
                stack.enter_context(conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN"))
                for conn, table, columns in zip(
                    conns, ("documents", "pages", "fields"), (DOC_COLUMNS, PAGE_COLUMNS, FIELD_COLUMNS), strict=True
                )
            )
            for count, (doc, page, field_rows) in enumerate(rows(n, args.seed, args.days, args.agencies, samples), 1):
                dossiers.add(doc[1])
                docs.write_row(doc)
                if page:
                    pages.write_row(page)
                for row in field_rows:
                    fields.write_row(row)
                if count % 100_000 == 0:
                    print(f"  copied {count} documents", file=sys.stderr, flush=True)
        created = datetime(2025, 12, 1, tzinfo=UTC)
        with conns[0].cursor().copy("COPY dossiers (id, created_at) FROM STDIN") as copy:
            for dossier in dossiers:
                copy.write_row((dossier, created))
        for conn in conns:
            conn.commit()
    finally:
        for conn in conns:
            conn.close()
    catalogue = Catalogue(url)
    # A live catalogue's rows lie in the order they were written, which is that of created_at (the
    # catalogue sets it on insert); this load wrote them in a random order of days. Put them in that
    # order before the other indexes are built, as a year of uploads would have left them.
    by_time = next(index for index in indexes if index.name == "ix_documents_created")
    started = time.monotonic()
    by_time.create(catalogue.engine, checkfirst=True)
    with catalogue.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as autocommit:
        autocommit.execute(text(f"CLUSTER documents USING {by_time.name}"))
    print(f"  documents in created_at order: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    # the COPY ran with triggers off (replica mode): fill the search table as the trigger would have
    started = time.monotonic()
    with catalogue.engine.begin() as filling:
        columns = ", ".join(c.name for c in cast(Table, DocumentSearchRow.__table__).columns)
        filling.execute(
            text(
                f"INSERT INTO document_search ({columns}) SELECT {columns} FROM documents"
                " WHERE status = 'digitised' ORDER BY created_at, id"
            )
        )
    print(f"  search rows: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    for index in indexes:
        started = time.monotonic()
        index.create(catalogue.engine, checkfirst=True)
        print(f"  index {index.name}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    with catalogue.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as autocommit:
        autocommit.execute(text("VACUUM ANALYZE"))
    catalogue.engine.dispose()


def load_sqlite(url: str, n: int, args: argparse.Namespace, samples: Samples) -> None:
    """executemany in transactions of 20,000 documents; the FTS5 table fills through its triggers."""
    Catalogue(url).engine.dispose()
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    doc_sql = f"INSERT INTO documents ({', '.join(DOC_COLUMNS)}) VALUES ({', '.join('?' * len(DOC_COLUMNS))})"
    page_sql = f"INSERT INTO pages ({', '.join(PAGE_COLUMNS)}) VALUES ({', '.join('?' * len(PAGE_COLUMNS))})"
    field_sql = f"INSERT INTO fields ({', '.join(FIELD_COLUMNS)}) VALUES ({', '.join('?' * len(FIELD_COLUMNS))})"
    created = "2025-12-01 00:00:00.000000"

    def sqlite_row(row: tuple) -> tuple:
        return tuple(v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v for v in row)

    docs: list[tuple] = []
    pages: list[tuple] = []
    fields: list[tuple] = []
    dossiers: set[str] = set()

    def flush() -> None:
        with conn:
            conn.executemany(
                "INSERT OR IGNORE INTO dossiers (id, created_at) VALUES (?, ?)", [(d, created) for d in dossiers]
            )
            conn.executemany(doc_sql, docs)
            conn.executemany(page_sql, pages)
            conn.executemany(field_sql, fields)
        for bucket in (docs, pages, fields):
            bucket.clear()
        dossiers.clear()

    for count, (doc, page, field_rows) in enumerate(rows(n, args.seed, args.days, args.agencies, samples), 1):
        docs.append(sqlite_row(doc))
        dossiers.add(doc[1])
        if page:
            pages.append(page)
        fields += field_rows
        if count % 20_000 == 0:
            flush()
            print(f"  loaded {count} documents", file=sys.stderr, flush=True)
    flush()
    conn.execute("ANALYZE")
    conn.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentiles(times: list[float]) -> dict[str, float]:
    """p50/p95/p99 (ms) of a list of seconds."""
    ordered = sorted(times)
    cut = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {
        "n": len(ordered),
        "p50_ms": round(cut[49] * 1000, 1),
        "p95_ms": round(cut[94] * 1000, 1),
        "p99_ms": round(cut[98] * 1000, 1),
    }


def query_plan(samples: Samples, rng: random.Random, per_kind: int) -> dict[str, list[dict[str, str]]]:
    """The requests of each kind: common and rare names, with and without diacritics, field filters, places."""
    common = ["nguyen van", "Nguyễn Thị", "tran thi", "Lê Văn", "pham minh", "Hoàng Ngọc"]
    rare = rng.sample(samples.names, min(per_kind, len(samples.names)))
    return {
        "common name, no diacritics": [{"q": people.ascii_fold(c)} for c in common],
        "common name, diacritics": [{"q": c} for c in common],
        "rare name, no diacritics": [{"q": people.ascii_fold(name)} for name in rare],
        "rare name, diacritics": [{"q": name} for name in rare],
        "field id_number": [
            {"field.id_number": i} for i in rng.sample(samples.id_numbers, min(per_kind, len(samples.id_numbers)))
        ],
        "field + type + word": [
            {"field.id_number": i, "doc_type": "citizen_id_card", "q": "viet nam"}
            for i in samples.id_numbers[:per_kind]
        ],
        "place words": [{"q": ward} for ward in rng.sample(samples.wards, min(per_kind, len(samples.wards)))],
        "unknown word": [{"q": f"zzq{i}x"} for i in range(per_kind)],
    }


def measure(url: str, samples: Samples, args: argparse.Namespace) -> dict:
    """Start `sohoa serve` over the catalogue and time every kind of request."""
    from storage.access import Access

    catalogue = Catalogue(url)
    token = Access(catalogue.database).create_key("bench catalogue", "admin").token
    catalogue.engine.dispose()
    port = _free_port()
    folder = tempfile.mkdtemp(prefix="sohoa-bench-catalogue-")
    env = {
        **os.environ,
        "SOHOA_DATA_DIR": folder,
        "SOHOA_DATABASE_URL": url,
        "SOHOA_WORKER_THREADS": "1",
        "SOHOA_BROKER_URL": "",
        "OMP_THREAD_LIMIT": "1",
    }
    env.pop("SOHOA_BROKER_URL")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "api.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    results: dict[str, dict] = {}
    try:
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if client.get("/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("sohoa serve did not start")
            time.sleep(0.3)
        rng = random.Random(args.seed + 1)
        plan = query_plan(samples, rng, args.queries)
        totals: dict[str, list[int]] = {}
        for kind, requests in plan.items():
            times = []
            timed = []  # (seconds, params, total) of each request, for --slowest
            for round_ in range(args.rounds if len(requests) < 20 else 1):
                for params in requests:
                    started = time.perf_counter()
                    response = client.get("/v1/search", params=params)
                    times.append(time.perf_counter() - started)
                    response.raise_for_status()
                    found = response.json()
                    total = f"{found['total']}{'+' if found['total_is_lower_bound'] else ''}"
                    timed.append((times[-1], params, total, len(times)))
                    if round_ == 0:
                        totals.setdefault(kind, []).append(found["total"])
            results[f"search: {kind}"] = percentiles(times) | {"median_total": int(statistics.median(totals[kind]))}
            for seconds, params, total, number in sorted(timed, key=lambda t: t[0], reverse=True)[: args.slowest]:
                print(f"  slowest {kind}: #{number} {seconds * 1000:6.1f} ms  {params}  total {total}", file=sys.stderr)
        times = []
        for _ in range(args.queries):
            first = LAST_DAY - timedelta(days=rng.randrange(max(1, args.days - 30)) + 29)
            started = time.perf_counter()
            client.get(
                "/v1/stats", params={"from": first.isoformat(), "to": (first + timedelta(days=29)).isoformat()}
            ).raise_for_status()
            times.append(time.perf_counter() - started)
        results["stats: 30 days"] = percentiles(times)
        times = []
        for dossier in rng.sample(samples.dossiers, min(args.queries, len(samples.dossiers))):
            started = time.perf_counter()
            client.get(f"/v1/dossiers/{dossier}").raise_for_status()
            times.append(time.perf_counter() - started)
        results["dossier page"] = percentiles(times)
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(folder, ignore_errors=True)
    return results


def main() -> int:
    """Load (unless --skip-load), measure, print a table and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--days", type=int, default=365, help="documents received over this many days")
    parser.add_argument("--agencies", type=int, default=120)
    parser.add_argument("--queries", type=int, default=100, help="requests per kind")
    parser.add_argument("--rounds", type=int, default=10, help="repeats of kinds with few distinct requests")
    parser.add_argument("--slowest", type=int, default=0, help="print the slowest requests of each search kind")
    parser.add_argument("--skip-load", action="store_true", help="the catalogue is loaded already (same seed)")
    args = parser.parse_args()
    samples = Samples()
    check = random.Random(0)
    for _ in range(200):  # the bench's folding must be the service's
        body = document(check)[1]
        assert fast_fold(body) == fold(body), body
    started = time.monotonic()
    if args.skip_load:
        # the same seed draws the same first documents (from the same pool of citizens above 200,000):
        # their names, IDs and dossiers are there
        for _ in itertools.islice(rows(args.documents, args.seed, args.days, args.agencies, samples), 50_000):
            pass
    elif args.database_url.startswith("sqlite"):
        load_sqlite(args.database_url, args.documents, args, samples)
    else:
        load_postgres(args.database_url, args.documents, args, samples)
    load_s = time.monotonic() - started
    results = measure(args.database_url, samples, args)
    backend = "sqlite" if args.database_url.startswith("sqlite") else "postgresql"
    print(
        f"\n{args.documents} documents on {backend}; load {load_s:.0f} s"
        f"{' (skipped)' if args.skip_load else f' ({args.documents / max(load_s, 1e-9):.0f} documents/s)'}"
    )
    print(f"{'request':36} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  median total")
    for kind, r in results.items():
        print(f"{kind:36} {r['n']:>5} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8}  {r.get('median_total', '')}")
    print(
        json.dumps(
            {"documents": args.documents, "backend": backend, "load_s": round(load_s, 1), "results": results},
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
