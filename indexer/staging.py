"""A build being written into its staging folder, one prepared file at a time.

Rows reach the disk as files are prepared: replies, sections, chunks and commitments into SQLite,
each chunk's vector appended to a raw float32 file, its search tokens appended as int32 ids of one
vocabulary, the vectors of its sentences not stored yet to the sentence store (indexer.sentence_vectors). Memory holds the vocabulary and a window of files, not the archive's chunks, tokens
and vectors. `finish` then links commitments agency by agency, builds BM25 from the token ids, the
vector index from the vector file, and writes the manifest.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from indexer.docstore import CHUNK_REPLY, DATABASE, DocumentWriter
from indexer.embedded import BM25_FOLDER, VectorIndexConfig, write_embedded
from indexer.lexical import EMPTY_DOCUMENT, LexicalIndex
from indexer.prepare import PreparedFile
from indexer.sentence_vectors import SentenceVectorWriter

VECTORS_RAW = "vectors.f32"  # staging only: row i is chunk i's vector; removed once the vector index is written
TOKENS_RAW = "tokens.i32"    # staging only: every chunk's token ids, one after another
TOKEN_IDS = "chunk_tokens.npy"  # the same ids, kept so an update rebuilds BM25 without cutting text again
TOKEN_OFFSETS = "chunk_token_offsets.npy"  # chunk i's ids are TOKEN_IDS[offsets[i]:offsets[i + 1]]
BM25_SCRATCH = "bm25-scratch"  # staging only: the BM25 score matrix while it is built, before bm25/ is written


class Stages:
    """Wall and CPU seconds of each build stage, added up over the turns a stage runs in (the
    machine may be shared: CPU seconds say what the work costs, wall seconds what it took)."""

    def __init__(self, wall: dict[str, float], cpu: dict[str, float]) -> None:
        self.wall, self.cpu = wall, cpu

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] = round(self.wall.get(name, 0.0) + time.perf_counter() - wall, 3)
            self.cpu[name] = round(self.cpu.get(name, 0.0) + time.process_time() - cpu, 3)


def token_documents(ids: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
    """Per-chunk views into the flat id array (no copies)."""
    return [ids[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]


class BuildStream:
    """Streams prepared files into a staging folder; see the module docstring."""

    def __init__(self, staging: Path, dimension: int, model: str) -> None:
        self.staging, self.dimension = staging, dimension
        self.documents = DocumentWriter(staging / DATABASE)
        self.sentences = SentenceVectorWriter(staging, self.documents.connection, model, dimension)
        self._vectors = open(staging / VECTORS_RAW, "wb")
        self._tokens = open(staging / TOKENS_RAW, "wb")
        self.offsets = array("q", [0])
        self.vocabulary: dict[str, int] = {}
        self.chunk_reply = array("i")
        self.files: dict[str, str] = {}  # source -> sha256
        self.replies = self.sections = self.chunks = self.commitments = 0

    def add(self, prepared: PreparedFile, vectors: np.ndarray) -> None:
        """Write one prepared reply; its chunks and commitments get the next ids of the build."""
        reply = prepared.reply
        assert reply is not None and len(vectors) == len(prepared.chunks)
        for chunk in prepared.chunks:
            chunk.chunk_id += self.chunks
        for i, commitment in enumerate(prepared.commitments):
            commitment.commitment_id = self.commitments + i
        self.documents.add_reply(self.replies, reply, prepared.sha256, prepared.chunks, prepared.chunk_tokens,
                                 prepared.passages, prepared.hashes, prepared.commitments, prepared.commitment_tokens)
        np.asarray(vectors, dtype=np.float32).tofile(self._vectors)
        for tokens in prepared.chunk_tokens:
            ids = np.array([self.vocabulary.setdefault(t, len(self.vocabulary)) for t in tokens or [EMPTY_DOCUMENT]],
                           dtype=np.int32)
            ids.tofile(self._tokens)
            self.offsets.append(self.offsets[-1] + len(ids))
        self.chunk_reply.extend([self.replies] * len(prepared.chunks))
        self.files[prepared.name] = prepared.sha256  # by file: a compilation's replies share one
        self.replies += 1
        self.sections += len(reply.sections)
        self.chunks += len(prepared.chunks)
        self.commitments += len(prepared.commitments)

    def commit(self) -> None:
        self.documents.commit()

    def abandon(self) -> None:
        """Close the staging files (nothing to index); the folder is removed as a leftover."""
        self._vectors.close()
        self._tokens.close()
        self.sentences.close()
        self.documents.connection.close()

    def finish(self, manifest: dict, alias_groups: list[list[str]], store: str, milvus_uri: str | None,
               vector_index: VectorIndexConfig, build_name: Path, stage: Stages) -> None:
        """Everything that needs the whole archive: links, BM25, the vector index, the manifest."""
        self.sentences.close()
        manifest["sentence_vectors"] = self.sentences.rows
        with stage("link_commitments"):
            self.documents.commit()
            self.documents.link_commitments(alias_groups)
            self.documents.commit()

        with stage("bm25"):
            self._vectors.close()
            self._tokens.close()
            np.save(self.staging / CHUNK_REPLY, np.frombuffer(self.chunk_reply, dtype=np.int32), allow_pickle=False)
            offsets = np.frombuffer(self.offsets, dtype=np.int64)
            np.save(self.staging / TOKEN_IDS, np.memmap(self.staging / TOKENS_RAW, dtype=np.int32, mode="r")
                    if offsets[-1] else np.zeros(0, dtype=np.int32), allow_pickle=False)
            np.save(self.staging / TOKEN_OFFSETS, offsets, allow_pickle=False)
            (self.staging / TOKENS_RAW).unlink()
            # Token ids and the score matrix stay on disk, memory-mapped: the build's memory does not
            # grow with the archive (scratch holds the matrix until bm25/ is written).
            ids = np.load(self.staging / TOKEN_IDS, mmap_mode="r")
            lexical = LexicalIndex.from_ids(token_documents(ids, offsets), self.vocabulary, scratch=self.staging / BM25_SCRATCH)
            del ids

        with stage("write_search_store"):
            vectors = np.memmap(self.staging / VECTORS_RAW, dtype=np.float32, mode="r", shape=(self.chunks, self.dimension)) \
                if self.chunks else np.zeros((0, self.dimension), dtype=np.float32)
            if store == "milvus":
                from indexer.milvus import write_milvus

                rows = milvus_rows(self.staging / DATABASE, vectors)
                manifest["store"] = write_milvus(self.staging, build_name, rows, self.chunks, self.dimension, milvus_uri)
                lexical.save(self.staging / BM25_FOLDER)  # term statistics for the evidence check
            else:
                manifest["store"] = {"kind": "embedded",
                                     "vectors": write_embedded(self.staging, vectors, self.dimension, lexical, vector_index)}
            del vectors, lexical
            (self.staging / VECTORS_RAW).unlink()
            shutil.rmtree(self.staging / BM25_SCRATCH, ignore_errors=True)

        with stage("write_documents"):
            self.documents.finish(manifest)


def milvus_rows(database: Path, vectors: np.ndarray) -> Iterator[dict]:
    """One Milvus row per chunk, read back from the staging database and vector file."""
    import json

    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        for chunk_id, tokens, agency, category, session, year, position in connection.execute(
                "SELECT c.chunk_id, c.tokens, r.agency, r.category, r.session, r.year, r.position FROM chunks c "
                "JOIN replies r ON r.reply_id = c.reply_id ORDER BY c.chunk_id"):
            yield {"chunk_id": chunk_id, "dense": vectors[chunk_id].tolist(), "tokens": json.loads(tokens),
                   "agency": agency or "", "category": category or "", "session": session or "",
                   "year": year or 0, "reply": position}
    finally:
        connection.close()

