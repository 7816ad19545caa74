"""Step 5 of the flow: the on-disk index — one folder, plain files, a version.

    INDEX/current -> build-<time>/      (a symlink, replaced atomically when a build finishes)
    build-<time>/manifest.json           format version, model, dimension, chunking, store, counts, files
    build-<time>/index.sqlite            replies, sections, chunks (+ tokens), commitments, manifest
    build-<time>/chunk_reply.npy         chunk id -> reply position (filter column, memory-mapped)
    build-<time>/vectors.faiss           embedded store: row i is chunk id i (flat, or IVF with vectors.ivfdata, by size)
    build-<time>/bm25/                   bm25s files, row i is chunk id i (term statistics either way)
    build-<time>/chunk_tokens.npy        every chunk's search tokens as ids of bm25/'s vocabulary (+ offsets)
    build-<time>/sentence_vectors.f32    every distinct chunk sentence's vector (indexer.sentence_vectors)
    build-<time>/removed_chunks.npy      after an update (indexer.update): chunk ids replaced, never returned
    build-<time>/milvus.db               Milvus store with the default URI (a Milvus Lite file)

A build is streamed into a staging folder (indexer.staging) or an update applied to a copy of the
current build (indexer.update); IndexWriter swaps either in, and open_index reads it. Retrieval searches through
the `SearchStore` interface (indexer.searchstore); documents are read from SQLite on demand.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.docstore import DATABASE, DocumentStore
from indexer.embedded import VECTORS, EmbeddedSearch, read_vectors
from indexer.lock import fsync_dir, fsync_tree, owner_alive, owner_pid
from indexer.searchstore import STORES, SearchStore
from indexer.sentence_vectors import SentenceVectors

logger = logging.getLogger(__name__)

# 2: tokens stored with chunks and commitments, lazy SQLite documents, vector index by size, store kind.
# 3: context-line and sentence tokens stored with chunks.
# 4: streamed build: chunks looked up by content hash, token ids kept beside BM25 for updates.
FORMAT_VERSION = 4
CURRENT = "current"
MANIFEST = "manifest.json"


class DafuIndexError(Exception):
    """Base for index problems; the message says what to do."""


class IndexNotFoundError(DafuIndexError):
    pass


class IndexMismatchError(DafuIndexError):
    pass


def content_hash(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\n{text}".encode("utf-8")).hexdigest()


class IndexWriter:
    """Writes a complete index into a fresh build folder, then swaps it in with one rename."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cleaned: list[str] = []

    def clean_stale(self, keep: Path | None = None) -> list[str]:
        """Remove superseded builds, and staging folders and link leftovers whose writer is gone (or
        is this process, done with them); a staging folder another live process is writing stays.
        Called with the index lock held, so no writer is between its rename and its swap. Returns
        what was removed, each with why, for the build summary."""
        if not self.root.exists():
            return []
        current = self.current_build()
        current = current.resolve() if current is not None else None
        cleaned = []
        for path in self.root.iterdir():
            if not path.name.startswith(("build-", ".tmp-")) or path == keep:
                continue
            if path.is_symlink() and not path.name.startswith(".tmp-link-"):
                continue
            if path.resolve() == current:
                continue
            pid = owner_pid(path.name)
            if path.name.startswith(".tmp-") and pid is not None and pid != os.getpid() and owner_alive(pid):
                continue
            if path.is_symlink() or path.is_file():
                path.unlink(missing_ok=True)
            else:
                shutil.rmtree(path, ignore_errors=True)
            if path.name.startswith("build-"):
                cleaned.append(f"{path.name} (被新索引取代 superseded)")
            else:
                cleaned.append(f"{path.name} (进程 {pid} 未写完即退出 left by process {pid}, which is gone)")
        return sorted(cleaned)

    def current_build(self) -> Path | None:
        link = self.root / CURRENT
        return link if link.exists() else None

    def stage(self) -> tuple[Path, Path]:
        """A fresh staging folder and the build folder it becomes: (staging, build)."""
        self.root.mkdir(parents=True, exist_ok=True)
        build = self.root / f"build-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        staging = self.root / f".tmp-{build.name}"
        staging.mkdir()
        return staging, build

    def publish(self, staging: Path, build: Path, manifest: dict) -> Path:
        """Write the manifest, flush the staging folder to disk, rename it and swap `current` to it."""
        with open(staging / MANIFEST, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=2)
        # On disk before `current` points at it: a crash after the swap must not leave a link to
        # files the kernel had not written yet.
        fsync_tree(staging)
        staging.rename(build)
        # A symlink replaced by os.replace is atomic: readers see the old build or the new one.
        link_tmp = self.root / f".tmp-link-{build.name}"
        os.symlink(build.name, link_tmp)
        os.replace(link_tmp, self.root / CURRENT)
        fsync_dir(self.root)
        self.cleaned = self.clean_stale(keep=build)
        return build


