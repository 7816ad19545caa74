"""The SQLite document store: replies, sections, chunks (with their search tokens) and commitments.

Every search store (FAISS + bm25s, Milvus) keeps its documents here. Nothing is held as objects at
load time: a reply, a chunk or a commitment is read on demand (with a small LRU cache), and only the
columns a query filters on are loaded, as NumPy arrays, so memory and start-up do not grow with the
archive's text. `replies`, `chunks` and `commitments` behave as a read-only mapping and sequences,
as the in-memory index did.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Generic, TypeVar

import numpy as np

from indexer.models import Chunk, Commitment, Reply, ReplyMeta, Section

logger = logging.getLogger(__name__)

DATABASE = "index.sqlite"
CHUNK_REPLY = "chunk_reply.npy"  # row i: position of chunk i's reply (memory-mapped, shared by workers)

SCHEMA = """
CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE replies (
    reply_id TEXT PRIMARY KEY, position INTEGER NOT NULL UNIQUE, title TEXT NOT NULL, source TEXT NOT NULL,
    sha256 TEXT NOT NULL, agency TEXT, year INTEGER, category TEXT, session TEXT, date TEXT,
    proposal_number TEXT, doc_number TEXT, meta TEXT NOT NULL
);
CREATE TABLE sections (
    reply_id TEXT NOT NULL, section_id TEXT NOT NULL, position INTEGER NOT NULL, heading TEXT NOT NULL,
    path TEXT NOT NULL, level INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (reply_id, section_id)
);
CREATE TABLE chunks (
    chunk_id INTEGER PRIMARY KEY, reply_id TEXT NOT NULL, section_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, embed_text TEXT NOT NULL,
    content_hash TEXT NOT NULL, tokens TEXT NOT NULL, passage TEXT NOT NULL
);
CREATE TABLE commitments (
    commitment_id INTEGER PRIMARY KEY, reply_id TEXT NOT NULL, section_id TEXT NOT NULL,
    kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, deadline TEXT, year INTEGER,
    data TEXT NOT NULL, tokens TEXT NOT NULL
);
-- Promise lookup: which commitments mention a term, in their own words or their reply's title.
CREATE TABLE commitment_terms (term TEXT NOT NULL, commitment_id INTEGER NOT NULL);
CREATE INDEX chunks_by_section ON chunks (reply_id, section_id);
CREATE INDEX commitments_by_reply ON commitments (reply_id);
"""
# The promise lookup reads its postings from indexes alone: a term's (term, commitment id) entries in
# order, then each commitment's filter columns from a narrow index, never the wide commitment rows
# (their `data` JSON). Joined through the rows, a frequent topic word read one large row per posting:
# 5.7-8.1 s for a topic asked first at 100k replies on a cold page cache (benchmarks/RESULTS.md).
# A candidate's tokens (scored while its bound can still reach the answer) come from a third, covering
# the id and the tokens: a body's frequent words make thousands of candidates, each a wide row otherwise.
PROMISE_INDEXES = """CREATE INDEX IF NOT EXISTS commitment_terms_postings ON commitment_terms (term, commitment_id);
CREATE INDEX IF NOT EXISTS commitments_columns ON commitments (commitment_id, reply_id, kind, deadline, year);
CREATE INDEX IF NOT EXISTS commitments_tokens ON commitments (commitment_id, tokens);
DROP INDEX IF EXISTS commitment_terms_by_term;"""
# Built once the rows are in (faster than keeping them up to date row by row); a later build looks
# its reusable vectors and tokens up by content hash.
# A promise question without a topic reads commitments by deadline (commitments_by_deadline).
POST_LOAD = """CREATE INDEX chunks_by_hash ON chunks (content_hash);
CREATE INDEX commitments_by_deadline ON commitments (deadline);
""" + PROMISE_INDEXES


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass
class PassageTokens:
    """Tokens an answer picks its quote by: the chunk's context line, and each sentence of its text
    as (start, end, sentence, tokens) with offsets into the chunk's text."""

    context: list[str]
    sentences: list[tuple[int, int, str, list[str]]]

    def to_json(self) -> str:
        return dumps([self.context, [[start, end, tokens] for start, end, _, tokens in self.sentences]])

    @classmethod
    def from_json(cls, data: str, text: str) -> "PassageTokens":
        context, sentences = json.loads(data)
        return cls(context, [(start, end, text[start:end], tokens) for start, end, tokens in sentences])


