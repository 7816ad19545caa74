"""Step 5 of the flow: the on-disk index — one folder, plain files, a version.

    INDEX/current -> build-<time>/      (a symlink, replaced atomically when a build finishes)
    build-<time>/manifest.json           format version, model, dimension, chunking, counts, files
    build-<time>/index.sqlite            replies, sections, chunks, commitments, manifest
    build-<time>/vectors.faiss           row i is chunk id i (inner product on normalised vectors)
    build-<time>/bm25/                   bm25s files, row i is chunk id i

The code that writes the index also reads it (IndexWriter / open_index).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.lexical import LexicalIndex
from indexer.models import Chunk, Commitment, Reply, ReplyMeta, Section

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
CURRENT = "current"
MANIFEST = "manifest.json"
DATABASE = "index.sqlite"
VECTORS = "vectors.faiss"
BM25_FOLDER = "bm25"

SCHEMA = """
CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE replies (
    reply_id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, sha256 TEXT NOT NULL,
    agency TEXT, year INTEGER, category TEXT, session TEXT, date TEXT, meta TEXT NOT NULL
);
CREATE TABLE sections (
    reply_id TEXT NOT NULL, section_id TEXT NOT NULL, position INTEGER NOT NULL, heading TEXT NOT NULL,
    path TEXT NOT NULL, level INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (reply_id, section_id)
);
CREATE TABLE chunks (
    chunk_id INTEGER PRIMARY KEY, reply_id TEXT NOT NULL, section_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, embed_text TEXT NOT NULL,
    content_hash TEXT NOT NULL
);
CREATE TABLE commitments (
    commitment_id INTEGER PRIMARY KEY, reply_id TEXT NOT NULL, section_id TEXT NOT NULL,
    kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, deadline TEXT, year INTEGER,
    data TEXT NOT NULL
);
CREATE INDEX chunks_by_section ON chunks (reply_id, section_id);
"""


class DafuIndexError(Exception):
    """Base for index problems; the message says what to do."""


class IndexNotFoundError(DafuIndexError):
    pass


class IndexMismatchError(DafuIndexError):
    pass


def content_hash(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\n{text}".encode("utf-8")).hexdigest()


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass
class IndexContents:
    replies: list[Reply]
    sha256: dict[str, str]  # reply_id -> file hash
    chunks: list[Chunk]
    vectors: np.ndarray
    lexical: LexicalIndex
    commitments: list[Commitment] = field(default_factory=list)


class IndexWriter:
    """Writes a complete index into a fresh build folder, then swaps it in with one rename."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def clean_stale(self) -> None:
        """Remove folders left by interrupted builds and builds no longer current."""
        if not self.root.exists():
            return
        current = self.current_build()
        for path in self.root.iterdir():
            if path.is_dir() and not path.is_symlink() and path.name.startswith(("build-", ".tmp-")):
                if current is None or path.resolve() != current.resolve():
                    shutil.rmtree(path, ignore_errors=True)

    def current_build(self) -> Path | None:
        link = self.root / CURRENT
        return link if link.exists() else None

    def write(self, contents: IndexContents, manifest: dict) -> Path:
        import faiss

        self.root.mkdir(parents=True, exist_ok=True)
        build = self.root / f"build-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        staging = self.root / f".tmp-{build.name}"
        staging.mkdir()

        index = faiss.IndexFlatIP(manifest["dimension"])
        if len(contents.vectors):
            index.add(contents.vectors)
        faiss.write_index(index, str(staging / VECTORS))
        contents.lexical.save(staging / BM25_FOLDER)
        self._write_database(staging / DATABASE, contents, manifest)
        with open(staging / MANIFEST, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=2)

        staging.rename(build)
        # A symlink replaced by os.replace is atomic: readers see the old build or the new one.
        link_tmp = self.root / f".tmp-link-{build.name}"
        os.symlink(build.name, link_tmp)
        os.replace(link_tmp, self.root / CURRENT)
        self.clean_stale()
        return build

    @staticmethod
    def _write_database(path: Path, contents: IndexContents, manifest: dict) -> None:
        connection = sqlite3.connect(path)
        try:
            connection.executescript(SCHEMA)
            connection.executemany(
                "INSERT INTO manifest VALUES (?, ?)", [(k, dumps(v)) for k, v in manifest.items()]
            )
            for reply in contents.replies:
                meta = reply.meta
                connection.execute(
                    "INSERT INTO replies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (reply.reply_id, reply.title, reply.source, contents.sha256[reply.reply_id], meta.agency,
                     meta.year, meta.category, meta.session, meta.date, meta.model_dump_json()),
                )
                connection.executemany(
                    "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(reply.reply_id, s.section_id, i, s.heading, dumps(s.path), s.level, s.kind, s.text)
                     for i, s in enumerate(reply.sections)],
                )
            connection.executemany(
                "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(c.chunk_id, c.reply_id, c.section_id, c.start, c.end, c.text, c.embed_text,
                  content_hash(manifest["model"], c.embed_text)) for c in contents.chunks],
            )
            connection.executemany(
                "INSERT INTO commitments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(c.commitment_id, c.reply_id, c.section_id, c.kind, c.start, c.end, c.deadline, c.year,
                  c.model_dump_json()) for c in contents.commitments],
            )
            connection.commit()
        finally:
            connection.close()


