"""Read-mostly questions of the catalogue for the API: search, daily counts, review queue, corrections.

Search is `LIKE '%term%'` on the already folded `search_text` (callers fold the query the same way),
served by an index: on PostgreSQL a trigram GIN (`pg_trgm` understands LIKE) on `document_search`, the
digitised documents' search columns in narrow rows kept in step by a trigger; on SQLite the FTS5
trigram table `documents_fts` beside `documents` (a MATCH narrows the rows, the LIKE keeps the answers exactly
those of a plain scan). Field filters are exact matches on the `fields` (name, value) index. `total`
is exact up to `COUNT_BOUND` and then a lower bound. Long lists page by keyset (`Cursor`), newest
first on (created_at, id). On PostgreSQL a text search's page is first looked for among the newest
documents (a window, then a longer walk when the window's matches promise the page), then from every
match through the trigram index, counted in the same statement, and last by the planner's own plan.
Every query takes a `Scope`, applied by `Scope.where`.
Takes and gives plain values and records; must not import `ocr`, `ingest` or `api`.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import and_, column, func, literal_column, or_, select, table, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql.util import ClauseAdapter

from core.errors import InvalidRequest, NotFound

from .models import DocumentRow, DocumentSearchRow, FieldRow, search_months, utcnow
from .records import Status
from .scope import PROVINCE, Scope

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .database import Database

T = TypeVar("T")
UNCLASSIFIED = "unclassified"
COUNT_BOUND = 1000  # search counts exactly up to here, then says "at least this many"
FTS_MIN_CHARS = 3  # a trigram index can only narrow terms of three characters or more
DENSE_WINDOW = 1000  # SQLite: newest documents a page is first looked for in, before the FTS table
COUNT_WINDOW = 5_000  # PostgreSQL: newest documents a count looks through first (one in five passes the bound)
WALK_MOST = 50_000  # PostgreSQL: newest documents a search walks for its page when the first window promises it
GATHER_BUDGET_MS = 300  # PostgreSQL: a thinner search's matches gathered through the trigram bitmap, within this
WALK_STRPOS_CHARS = 5  # PostgreSQL: a walk tests terms this long with strpos, shorter ones with LIKE
MONTHLY_DENSEST = 100  # PostgreSQL: a search with more matches in the first window does not read month by month
MONTHS_MOST = 12  # PostgreSQL: matches so far putting the page further back than this many months: the whole index
COUNT_BUDGET_MS = 25  # PostgreSQL: the exact count past the window may take this long, else `total` is a lower bound
CUSTOM_PLANS = True  # PostgreSQL: plan each search for its own terms (bench/search_plans.py measures why)
SEARCH_WORK_MEM = "32MB"  # PostgreSQL: room for an exact bitmap of a search's candidates (4 MB went lossy at 1M)
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by its timeout


@dataclass(frozen=True)
class SearchHit:
    """A document matching a search, with the text a snippet is cut from."""

    document_id: str
    dossier_id: str
    doc_type: str | None
    text: str


@dataclass(frozen=True)
class DayCount:
    """Documents received on one day of one type, by where they are now."""

    day: str
    doc_type: str
    received: int
    queued: int
    processing: int
    digitised: int
    failed: int
    needs_review: int


@dataclass(frozen=True)
class Correction:
    """A reviewer's value for one field, already normalised and checked by the caller."""

    name: str
    value: str
    valid: bool
    corrected_by: str