@dataclass
class CommitmentTokens:
    """Tokens a promise question is matched against: the span with its section path, and its reply's title."""

    own: list[str]
    title: list[str]


class DocumentWriter:
    """Writes index.sqlite of a new build step by step: each reply's rows as it is prepared, then
    the commitment links (agency by agency) and the look-up indexes at the end. It writes a file in
    a staging folder that is swapped in only when complete, so no journal is needed."""

    def __init__(self, path: Path, fresh: bool = True) -> None:
        self.connection = sqlite3.connect(path)
        self.connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        if fresh:
            self.connection.executescript(SCHEMA)

    def add_reply(self, position: int, reply: Reply, sha256: str, chunks: list[Chunk], chunk_tokens: list[list[str]],
                  passages: list[PassageTokens], hashes: list[str], commitments: list[Commitment],
                  commitment_tokens: list[CommitmentTokens]) -> None:
        db, meta = self.connection, reply.meta
        db.execute(
            "INSERT INTO replies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (reply.reply_id, position, reply.title, reply.source, sha256, meta.agency, meta.year, meta.category,
             meta.session, meta.date, meta.proposal_number, meta.doc_number, meta.model_dump_json()),
        )
        db.executemany(
            "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(reply.reply_id, s.section_id, j, s.heading, dumps(s.path), s.level, s.kind, s.text)
             for j, s in enumerate(reply.sections)],
        )
        db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(c.chunk_id, c.reply_id, c.section_id, c.start, c.end, c.text, c.embed_text, digest, dumps(tokens),
              passage.to_json()) for c, tokens, passage, digest in zip(chunks, chunk_tokens, passages, hashes)],
        )
        db.executemany(
            "INSERT INTO commitments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(c.commitment_id, c.reply_id, c.section_id, c.kind, c.start, c.end, c.deadline, c.year,
              c.model_dump_json(), dumps([t.own, t.title])) for c, t in zip(commitments, commitment_tokens)],
        )
        db.executemany(
            "INSERT INTO commitment_terms VALUES (?, ?)",
            ((term, c.commitment_id) for c, t in zip(commitments, commitment_tokens) for term in set(t.own) | set(t.title)),
        )

    def remove_reply(self, reply_id: str) -> None:
        """Delete every row of one reply (an update replaces a changed file's reply)."""
        db = self.connection
        db.execute("DELETE FROM commitment_terms WHERE commitment_id IN (SELECT commitment_id FROM commitments WHERE reply_id = ?)",
                   (reply_id,))
        for table in ("commitments", "chunks", "sections", "replies"):
            db.execute(f"DELETE FROM {table} WHERE reply_id = ?", (reply_id,))

    def link_commitments(self, alias_groups: list[list[str]], agencies: set[str | None] | None = None) -> int:
        """Link promises to later reports (indexer.commitments.link_follow_through) one body of one
        place at a time (commitments.link_keys), so memory and the pairs compared grow with that
        group, not with the archive nor with the same body's replies in every other place.
        `agencies`: relink only the groups of the bodies these agencies are (an update). Returns how
        many rows changed."""
        from indexer.commitments import LinkKey, agency_key, link_follow_through, link_keys

        keys = link_keys(self.connection.execute("SELECT reply_id, agency, session FROM replies").fetchall(), alias_groups)
        groups: dict[LinkKey, list[str]] = {}
        for reply_id, key in keys.items():
            groups.setdefault(key, []).append(reply_id)
        wanted = None if agencies is None else {agency_key(a, alias_groups) for a in agencies}
        changed = 0
        for key in sorted(groups, key=lambda k: (k[0], k[1] or "")):
            if wanted is not None and key[0] not in wanted:
                continue
            # Read through the index on commitments.reply_id: one seek per reply of the group.
            rows = self.connection.execute(
                "SELECT data FROM commitments WHERE reply_id IN (SELECT value FROM json_each(?)) "
                "ORDER BY commitment_id", (json.dumps(groups[key], ensure_ascii=False),)).fetchall()
            commitments = [Commitment.model_validate_json(data) for (data,) in rows]
            before = {c.commitment_id: (c.follows, c.reports_on) for c in commitments}
            for c in commitments:
                c.follows, c.reports_on = [], []
            link_follow_through(commitments, alias_groups, keys)
            updates = [(c.model_dump_json(), c.commitment_id) for c in commitments
                       if (c.follows, c.reports_on) != before[c.commitment_id]]
            self.connection.executemany("UPDATE commitments SET data = ? WHERE commitment_id = ?", updates)
            changed += len(updates)
        return changed

    def commit(self) -> None:
        self.connection.commit()

    def finish(self, manifest: dict, fresh: bool = True) -> None:
        db = self.connection
        db.execute("DELETE FROM manifest")
        db.executemany("INSERT INTO manifest VALUES (?, ?)", [(k, dumps(v)) for k, v in manifest.items()])
        # An update of a build made before the promise indexes adds them (the copy it updates is its own).
        db.executescript(POST_LOAD if fresh else PROMISE_INDEXES)
        db.commit()
        db.close()


