"""Sentence vectors stored at build time, for the answer's reading by meaning (service/meaning.py).

An answer compares the question's vector with a few candidate sentences of its top passages. Encoding
them per question cost about 28 ms of model time per ask (benchmarks/RESULTS.md), so a build encodes
every sentence of every chunk once, with the index's model, and stores it once however many chunks
hold it. The sentences are `split_sentences(chunk.text)`, the same strings the answer compares; a
rebuild reuses the vector of a sentence it has seen (by content hash, as chunk vectors are), and an
update (indexer.update) appends the vectors of its new sentences to a copy of the store.

    build-<time>/sentence_vectors.f32    row i: one sentence's vector (float32, the model's dimension)
    index.sqlite table sentence_vectors  key (16 bytes of SHA-256 of model and sentence) -> row
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np

from indexer.docstore import DATABASE

SENTENCE_VECTORS = "sentence_vectors.f32"
# WITHOUT ROWID: the key is the B-tree's own key, so a look-up is one search and a row ~30 bytes.
SCHEMA = "CREATE TABLE IF NOT EXISTS sentence_vectors (key BLOB PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID"
_BATCH = 900  # SQLite's bound-parameter limit


def sentence_key(model: str, sentence: str) -> bytes:
    """128 bits of the content hash: a collision among billions of sentences stays improbable."""
    return hashlib.sha256(f"{model}\n{sentence}".encode("utf-8")).digest()[:16]


def stored_rows(connection: sqlite3.Connection, keys: list[bytes]) -> dict[bytes, int]:
    """key -> row of the keys stored (in the sentence_vectors table of `connection`)."""
    found: dict[bytes, int] = {}
    for start in range(0, len(keys), _BATCH):
        batch = keys[start : start + _BATCH]
        found.update(connection.execute(
            f"SELECT key, row FROM sentence_vectors WHERE key IN ({','.join('?' * len(batch))})", batch))
    return found


class SentenceVectors:
    """Read side: the stored vectors of sentences, looked up by text. The vector file is memory-
    mapped (server workers share it in the page cache); `connection` gives the calling thread's
    connection to the build's index.sqlite."""

    def __init__(self, folder: Path, model: str, dimension: int, connection: Callable[[], sqlite3.Connection]) -> None:
        self.model, self.dimension, self._connection = model, dimension, connection
        path = folder / SENTENCE_VECTORS
        rows = path.stat().st_size // (4 * dimension)
        self.vectors = np.memmap(path, dtype=np.float32, mode="r", shape=(rows, dimension)) if rows \
            else np.zeros((0, dimension), dtype=np.float32)

    @classmethod
    def open(cls, folder: Path, model: str, dimension: int,
             connection: Callable[[], sqlite3.Connection] | None = None) -> "SentenceVectors | None":
        """The build's stored sentence vectors, or None for a build made before they were stored."""
        if not (folder / SENTENCE_VECTORS).exists():
            return None
        if connection is None:
            own = sqlite3.connect(f"file:{folder / DATABASE}?mode=ro", uri=True)
            connection = lambda: own  # noqa: E731  (one thread: a build reading its previous build)
        return cls(folder, model, dimension, connection)

    def __len__(self) -> int:
        return len(self.vectors)

    def get(self, sentences: list[str]) -> dict[str, np.ndarray]:
        """sentence -> its stored vector, for those of `sentences` the build stored (in their order)."""
        keys = {sentence_key(self.model, s): s for s in dict.fromkeys(sentences)}
        rows = stored_rows(self._connection(), list(keys))
        return {s: np.array(self.vectors[rows[key]]) for key, s in keys.items() if rows.get(key, len(self.vectors)) < len(self.vectors)}


class SentenceVectorWriter:
    """Write side, in a staging folder: appends the vectors of sentences not stored yet. An update
    starts from a copy of the previous build's file and key table, so its unchanged sentences are
    found stored."""

    def __init__(self, folder: Path, connection: sqlite3.Connection, model: str, dimension: int) -> None:
        self.connection, self.model, self.dimension = connection, model, dimension
        connection.execute(SCHEMA)
        path = folder / SENTENCE_VECTORS
        self.rows = path.stat().st_size // (4 * dimension) if path.exists() else 0
        self._file = open(path, "ab")

    def missing(self, sentences: list[str]) -> list[str]:
        """The distinct sentences of `sentences` that have no stored vector, in order."""
        keys = {sentence_key(self.model, s): s for s in dict.fromkeys(sentences)}
        stored = stored_rows(self.connection, list(keys))
        return [s for key, s in keys.items() if key not in stored]

    def add(self, sentences: list[str], vectors: np.ndarray) -> None:
        """Store these (distinct, not yet stored) sentences' vectors."""
        assert len(sentences) == len(vectors)
        np.ascontiguousarray(vectors, dtype=np.float32).tofile(self._file)
        self.connection.executemany("INSERT INTO sentence_vectors VALUES (?, ?)",
                                    ((sentence_key(self.model, s), self.rows + i) for i, s in enumerate(sentences)))
        self.rows += len(sentences)

    def close(self) -> None:
        self._file.close()