@dataclass(frozen=True)
class Cursor:
    """Where a newest-first list stopped: the (created_at, id) of its last row, as an opaque token."""

    created_at: datetime
    document_id: str

    def token(self) -> str:
        """The `next` value a client sends back as `cursor`."""
        raw = json.dumps([self.created_at.isoformat(), self.document_id], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def parse(cls, token: str) -> Cursor:
        """The cursor a `next` token names; `InvalidRequest` for anything else."""
        try:
            moment, document_id = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            return cls(datetime.fromisoformat(moment), str(document_id)[:32])
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise InvalidRequest("'cursor' is not a token this service gave as 'next'") from None

    def after(self, created_at: Any = DocumentRow.created_at, document_id: Any = DocumentRow.id) -> Any:
        """Rows after this one in newest-first order (of `documents`, or of a subquery's two columns)."""
        return or_(created_at < self.created_at, and_(created_at == self.created_at, document_id > self.document_id))


@dataclass(frozen=True)
class SearchPage:
    """One page of search hits, how many match (exactly, or at least that many), and where to go on."""

    hits: list[SearchHit]
    total: int
    total_is_lower_bound: bool
    next: str | None


@dataclass(frozen=True)
class _Window:
    """PostgreSQL: a search's matches among the newest documents, and whether those were the whole catalogue."""

    rows: list[Any]
    whole: bool


@dataclass(frozen=True)
class QueueItem:
    """A digitised document waiting for a reviewer."""

    document_id: str
    dossier_id: str
    doc_type: str | None
    received_on: str
    created_at: datetime


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _walk_test(column: Any, term: str) -> Any:
    """PostgreSQL: `term` in `column`, for a row walked past with no index. strpos skips ahead through the
    text (Boyer-Moore-Horspool), which pays for a term of five letters or more; for a shorter one its setup
    costs more than LIKE's scan. Over 50,000 rows, 12 full names took 646 ms tested by length, 690 ms with
    strpos alone and 768 ms with LIKE alone (`bench/walk_tests.py`). LIKE as the function `textlike`, so the
    planner cannot take the walk for a trigram index scan."""
    if len(term) >= WALK_STRPOS_CHARS:
        return func.strpos(column, term) > 0
    return func.textlike(column, f"%{_like_escape(term)}%")


@contextmanager
def _bitmap_scans_only(session: Session) -> Iterator[None]:
    """PostgreSQL: within the block, no index or sequential scan (the planner, misjudging how rare a search's
    terms are, may walk the time index instead of the trigram bitmap). Not set back after an error: a
    statement stopped by its timeout rolls back its savepoint, these settings with it."""
    session.execute(
        text("SELECT set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true)")
    )
    yield
    session.execute(text("SELECT set_config('enable_indexscan', 'on', true), set_config('enable_seqscan', 'on', true)"))


def _is_after(row: Any, cursor: Cursor) -> bool:
    """Whether an (id, …, created_at) row comes after `cursor` in newest-first order (`Cursor.after` in Python)."""
    created_at = row[-1]
    return bool(created_at < cursor.created_at or (created_at == cursor.created_at and row[0] > cursor.document_id))


def _fts_phrase(term: str) -> str:
    """An FTS5 phrase for a term (double quotes doubled), which a trigram table matches as a substring."""
    return '"' + term.replace('"', '""') + '"'


class Queries:
    """Search, statistics and corrections over the catalogue's tables."""

    def __init__(self, database: Database) -> None:
        self._session = database.session  # the database's one seam for its errors
        self._dialect = database.dialect

    def search(
        self,
        terms: Sequence[str],
        *,
        doc_type: str | None = None,
        fields: Sequence[tuple[str, str]] = (),
        limit: int = 20,
        offset: int = 0,
        cursor: Cursor | None = None,
        scope: Scope = PROVINCE,
        count_bound: int = COUNT_BOUND,
    ) -> SearchPage:
        """Digitised documents in `scope` whose folded text holds every term and whose fields match; newest first."""
        postgres = self._dialect == "postgresql"
        # PostgreSQL reads the narrow copy of the digitised documents; SQLite, the documents (and its FTS table)
        rows = DocumentSearchRow if postgres else DocumentRow
        conditions = [scope.where(rows.agency)]
        if not postgres:  # document_search holds the digitised documents only
            conditions.append(DocumentRow.status == Status.DIGITISED.value)
        # each term once, the longest (often the rarest) first: a row walked past fails on its first test
        unique = sorted(dict.fromkeys(terms), key=len, reverse=True)
        # the window walks rows in time order, where no index helps; each term is tested the faster way for its
        # length, with the same answer for a literal (bench/walk_tests.py)
        walked = [*conditions, *(_walk_test(rows.search_text, term) for term in unique)]
        conditions += [rows.search_text.like(f"%{_like_escape(term)}%", escape="\\") for term in unique]
        if doc_type:
            conditions.append(rows.doc_type == doc_type)
            walked.append(rows.doc_type == doc_type)
        for name, value in fields:  # IN, not EXISTS: the (name, value) index finds the few documents first
            conditions.append(
                rows.id.in_(select(FieldRow.document_id).where(FieldRow.name == name, FieldRow.value == value))
            )
        plain = list(conditions)  # every condition, without the FTS table's narrowing
        long_terms = [t for t in terms if len(t) >= FTS_MIN_CHARS]
        match = None
        if long_terms and not postgres and not fields:  # an exact field value narrows better
            match = " AND ".join(_fts_phrase(t) for t in long_terms)
            conditions.append(
                literal_column("documents.rowid").in_(
                    select(literal_column("rowid"))
                    .select_from(text("documents_fts"))
                    .where(text("documents_fts MATCH :fts_match").bindparams(fts_match=match))
                )
            )
        skip = 0 if cursor is not None else offset
        with self._session() as session:
            if postgres and CUSTOM_PLANS:
                # plan each search for its own terms: psycopg prepares a statement run five times, and the
                # generic plan PostgreSQL then keeps cannot tell a word in every document from a rare one
                # (a ward's name went from 70 ms to 1-8 s at 1M documents after a dozen searches)
                session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
            page = select(rows.id, rows.dossier_id, rows.doc_type, rows.created_at).select_from(rows).where(*conditions)
            if cursor is not None:
                page = page.where(cursor.after(rows.created_at, rows.id))
            window: _Window | None = None
            if postgres and not fields:
                session.execute(text(f"SET LOCAL work_mem = '{SEARCH_WORK_MEM}'"))
                window = self._window_matches(session, walked, count_bound + 1)
                found = self._from_window(
                    session, plain, walked, window, cursor, limit, skip, count_bound, monthly=bool(long_terms)
                )
                if found is None:
                    found = self._budgeted(
                        session,
                        lambda: self._counted_page(session, plain, cursor, limit, skip, count_bound),
                        GATHER_BUDGET_MS,
                    )
                if found is not None:
                    return self._page(*found, limit, count_bound)
            hits = self._dense_page(session, plain, cursor, limit, skip) if match is not None else None
            if hits is None:
                hits = self._with_text(
                    session,
                    session.execute(page.order_by(rows.created_at.desc(), rows.id).limit(limit).offset(skip)).all(),
                )
            if cursor is None and (0 < len(hits) < limit or (not hits and not offset)):
                total, lower = offset + len(hits), False  # the last page of an offset list: the count is what we have
            elif fields:  # the (name, value) index finds the few documents with that value at once
                total = self._bounded_count(session, rows, conditions, count_bound)
                lower = total > count_bound
            else:
                total, lower = self._count(
                    session, rows, conditions, plain, match, count_bound, known=offset + len(hits), window=window
                )
        return self._page(hits, total, lower, limit, count_bound)

    @staticmethod
    def _page(rows: Sequence[Any], total: int, lower: bool, limit: int, bound: int) -> SearchPage:
        """The page of (id, dossier, type, text, created_at) rows, with its count and the cursor past it."""
        hits = [SearchHit(r[0], r[1], r[2], r[3] or "") for r in rows]
        following = Cursor(rows[-1][4], rows[-1][0]).token() if len(rows) == limit else None
        return SearchPage(hits, min(total, bound), lower, following)

    def _from_window(
        self,
        session: Session,
        conditions: list[Any],
        walked: list[Any],
        window: _Window,
        cursor: Cursor | None,
        limit: int,
        skip: int,
        bound: int,
        monthly: bool = False,
    ) -> tuple[list[Any], int, bool] | None:
        """PostgreSQL: the page and its count from the matches among the newest documents, when they hold it.

        A term in one document of a few hundred fills a page from the newest `COUNT_WINDOW` documents, walked
        newest first, where the planner, told that a trigram bitmap is small, would gather and recheck a
        hundred thousand candidates (a ward's name: 0.8 s at 1M documents). When the window's matches are
        fewer than the page, the newest months' own indexes serve it (`_monthly_page`, when `monthly`: a
        term long enough for a trigram). Else, when the window's density puts the page within `WALK_MOST`
        documents, the walk goes on from the cursor and stops at the page's last match; one match in the
        window promises a page beyond reach, and walking there anyway cost a rare name 70 ms before the
        bitmap served it. None when none of these holds the page: `_counted_page`, then the ordered query,
        serve it.
        """
        want = skip + limit
        later = [r for r in window.rows if cursor is None or _is_after(r, cursor)]
        settled = len(window.rows) > bound or window.whole  # the count needs no index either way
        if len(later) >= want or (window.whole and len(window.rows) <= bound):
            page = later[skip:want]
            if settled:
                total, lower = len(window.rows), len(window.rows) > bound
            else:
                total, lower = self._budgeted_count(
                    session, DocumentSearchRow, conditions, bound, len(window.rows), skip + len(page)
                )
            return self._with_text(session, page), total, lower
        if settled:
            return None
        if monthly and len(window.rows) <= MONTHLY_DENSEST:
            found = self._monthly_page(session, conditions, cursor, limit, skip, bound)
            if found is not None:
                return found
        if not later or COUNT_WINDOW * want / len(later) > WALK_MOST:
            return None  # a walk short of the page's distance mostly ends short of it
        # matches thinner than the page, whose density in the window puts the page within reach: walk on
        # newest first from the cursor, stopping at the page's last match
        after = [] if cursor is None else [cursor.after(DocumentSearchRow.created_at, DocumentSearchRow.id)]
        walk = self._window_matches(session, [*walked, *after], want, WALK_MOST)
        if len(walk.rows) < want and not (walk.whole and cursor is None):
            return None  # ended short of the page (or, past a cursor, cannot count what lies before it)
        page = walk.rows[skip:want]
        if len(walk.rows) < want:  # the whole catalogue walked: every match seen
            return self._with_text(session, page), len(walk.rows), len(walk.rows) > bound
        total, lower = self._budgeted_count(
            session, DocumentSearchRow, conditions, bound, len(window.rows), skip + len(page)
        )
        return self._with_text(session, page), total, lower

    def _monthly_page(
        self, session: Session, conditions: list[Any], cursor: Cursor | None, limit: int, skip: int, bound: int
    ) -> tuple[list[Any], int, bool] | None:
        """PostgreSQL: the page from the newest months' own trigram indexes, and its count; None when the
        catalogue reaches past the indexed months, or the matches are too thin for `MONTHS_MOST` months.

        A month's index gives a rare name a few thousand candidates (5 ms at 1M documents), where the whole
        index gives tens of thousands (140-250 ms). Every match of a month read is kept, so the months read
        count exactly; the months left are counted one by one within `COUNT_BUDGET_MS`, else `total` is
        what was counted, a lower bound.
        """
        started = time.perf_counter()
        oldest, newest = session.execute(
            select(func.min(DocumentSearchRow.created_at), func.max(DocumentSearchRow.created_at))
        ).one()
        months = search_months()
        if oldest is None or oldest < months[0][0] or newest >= months[-1][1]:
            return None
        months = [(start, end) for start, end in reversed(months) if end > oldest and start <= newest]
        want = skip + limit
        created = DocumentSearchRow.created_at

        def in_month(start: datetime, end: datetime) -> list[Any]:
            return [*conditions, created >= start, created < end]

        matches: list[Any] = []
        later: list[Any] = []
        read = 0
        with _bitmap_scans_only(session):  # each month through its index: the planner might walk it
            for start, end in months:
                matches += session.execute(
                    select(DocumentSearchRow.id, DocumentSearchRow.dossier_id, DocumentSearchRow.doc_type, created)
                    .where(*in_month(start, end))
                    .order_by(created.desc(), DocumentSearchRow.id)
                ).all()
                read += 1
                later = [r for r in matches if cursor is None or _is_after(r, cursor)]
                if len(later) >= want or read == len(months):
                    break
                if len(matches) > bound or want * read / max(len(later), 0.5) > MONTHS_MOST:
                    return None  # the page lies further back than the months promise to reach
            counted, lower = len(matches), len(matches) > bound
            for start, end in months[read:]:  # the months not read, counted while the budget lasts
                left_ms = COUNT_BUDGET_MS - int((time.perf_counter() - started) * 1000)
                if lower or left_ms <= 0:
                    lower = True
                    break
                count = functools.partial(
                    self._bounded_count, session, DocumentSearchRow, in_month(start, end), bound - counted
                )
                more = self._budgeted(session, count, left_ms)
                if more is None:
                    lower = True
                    break
                counted += more
                lower = counted > bound
        return self._with_text(session, later[skip:want]), counted, lower

    def _counted_page(
        self, session: Session, conditions: list[Any], cursor: Cursor | None, limit: int, skip: int, bound: int
    ) -> tuple[list[Any], int, bool] | None:
        """PostgreSQL: the page and the exact number of matches in one statement, from every match gathered
        through the trigram bitmap (a count over them, then the newest); None for an empty page past the first.

        For a search the newest documents did not serve, walking newest first would cross tens of thousands
        of documents per page, so the walk is ruled out (the planner, misjudging how rare the terms are, may
        pick it); the bitmap's matches are sorted anyway, and counting them then costs nothing more.
        """
        matches = (
            select(
                DocumentSearchRow.id,
                DocumentSearchRow.dossier_id,
                DocumentSearchRow.doc_type,
                DocumentSearchRow.created_at,
                func.count().over().label("matches"),
            )
            .select_from(DocumentSearchRow)
            .where(*conditions)
            .subquery()
        )
        page = select(matches).order_by(matches.c.created_at.desc(), matches.c.id).limit(limit).offset(skip)
        if cursor is not None:
            page = page.where(cursor.after(matches.c.created_at, matches.c.id))
        with _bitmap_scans_only(session):
            rows = session.execute(page).all()
        if not rows:  # nothing at all, or past the last page (whose count this statement cannot tell)
            return ([], 0, False) if cursor is None and not skip else None
        total = int(rows[0][4])
        return self._with_text(session, [r[:4] for r in rows]), total, total > bound

    @staticmethod
    def _with_text(session: Session, rows: Sequence[Any]) -> list[Any]:
        """(id, dossier, type, created_at) rows as (id, dossier, type, text, created_at), in the same order."""
        texts = (
            dict(
                session.execute(
                    select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_([r[0] for r in rows]))
                )
                .tuples()
                .all()
            )
            if rows
            else {}
        )
        return [(r[0], r[1], r[2], texts.get(r[0], ""), r[3]) for r in rows]

    def _count(
        self,
        session: Session,
        rows: Any,
        conditions: list[Any],
        plain: list[Any],
        match: str | None,
        bound: int,
        known: int,
        window: _Window | None = None,
    ) -> tuple[int, bool]:
        """How many documents match, exactly up to `bound`, and whether that number is only a lower bound.

        On SQLite the FTS table, joined row by row, stops at `bound + 1` by itself. On PostgreSQL, first among
        the newest `COUNT_WINDOW` documents, stopping at `bound + 1`: a term in one document of five settles it
        there, where its index entries would cover half the province. Past the window the indexes count,
        within `COUNT_BUDGET_MS`; a count that runs out of time answers what was seen for sure (this page and
        those before it, or the window's matches) as a lower bound. `total` never claims more than was seen.
        """
        if match is not None:  # SQLite: the FTS table joined row by row stops at the bound by itself
            fts = self._bounded_fts_count(session, plain, match, bound)
            return fts, fts > bound
        if self._dialect != "postgresql":
            scanned = self._bounded_count(session, rows, conditions, bound)
            return scanned, scanned > bound
        assert window is not None  # PostgreSQL without field filters has always walked its window first
        windowed = len(window.rows)
        if windowed > bound or window.whole:
            return windowed, windowed > bound
        return self._budgeted_count(session, rows, conditions, bound, windowed, known)

    def _budgeted_count(
        self, session: Session, rows: Any, conditions: list[Any], bound: int, windowed: int, known: int
    ) -> tuple[int, bool]:
        """PostgreSQL: the count past a window of at most `bound` matches, by the indexes within
        `COUNT_BUDGET_MS`; out of time, what was seen for sure (`known`, or the window's) as a lower bound."""
        counted = self._budgeted(
            session, lambda: self._bounded_count(session, rows, conditions, bound), COUNT_BUDGET_MS
        )
        if counted is None:
            return max(known, windowed), True
        return counted, counted > bound

    @staticmethod
    def _window_matches(session: Session, walked: list[Any], most: int, size: int | None = None) -> _Window:
        """(id, dossier, type, created_at) of the matches among the newest `size` documents, newest first, at
        most `most` of them (`size`: `COUNT_WINDOW` unless given); `walked` tests a row with no index (`_walk_test`).

        The window is every document as new as the `size`-th newest: a range of `ix_document_search_created`, read
        without sorting the whole window (the (created_at, id) order is only needed for its matches) and
        always the head of the newest-first order, ties included. No `size`-th document: the window is the
        whole catalogue, and its count is exact.
        """
        # the size-th newest time, whatever the ties' order: read off the index, nothing sorted
        oldest = session.scalar(
            select(DocumentSearchRow.created_at)
            .order_by(DocumentSearchRow.created_at.desc())
            .offset((size or COUNT_WINDOW) - 1)
            .limit(1)
        )
        span = [] if oldest is None else [DocumentSearchRow.created_at >= oldest]
        rows = session.execute(
            select(
                DocumentSearchRow.id,
                DocumentSearchRow.dossier_id,
                DocumentSearchRow.doc_type,
                DocumentSearchRow.created_at,
            )
            .where(*span, *walked)
            .order_by(DocumentSearchRow.created_at.desc(), DocumentSearchRow.id)
            .limit(most)
        ).all()
        return _Window(list(rows), whole=oldest is None)

    @staticmethod
    def _budgeted(session: Session, query: Callable[[], T], budget_ms: int) -> T | None:
        """PostgreSQL: `query()` under a statement timeout of `budget_ms`; None when it ran out of time."""
        previous = session.scalar(text("SELECT current_setting('statement_timeout')"))
        try:
            with session.begin_nested():
                session.execute(text("SELECT set_config('statement_timeout', :ms, true)"), {"ms": str(budget_ms)})
                answer = query()
                session.execute(text("SELECT set_config('statement_timeout', :ms, true)"), {"ms": previous})
                return answer
        except OperationalError as exc:
            if getattr(exc.orig, "sqlstate", None) != QUERY_CANCELED:
                raise
            return None

    @staticmethod
    def _bounded_count(session: Session, rows: Any, conditions: list[Any], bound: int) -> int:
        """How many rows match, counted up to `bound + 1` (the search index finds them; the LIMIT stops the count)."""
        counted: Any = select(literal_column("1")).select_from(rows).where(*conditions).limit(bound + 1)
        return int(session.scalar(select(func.count()).select_from(counted.subquery())) or 0)

    @staticmethod
    def _dense_page(session: Session, conditions: list[Any], cursor: Cursor | None, limit: int, skip: int) -> Any:
        """SQLite: the page from the newest `DENSE_WINDOW` documents alone, when they hold it all, else None.

        A term in every tenth document fills a page from the newest few hundred rows, while its FTS match
        list holds a tenth of the province; rare terms come back None and go through the FTS table.
        """
        recent = select(
            DocumentRow.id,
            DocumentRow.dossier_id,
            DocumentRow.doc_type,
            DocumentRow.created_at,
            DocumentRow.status,
            DocumentRow.agency,
            DocumentRow.search_text,
        )  # not the text: 20 need it
        if cursor is not None:
            recent = recent.where(cursor.after())
        newest = recent.order_by(DocumentRow.created_at.desc(), DocumentRow.id).limit(DENSE_WINDOW).subquery()
        adapter = ClauseAdapter(newest)
        rows = session.execute(
            select(newest.c.id, newest.c.dossier_id, newest.c.doc_type, newest.c.created_at)
            .where(*(adapter.traverse(c) for c in conditions))
            .order_by(newest.c.created_at.desc(), newest.c.id)
            .limit(limit)
            .offset(skip)
        ).all()
        if len(rows) < limit:
            return None
        return Queries._with_text(session, rows)

    @staticmethod
    def _bounded_fts_count(session: Session, conditions: list[Any], match: str, bound: int) -> int:
        """The same count on SQLite, driven by the FTS5 table joined row by row, so the LIMIT stops its scan early
        (an `IN (…MATCH…)` list would first gather every match of a term found in half the province)."""
        fts = table("documents_fts", column("rowid"))
        joined = fts.join(DocumentRow, literal_column("documents.rowid") == fts.c.rowid)
        counted: Any = (
            select(literal_column("1"))
            .select_from(joined)
            .where(text("documents_fts MATCH :fts_match").bindparams(fts_match=match), *conditions)
            .limit(bound + 1)
        )
        return int(session.scalar(select(func.count()).select_from(counted.subquery())) or 0)

    def review_queue(
        self,
        *,
        limit: int = 50,
        cursor: Cursor | None = None,
        scope: Scope = PROVINCE,
    ) -> tuple[list[QueueItem], str | None]:
        """Digitised documents awaiting a reviewer in `scope`, newest first, and the `next` token (None at the end)."""
        query = select(
            DocumentRow.id,
            DocumentRow.dossier_id,
            DocumentRow.doc_type,
            DocumentRow.received_on,
            DocumentRow.created_at,
        ).where(
            DocumentRow.needs_review.is_(True),
            DocumentRow.status == Status.DIGITISED.value,
            scope.where(DocumentRow.agency),
        )
        if cursor is not None:
            query = query.where(cursor.after())
        with self._session() as session:
            rows = session.execute(query.order_by(DocumentRow.created_at.desc(), DocumentRow.id).limit(limit)).all()
        items = [QueueItem(*row) for row in rows]
        following = Cursor(items[-1].created_at, items[-1].document_id).token() if len(items) == limit else None
        return items, following

    def day_counts(self, first_day: str, last_day: str, *, scope: Scope = PROVINCE) -> list[DayCount]:
        """Counts per day received (`YYYY-MM-DD`, inclusive range) and per type, by current status.

        A document's type is the one found by classification, else the one requested at upload,
        else `unclassified` (still queued). `needs_review` counts digitised documents awaiting a reviewer.
        """
        kind = func.coalesce(DocumentRow.doc_type, DocumentRow.requested_doc_type, UNCLASSIFIED)
        with self._session() as session:
            rows = session.execute(
                select(DocumentRow.received_on, kind, DocumentRow.status, DocumentRow.needs_review, func.count())
                .where(
                    DocumentRow.received_on >= first_day,
                    DocumentRow.received_on <= last_day,
                    scope.where(DocumentRow.agency),
                )
                .group_by(DocumentRow.received_on, kind, DocumentRow.status, DocumentRow.needs_review)
            ).all()
        cells: dict[tuple[str, str], dict[str, int]] = {}
        for day, doc_type, status, review, count in rows:
            cell = cells.setdefault((day, doc_type), dict.fromkeys((*Status, "needs_review"), 0))
            cell[status] = cell.get(status, 0) + count
            if status == Status.DIGITISED and review:
                cell["needs_review"] += count
        return [
            DayCount(
                day,
                doc_type,
                sum(c[s] for s in Status),
                c[Status.QUEUED],
                c[Status.PROCESSING],
                c[Status.DIGITISED],
                c[Status.FAILED],
                c["needs_review"],
            )
            for (day, doc_type), c in sorted(cells.items())
        ]

    def processing_seconds(self) -> tuple[float, int]:
        """(sum, count) of the processing time of every digitised document, for a Prometheus summary."""
        with self._session() as session:
            total, count = session.execute(
                select(func.coalesce(func.sum(DocumentRow.seconds), 0.0), func.count()).where(
                    DocumentRow.status == Status.DIGITISED.value, DocumentRow.seconds.is_not(None)
                )
            ).one()
        return float(total or 0.0), int(count or 0)

    def apply_corrections(
        self,
        document_id: str,
        corrections: Sequence[Correction],
        *,
        needs_review: bool,
        search_text: str,
        at: datetime | None = None,
    ) -> None:
        """Write reviewers' values beside the OCR ones, and the document's new review flag, in one transaction.

        The first correction of a field moves the OCR value to `ocr_value`; later ones keep it.
        """
        moment = at or utcnow()
        with self._session() as session:
            doc = session.get(DocumentRow, document_id)
            if doc is None:
                raise NotFound(f"No document with ID '{document_id}'")
            for fix in corrections:
                row = session.get(FieldRow, (document_id, fix.name))
                if row is None:
                    row = FieldRow(document_id=document_id, name=fix.name, page=0, ocr_value=None)
                    session.add(row)
                elif row.corrected_by is None:
                    row.ocr_value = row.value
                row.value = fix.value
                row.valid = fix.valid
                row.confidence = 1.0
                row.source = "reviewer"
                row.corrected_by = fix.corrected_by
                row.corrected_at = moment
            doc.needs_review = needs_review
            doc.search_text = search_text
            doc.updated_at = moment