def commitment_key(commitment: Commitment) -> str:
    """What a commitment's own tokens are cut from (its span and section path)."""
    return commitment.text + " " + " ".join(commitment.path)


K = TypeVar("K")
V = TypeVar("V")


class _Cache(Generic[K, V]):
    """A small thread-safe LRU: a query touches a few dozen rows, a page a few hundred."""

    def __init__(self, size: int) -> None:
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get_many(self, keys: list[K], load: Callable[[list[K]], dict[K, V]]) -> dict[K, V]:
        """The values of `keys`, those not cached loaded together by one call of `load`."""
        with self.lock:
            found = {key: self.items[key] for key in keys if key in self.items}
            for key in found:
                self.items.move_to_end(key)
        missing = [key for key in dict.fromkeys(keys) if key not in found]
        if missing:
            loaded = load(missing)
            with self.lock:
                for key, value in loaded.items():
                    self.items[key] = value
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
            found.update(loaded)
        return found

    def get(self, key: K, load: Callable[[K], V]) -> V:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = load(key)
        with self.lock:
            self.items[key] = value
            if len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


@dataclass(frozen=True)
class ReplyColumns:
    """Per-reply fields that filters and number lookups read, one entry per reply position."""

    reply_ids: list[str]
    agency: np.ndarray     # int codes into agencies
    agencies: list[str | None]
    year: np.ndarray       # 0 where unknown
    category: np.ndarray
    categories: list[str | None]
    session: np.ndarray
    sessions: list[str | None]
    proposal_number: list[str | None]
    doc_number: list[str | None]
    proposal_numbers: list[list[str]]  # every number of a combined reply (empty in older indexes)


def _codes(values: list[str | None]) -> tuple[np.ndarray, list[str | None]]:
    distinct = sorted(set(values), key=lambda v: (v is None, v or ""))
    index = {v: i for i, v in enumerate(distinct)}
    return np.array([index[v] for v in values], dtype=np.int32), distinct