@dataclass
class LoadedIndex:
    """What a query needs: the search store and the document store; documents are read on demand.

    `replies`, `chunks` and `commitments` read like the in-memory mapping and lists they once were.
    """

    folder: Path
    manifest: dict
    documents: DocumentStore
    search: SearchStore
    sentences: SentenceVectors | None = None  # None: built before sentence vectors were stored

    @property
    def model(self) -> str:
        return self.manifest["model"]

    @property
    def store(self) -> str:
        return self.search.kind

    @property
    def replies(self):
        return self.documents.replies

    @property
    def chunks(self):
        return self.documents.chunks

    @property
    def commitments(self):
        return self.documents.commitments

    @property
    def vectors(self):
        return getattr(self.search, "vectors", None)

    @property
    def lexical(self):
        return self.search.lexical

    def close(self) -> None:
        self.search.close()
        self.documents.close()


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


def open_index(root: Path, model: str | None = None, milvus_uri: str | None = None) -> LoadedIndex:
    manifest = read_manifest(root)
    check_model(manifest, model)
    folder = (root / CURRENT).resolve()
    documents = DocumentStore(folder)
    kind = manifest.get("store", {}).get("kind", "embedded")
    if kind == "milvus":
        from indexer.milvus import MilvusSearch

        search: SearchStore = MilvusSearch.open(folder, manifest["store"], uri=milvus_uri)
    elif kind == "embedded":
        search = EmbeddedSearch(folder)
    else:
        raise IndexMismatchError(f"未知的索引存储 {kind!r}（可用 {', '.join(STORES)}）：请重新运行 `dafu index`")
    if search.size != len(documents.chunks):
        raise IndexMismatchError(f"索引已损坏（向量 {search.size} 条，文本块 {len(documents.chunks)} 条）：请重新运行 `dafu index`")
    sentences = SentenceVectors.open(folder, manifest["model"], manifest["dimension"], lambda: documents.db)
    return LoadedIndex(folder=folder, manifest=manifest, documents=documents, search=search, sentences=sentences)


def previous_build(root: Path, model: str) -> Path | None:
    """The current build folder when its vectors can be reused (same model, this format)."""
    try:
        manifest = read_manifest(root)
    except DafuIndexError:
        return None
    return (root / CURRENT).resolve() if manifest.get("model") == model else None


def previous_reply_ids(root: Path) -> dict[str, str]:
    """source file -> reply id in the current index, so a rebuild keeps every existing reply's id."""
    try:
        read_manifest(root)
    except IndexNotFoundError:
        return {}
    try:
        folder = (root / CURRENT).resolve()
        connection = sqlite3.connect(f"file:{folder / DATABASE}?mode=ro", uri=True)
        try:
            return dict(connection.execute("SELECT source, reply_id FROM replies").fetchall())
        finally:
            connection.close()
    except (DafuIndexError, sqlite3.Error, OSError) as error:
        logger.warning("cannot read the previous reply ids from %s: %s", root, error)
        return {}


class PreviousVectors:
    """Vectors of the current build, read from its memory-mapped vector index by chunk id, so a
    rebuild reuses the vectors of unchanged text without loading them all."""

    def __init__(self, folder: Path | None) -> None:
        self.index = None
        if folder is not None and (folder / VECTORS).exists():
            try:
                self.index = read_vectors(folder)
                if hasattr(self.index, "make_direct_map"):  # IVF: id → place in its lists, for reconstruct
                    self.index.make_direct_map()
            except Exception as error:  # a damaged old index only costs re-embedding
                logger.warning("cannot reuse vectors from %s: %s", folder, error)

    def get(self, chunk_id: int, dimension: int) -> np.ndarray | None:
        if self.index is None or not 0 <= chunk_id < self.index.ntotal or self.index.d != dimension:
            return None
        return self.index.reconstruct(int(chunk_id))