@dataclass
class LoadedIndex:
    """Everything a query needs, in memory: the archive is small next to the model."""

    folder: Path
    manifest: dict
    replies: dict[str, Reply]
    chunks: list[Chunk]
    vectors: "object"  # faiss.Index
    lexical: LexicalIndex
    commitments: list[Commitment]

    @property
    def model(self) -> str:
        return self.manifest["model"]


def read_manifest(root: Path) -> dict:
    path = root / CURRENT / MANIFEST
    if not path.exists():
        raise IndexNotFoundError(f"在 {root} 没有找到索引：请先运行 `dafu index` (no index at {root}; run `dafu index` first)")
    with open(path, encoding="utf-8") as handle:
        manifest = json.load(handle)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatchError(
            f"索引格式版本为 {manifest.get('format_version')}，当前程序需要 {FORMAT_VERSION}：请重新运行 `dafu index` "
            f"(index format {manifest.get('format_version')} != {FORMAT_VERSION}; re-index)"
        )
    return manifest


def check_model(manifest: dict, model: str | None) -> None:
    if model is not None and manifest["model"] != model:
        raise IndexMismatchError(
            f"索引由模型 {manifest['model']} 生成，当前模型为 {model}：请重新运行 `dafu index` "
            f"(index built with {manifest['model']!r}, settings ask for {model!r}; re-index or unset DAFU_MODEL)"
        )


def open_index(root: Path, model: str | None = None) -> LoadedIndex:
    import faiss

    manifest = read_manifest(root)
    check_model(manifest, model)
    folder = (root / CURRENT).resolve()
    connection = sqlite3.connect(f"file:{folder / DATABASE}?mode=ro", uri=True)
    try:
        sections: dict[str, list[Section]] = {}
        for reply_id, section_id, heading, path, level, kind, text in connection.execute(
            "SELECT reply_id, section_id, heading, path, level, kind, text FROM sections ORDER BY reply_id, position"
        ):
            sections.setdefault(reply_id, []).append(
                Section(section_id=section_id, heading=heading, path=json.loads(path), level=level, text=text, kind=kind)
            )
        replies = {
            reply_id: Reply(reply_id=reply_id, title=title, source=source,
                            meta=ReplyMeta.model_validate_json(meta), sections=sections.get(reply_id, []))
            for reply_id, title, source, meta in connection.execute(
                "SELECT reply_id, title, source, meta FROM replies ORDER BY year DESC, date DESC, reply_id"
            )
        }
        paths = {(r.reply_id, s.section_id): s.path for r in replies.values() for s in r.sections}
        chunks = [
            Chunk(chunk_id=cid, reply_id=rid, section_id=sid, path=paths[(rid, sid)], start=start, end=end,
                  text=text, embed_text=embed_text)
            for cid, rid, sid, start, end, text, embed_text in connection.execute(
                'SELECT chunk_id, reply_id, section_id, start, "end", text, embed_text FROM chunks ORDER BY chunk_id'
            )
        ]
        commitments = [
            Commitment.model_validate_json(data)
            for (data,) in connection.execute("SELECT data FROM commitments ORDER BY commitment_id")
        ]
    finally:
        connection.close()
    vectors = faiss.read_index(str(folder / VECTORS))
    if vectors.ntotal != len(chunks):
        raise IndexMismatchError(f"索引已损坏（向量 {vectors.ntotal} 条，文本块 {len(chunks)} 条）：请重新运行 `dafu index`")
    return LoadedIndex(
        folder=folder, manifest=manifest, replies=replies, chunks=chunks, vectors=vectors,
        lexical=LexicalIndex.load(folder / BM25_FOLDER), commitments=commitments,
    )


def previous_vectors(root: Path, model: str) -> dict[str, np.ndarray]:
    """content_hash -> vector from the current index, so unchanged chunks are not embedded again."""
    try:
        manifest = read_manifest(root)
    except DafuIndexError:
        return {}
    if manifest.get("model") != model:
        return {}
    import faiss

    folder = (root / CURRENT).resolve()
    try:
        index = faiss.read_index(str(folder / VECTORS))
        connection = sqlite3.connect(f"file:{folder / DATABASE}?mode=ro", uri=True)
        try:
            rows = connection.execute("SELECT chunk_id, content_hash FROM chunks").fetchall()
        finally:
            connection.close()
    except Exception as error:  # a damaged old index only costs re-embedding
        logger.warning("cannot reuse vectors from %s: %s", folder, error)
        return {}
    if not rows:
        return {}
    matrix = index.reconstruct_n(0, index.ntotal)
    return {digest: matrix[chunk_id] for chunk_id, digest in rows if chunk_id < len(matrix)}