class DocumentStore:
    """Read side of index.sqlite: lazy rows, NumPy filter columns. One connection per thread."""

    def __init__(self, folder: Path, cache_size: int = 4096) -> None:
        self.folder = folder
        self._local = threading.local()
        self._sections = _Cache[str, list[Section]](cache_size)
        self._replies = _Cache[str, Reply](cache_size // 4)
        self._chunks = _Cache[int, Chunk](cache_size)
        self._commitments = _Cache[int, Commitment | None](cache_size)
        self._tokens = _Cache[int, list[str]](cache_size)
        self._passages = _Cache[int, PassageTokens](cache_size)
        rows = self.db.execute(
            "SELECT reply_id, agency, year, category, session, proposal_number, doc_number,"
            " json_extract(meta, '$.proposal_numbers') FROM replies ORDER BY position"
        ).fetchall()
        agency, agencies = _codes([r[1] for r in rows])
        category, categories = _codes([r[3] for r in rows])
        session, sessions = _codes([r[4] for r in rows])
        self.columns = ReplyColumns(
            reply_ids=[r[0] for r in rows], agency=agency, agencies=agencies,
            year=np.array([r[2] or 0 for r in rows], dtype=np.int32), category=category, categories=categories,
            session=session, sessions=sessions, proposal_number=[r[5] for r in rows], doc_number=[r[6] for r in rows],
            proposal_numbers=[json.loads(r[7]) if r[7] else [] for r in rows],
        )
        self.position = {reply_id: i for i, reply_id in enumerate(self.columns.reply_ids)}
        indexes = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        self.promise_indexes = "commitments_columns" in indexes
        self.token_index = "commitments_tokens" in indexes
        if not self.promise_indexes or not self.token_index:
            logger.warning("索引 %s 建于承诺查找索引之前，承诺类问题在大档案上较慢：请重新运行 `dafu index` 补上 (this index "
                           "was built before the promise lookup read its postings and candidates' tokens from indexes "
                           "alone; promise questions still work, reading commitments' rows, seconds per new topic at 100k "
                           "replies; `dafu index` adds the indexes)", folder)
        self.chunk_reply = np.load(folder / CHUNK_REPLY, mmap_mode="r")
        self.replies = Replies(self)
        self.chunks = Chunks(self)
        self.commitments = Commitments(self)

    @property
    def db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(f"file:{self.folder / DATABASE}?mode=ro", uri=True, check_same_thread=False)
            self._local.connection = connection
        return connection

    # --- replies ---------------------------------------------------------------------------------
    def sections(self, reply_id: str) -> list[Section]:
        return self._sections.get(reply_id, self._load_sections)

    def _load_sections(self, reply_id: str) -> list[Section]:
        return [
            Section(section_id=sid, heading=heading, path=json.loads(path), level=level, text=text, kind=kind)
            for sid, heading, path, level, kind, text in self.db.execute(
                "SELECT section_id, heading, path, level, kind, text FROM sections WHERE reply_id = ? ORDER BY position",
                (reply_id,),
            )
        ]

    def reply(self, reply_id: str) -> Reply:
        """One reply with its sections (an answer reads a few replies several times each)."""
        return self._replies.get(reply_id, lambda rid: self.reply_from_row(self.db.execute(
            "SELECT reply_id, title, source, meta FROM replies WHERE reply_id = ?", (rid,)).fetchone()))

    def reply_from_row(self, row: tuple) -> Reply:
        reply_id, title, source, meta = row
        return Reply(reply_id=reply_id, title=title, source=source, meta=ReplyMeta.model_validate_json(meta),
                     sections=self.sections(reply_id))

    def query_replies(self, where: str = "", params: tuple = (), limit: int | None = None, offset: int = 0) -> list[Reply]:
        sql = f"SELECT reply_id, title, source, meta FROM replies {where} ORDER BY year DESC, date DESC, reply_id"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return [self.reply_from_row(row) for row in self.db.execute(sql, params)]

    def reply_ids_where(self, where: str, params: tuple = (), order: str = "position", limit: int | None = None) -> list[str]:
        """Ids of the replies meeting a SQL condition on their columns (archive order by default); no reply is read."""
        sql = f"SELECT reply_id FROM replies WHERE {where} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [rid for (rid,) in self.db.execute(sql, params)]

    def _wanted(self, positions: np.ndarray) -> str:
        """Put these reply positions in a per-connection temporary table; returns a SQL condition."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (position INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM wanted")
        self.db.executemany("INSERT INTO wanted VALUES (?)", ((int(p),) for p in positions))
        return "reply_id IN (SELECT r.reply_id FROM replies r JOIN wanted w ON w.position = r.position)"

    def replies_at(self, positions: np.ndarray | None, limit: int | None = None, offset: int = 0) -> tuple[int, list[Reply]]:
        """(total, one page) of the replies at these positions (all when None), newest first."""
        if positions is None:
            return len(self.position), self.query_replies(limit=limit, offset=offset)
        if not len(positions):
            return 0, []
        return len(positions), self.query_replies(f"WHERE {self._wanted(positions)}", (), limit, offset)

    def commitments_of(self, positions: np.ndarray | None, conditions: list[str], params: tuple,
                       limit: int | None = None, offset: int = 0) -> tuple[int, list[Commitment]]:
        """(total, one page) of the commitments of the replies at `positions` (all when None) that
        meet the SQL `conditions`, in archive order."""
        if positions is not None:
            if not len(positions):
                return 0, []
            conditions = [*conditions, self._wanted(positions)]
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        return self.count("commitments", where, params), self.query_commitments(where, params, limit=limit, offset=offset)

    # --- chunks ----------------------------------------------------------------------------------
    def chunk(self, chunk_id: int) -> Chunk:
        return self._chunks.get(chunk_id, self._load_chunk)

    def chunks_at(self, chunk_ids: list[int]) -> dict[int, Chunk]:
        """Several chunks at once (a search's candidates): one query for those not cached."""
        found = self._chunks.get_many([int(i) for i in chunk_ids], self._load_chunks)
        if len(found) < len(set(chunk_ids)):
            raise IndexError(next(i for i in chunk_ids if int(i) not in found))
        return found

    _CHUNK_SQL = ('SELECT c.chunk_id, c.reply_id, c.section_id, c.start, c."end", c.text, c.embed_text, s.path FROM chunks c '
                  "JOIN sections s ON s.reply_id = c.reply_id AND s.section_id = c.section_id WHERE c.chunk_id IN ")

    def _load_chunks(self, chunk_ids: list[int]) -> dict[int, Chunk]:
        found = {}
        for start in range(0, len(chunk_ids), 900):  # SQLite's bound-parameter limit
            batch = chunk_ids[start : start + 900]
            for cid, rid, sid, begin, end, text, embed_text, path in self.db.execute(
                    self._CHUNK_SQL + f"({','.join('?' * len(batch))})", batch):
                found[cid] = Chunk(chunk_id=cid, reply_id=rid, section_id=sid, path=json.loads(path), start=begin,
                                   end=end, text=text, embed_text=embed_text)
        return found

    def _load_chunk(self, chunk_id: int) -> Chunk:
        found = self._load_chunks([chunk_id])
        if chunk_id not in found:
            raise IndexError(chunk_id)
        return found[chunk_id]

    def chunk_tokens(self, chunk_id: int) -> list[str]:
        """The search tokens of a chunk, cut once at index time (what BM25 indexed)."""
        return self._tokens.get(chunk_id, lambda i: json.loads(
            self.db.execute("SELECT tokens FROM chunks WHERE chunk_id = ?", (i,)).fetchone()[0]))

    def passage_tokens(self, chunk_id: int) -> PassageTokens:
        """Context-line and sentence tokens of a chunk, cut once at index time."""
        def load(i: int) -> PassageTokens:
            passage, text = self.db.execute("SELECT passage, text FROM chunks WHERE chunk_id = ?", (i,)).fetchone()
            return PassageTokens.from_json(passage, text)

        return self._passages.get(chunk_id, load)

    # --- commitments -----------------------------------------------------------------------------
    def commitment(self, commitment_id: int) -> Commitment:
        found = self.find_commitment(commitment_id)
        if found is None:
            raise IndexError(commitment_id)
        return found

    def _load_commitment(self, commitment_id: int) -> Commitment | None:
        row = self.db.execute("SELECT data FROM commitments WHERE commitment_id = ?", (commitment_id,)).fetchone()
        return None if row is None else Commitment.model_validate_json(row[0])

    def find_commitment(self, commitment_id: int) -> Commitment | None:
        """The commitment with this id, or None (a link to an id this index does not hold)."""
        return self._commitments.get(commitment_id, self._load_commitment)

    def commitment_tokens(self, ids: list[int]) -> dict[int, CommitmentTokens]:
        found = {}
        for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
            batch = ids[start : start + 900]
            marks = ",".join("?" * len(batch))
            covering = "INDEXED BY commitments_tokens " if self.token_index else ""
            for cid, tokens in self.db.execute(
                    f"SELECT commitment_id, tokens FROM commitments {covering}WHERE commitment_id IN ({marks})", batch):
                own, title = json.loads(tokens)
                found[cid] = CommitmentTokens(own=own, title=title)
        return found

    def commitment_postings(self, terms: list[str], conditions: list[str] = (), params: tuple = ()
                            ) -> list[tuple[str, int, str, str, str | None, int | None]]:
        """(term, commitment id, reply id, kind, deadline, year) for each commitment that mentions one
        of these terms (own words or its reply's title) and meets the SQL `conditions` on its columns."""
        if not terms:
            return []
        return self.db.execute(self.postings_sql(len(terms), conditions), (*terms, *params)).fetchall()

    def postings_sql(self, terms: int, conditions: list[str] = ()) -> str:
        where = " AND ".join([f"t.term IN ({','.join('?' * terms)})", *conditions])
        # SQLite would look each commitment up by its rowid (the wide row): name the narrow index.
        columns = "INDEXED BY commitments_columns " if self.promise_indexes else ""
        return ("SELECT t.term, t.commitment_id, c.reply_id, c.kind, c.deadline, c.year FROM commitment_terms t "
                f"JOIN commitments c {columns}ON c.commitment_id = t.commitment_id WHERE {where}")

    def query_commitments(self, where: str = "", params: tuple = (), order: str = "commitment_id",
                          limit: int | None = None, offset: int = 0) -> list[Commitment]:
        sql = f"SELECT data FROM commitments {where} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return [Commitment.model_validate_json(data) for (data,) in self.db.execute(sql, params)]

    def iter_commitments(self, where: str = "", params: tuple = (), order: str = "commitment_id") -> Iterator[Commitment]:
        """Commitments one by one from the database, for a caller that stops early."""
        for (data,) in self.db.execute(f"SELECT data FROM commitments {where} ORDER BY {order}", params):
            yield Commitment.model_validate_json(data)

    def commitments_by_deadline(self, positions: np.ndarray | None, conditions: list[str], params: tuple
                                ) -> Iterator[Commitment]:
        """The commitments of the replies at `positions` (all when None) that meet the SQL
        `conditions`, sooner deadlines first and those without one last (archive order within
        each), one by one for a caller that stops early. Over the whole archive the deadline index
        is read in order; for some replies, their commitments are read by reply and sorted."""
        if positions is not None:
            if not len(positions):
                return
            conditions = [*conditions, self._wanted(positions)]
        where = " AND ".join(conditions) or "1"
        yield from self.iter_commitments(f"WHERE {where} AND deadline IS NOT NULL", params, order="deadline, commitment_id")
        yield from self.iter_commitments(f"WHERE {where} AND deadline IS NULL", params, order="commitment_id")

    def commitment_counts(self, reply_ids: list[str]) -> dict[str, int]:
        """Promises per reply, for the replies of one page."""
        if not reply_ids:
            return {}
        marks = ",".join("?" * len(reply_ids))
        return dict(self.db.execute(
            f"SELECT reply_id, COUNT(*) FROM commitments WHERE kind = 'commitment' AND reply_id IN ({marks}) "
            "GROUP BY reply_id", reply_ids))

    def deadline_years(self) -> list[int]:
        return [int(y) for (y,) in self.db.execute(
            "SELECT DISTINCT substr(deadline, 1, 4) AS y FROM commitments WHERE deadline IS NOT NULL ORDER BY y") if y.isdigit()]

    @cached_property
    def live_chunks(self) -> int:
        """Chunks a search can return: an update's replaced chunk ids keep their row of
        chunk_reply.npy (so `len(chunks)` counts them) but not their row of the chunks table."""
        return self.count("chunks")

    def count(self, table: str, where: str = "", params: tuple = ()) -> int:
        return self.db.execute(f"SELECT COUNT(*) FROM {table} {where}", params).fetchone()[0]

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


class Replies(Mapping[str, Reply]):
    """reply_id -> Reply, read on demand; iterates newest first, as listings show them."""

    def __init__(self, store: DocumentStore) -> None:
        self.store = store

    def __getitem__(self, reply_id: str) -> Reply:
        if reply_id not in self.store.position:
            raise KeyError(reply_id)
        return self.store.reply(reply_id)

    def __contains__(self, reply_id: object) -> bool:
        return reply_id in self.store.position

    def __len__(self) -> int:
        return len(self.store.position)

    def __iter__(self) -> Iterator[str]:
        for (reply_id,) in self.store.db.execute("SELECT reply_id FROM replies ORDER BY year DESC, date DESC, reply_id"):
            yield reply_id

    def values(self):  # one query, not one per reply
        return self.store.query_replies()


class Chunks(Sequence[Chunk]):
    def __init__(self, store: DocumentStore) -> None:
        self.store = store

    def __len__(self) -> int:
        return len(self.store.chunk_reply)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self.store.chunk(int(i))


class Commitments(Sequence[Commitment]):
    def __init__(self, store: DocumentStore) -> None:
        self.store = store
        self._len: int | None = None

    def __len__(self) -> int:
        if self._len is None:
            self._len = self.store.count("commitments")
        return self._len

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.store.commitment(int(i))

    def __iter__(self) -> Iterator[Commitment]:
        return iter(self.store.query_commitments())
