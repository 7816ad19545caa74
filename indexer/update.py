"""Update the current build for a few changed or added files, instead of building the archive again.

What an update writes, into a copy of the current build (swapped in like any build, so a server
keeps answering from the old one until the swap, and an interrupted update leaves it serving):
- SQLite: the rows of each changed reply (reply, sections, chunks, commitments and their terms) are
  deleted and the new ones inserted; no other reply's rows change, except the follow-through links
  of commitments of the same agency, which are linked again (agency by agency, as a build does).
- Vectors: the new chunks' vectors are appended; a changed reply's old chunk ids are listed in
  `removed_chunks.npy` and never returned (the dense search skips them, their BM25 row is empty).
  The vectors of sentences not stored yet are appended to a copy of the sentence store
  (indexer.sentence_vectors); a removed reply's sentences stay, unread, until the next full build.
  New chunk and commitment ids come after the existing ones, so every other id stays.
- BM25: idf and the average length are statistics of the whole archive, so the BM25 matrix is
  recomputed from the stored token ids of the live chunks (no text is cut again), with the same
  statistics and scores as a full build of the changed archive; removed chunks' rows score nothing.

An update is made only for an embedded store with the same model, tokenizer, chunking and reading
code (`reader_version`: an upgraded parser reads every file again), no file removed, at most `UPDATE_AT_MOST` of the archive changed, and removed chunks under `REMOVED_AT_MOST`
of all; otherwise `dafu index` builds the whole index again (which also drops removed chunks).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from indexer.docstore import CHUNK_REPLY, DATABASE, DocumentWriter, dumps
from indexer.embedded import BM25_FOLDER, REMOVED_CHUNKS, append_vectors
from indexer.lexical import EMPTY_DOCUMENT, LexicalIndex
from indexer.prepare import PreparedFile
from indexer.read import fingerprint
from indexer.sentence_vectors import SENTENCE_VECTORS, SentenceVectorWriter
from indexer.staging import BM25_SCRATCH, TOKEN_IDS, TOKEN_OFFSETS, Stages, token_documents
from indexer.store import MANIFEST

UPDATE_AT_MOST = 0.05  # share of the archive's files that may change for an update instead of a build
REMOVED_AT_MOST = 0.10  # share of removed chunk ids (still scanned, still on disk) past which a full build compacts


@cache
def reader_version() -> str:
    """A hash of the code and data that turn a file into indexed rows (the whole indexer package). An
    update prepares only the changed files, so under new reading code the unchanged ones would keep
    the old code's sections and fields: a build by other code is built again instead (its chunk
    vectors are still reused by content)."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".json")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class UpdatePlan:
    """The files to prepare again (changed or new), found by comparing file hashes with the manifest."""

    previous: Path          # the current build folder
    manifest: dict
    changed: list[tuple[Path, str]]


def plan_update(previous: Path | None, files: list[tuple[Path, str]], manifest_now: dict, store: str) -> UpdatePlan | None:
    """An update plan when the current build can be updated for these files, else None (build)."""
    if previous is None or store != "embedded":
        return None
    try:
        with open(previous / MANIFEST, encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        return None
    same = all(dumps(manifest.get(key)) == dumps(manifest_now[key]) for key in
               ("format_version", "reader", "model", "dimension", "chunking", "tokenizer"))
    # A build made before sentence vectors were stored is built again (it reuses its chunk vectors).
    if not same or manifest.get("store", {}).get("kind") != "embedded" or not (previous / TOKEN_IDS).exists() \
            or not (previous / SENTENCE_VECTORS).exists():
        return None
    indexed: dict[str, str] = manifest.get("files", {})
    names = {name for _, name in files}
    if set(indexed) - names:  # a file was removed: build (a reply position would be left empty)
        return None
    changed = [(path, name) for path, name in files if indexed.get(name) != fingerprint(path)]
    if len(changed) > max(1, int(UPDATE_AT_MOST * len(indexed))):
        return None
    return UpdatePlan(previous=previous, manifest=manifest, changed=changed)


def removed_chunks(folder: Path) -> np.ndarray:
    path = folder / REMOVED_CHUNKS
    return np.load(path) if path.exists() else np.zeros(0, dtype=np.int64)


class IndexUpdate:
    """Applies prepared files to a copy of the previous build in a staging folder."""

    def __init__(self, plan: UpdatePlan, staging: Path) -> None:
        self.plan, self.staging = plan, staging
        previous = plan.previous
        shutil.copyfile(previous / DATABASE, staging / DATABASE)
        shutil.copyfile(previous / SENTENCE_VECTORS, staging / SENTENCE_VECTORS)
        self.documents = DocumentWriter(staging / DATABASE, fresh=False)
        self.sentences = SentenceVectorWriter(staging, self.documents.connection, plan.manifest["model"],
                                              plan.manifest["dimension"])
        db = self.documents.connection
        self.positions = dict(db.execute("SELECT reply_id, position FROM replies"))
        self.agencies = dict(db.execute("SELECT reply_id, agency FROM replies"))
        self.next_position = len(self.positions)
        self.chunk_reply = list(np.load(previous / CHUNK_REPLY))
        self.next_commitment = (db.execute("SELECT MAX(commitment_id) FROM commitments").fetchone()[0] or -1) + 1
        self.removed = set(removed_chunks(previous).tolist())
        # Token ids and the BM25 matrix stay on disk (memory-mapped): only the vocabulary is needed here.
        self.token_ids = np.load(previous / TOKEN_IDS, mmap_mode="r")
        self.offsets = np.load(previous / TOKEN_OFFSETS)
        self.vocabulary = {t: i for t, i in LexicalIndex.load(previous / BM25_FOLDER, mmap=True).vocabulary.items()
                           if t != ""}
        self.new_tokens: list[np.ndarray] = []
        self.new_vectors: list[np.ndarray] = []
        self.touched_agencies: set[str | None] = set()
        self.replaced: list[str] = []
        self.added: list[str] = []

    @property
    def chunks(self) -> int:
        return len(self.chunk_reply)

    def apply(self, prepared: PreparedFile, vectors: np.ndarray, old_reply_id: str | None) -> None:
        """Replace the reply `old_reply_id` (None: a new file) by the prepared one."""
        reply = prepared.reply
        assert reply is not None
        if old_reply_id is not None and old_reply_id in self.positions:
            position = self.positions.pop(old_reply_id)
            self.touched_agencies.add(self.agencies.pop(old_reply_id))
            db = self.documents.connection
            self.removed.update(i for (i,) in db.execute("SELECT chunk_id FROM chunks WHERE reply_id = ?", (old_reply_id,)))
            self.documents.remove_reply(old_reply_id)
            self.replaced.append(reply.reply_id)
        else:
            position = self.next_position
            self.next_position += 1
            self.added.append(reply.reply_id)
        self.positions[reply.reply_id] = position
        self.touched_agencies.add(reply.meta.agency)
        for i, chunk in enumerate(prepared.chunks):
            chunk.chunk_id = self.chunks + i
        for i, commitment in enumerate(prepared.commitments):
            commitment.commitment_id = self.next_commitment + i
        self.next_commitment += len(prepared.commitments)
        self.documents.add_reply(position, reply, prepared.sha256, prepared.chunks, prepared.chunk_tokens,
                                 prepared.passages, prepared.hashes, prepared.commitments, prepared.commitment_tokens)
        self.chunk_reply.extend([position] * len(prepared.chunks))
        self.new_vectors.append(np.asarray(vectors, dtype=np.float32))
        for tokens in prepared.chunk_tokens:
            self.new_tokens.append(np.array([self.vocabulary.setdefault(t, len(self.vocabulary))
                                             for t in tokens or [EMPTY_DOCUMENT]], dtype=np.int32))

    def finish(self, manifest: dict, files: dict[str, str], alias_groups: list[list[str]], stage: Stages) -> None:
        """Relink the touched agencies' commitments, recompute BM25, write vectors and the manifest."""
        self.sentences.close()
        with stage("link_commitments"):
            self.documents.commit()
            self.documents.link_commitments(alias_groups, self.touched_agencies)
            self.documents.commit()

        with stage("bm25"):
            empty = np.array([self.vocabulary.setdefault(EMPTY_DOCUMENT, len(self.vocabulary))], dtype=np.int32)
            documents = [empty if i in self.removed else doc
                         for i, doc in enumerate(token_documents(self.token_ids, self.offsets))]
            documents += self.new_tokens
            live = np.array([i for i in range(len(documents)) if i not in self.removed], dtype=np.int64)
            # As a build does: the score matrix is built a block at a time into memory-mapped files.
            LexicalIndex.from_ids([documents[i] for i in live], self.vocabulary, rows=live, total=len(documents),
                                  scratch=self.staging / BM25_SCRATCH).save(self.staging / BM25_FOLDER)
            shutil.rmtree(self.staging / BM25_SCRATCH, ignore_errors=True)
            offsets = np.zeros(len(documents) + 1, dtype=np.int64)
            np.cumsum([len(d) for d in documents], out=offsets[1:])
            ids = np.lib.format.open_memmap(self.staging / TOKEN_IDS, mode="w+", dtype=np.int32, shape=(int(offsets[-1]),))
            for i, document in enumerate(documents):
                ids[offsets[i] : offsets[i + 1]] = document
            ids.flush()
            del ids
            np.save(self.staging / TOKEN_OFFSETS, offsets, allow_pickle=False)

        with stage("write_search_store"):
            # Appending keeps the vector index's kind (flat or IVF: new vectors join their nearest list).
            append_vectors(self.plan.previous, self.staging, self.new_vectors)
            np.save(self.staging / CHUNK_REPLY, np.array(self.chunk_reply, dtype=np.int32), allow_pickle=False)
            np.save(self.staging / REMOVED_CHUNKS, np.array(sorted(self.removed), dtype=np.int64), allow_pickle=False)

        db = self.documents.connection
        counts = {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                  for table in ("replies", "sections", "chunks", "commitments")}
        manifest.update(
            store=self.plan.manifest["store"], files=files, counts=counts,
            removed_chunks=len(self.removed), updated_from=self.plan.previous.name, sentence_vectors=self.sentences.rows,
        )
        with stage("write_documents"):
            self.documents.finish(manifest, fresh=False)

    def worth_building(self) -> bool:
        """Whether removed chunks have grown past REMOVED_AT_MOST: then a full build is better."""
        return len(self.removed) > REMOVED_AT_MOST * max(1, self.chunks)

    def abandon(self) -> None:
        self.sentences.close()
        self.documents.connection.close()


def stored_reply_ids(previous: Path) -> dict[str, str]:
    connection = sqlite3.connect(f"file:{previous / DATABASE}?mode=ro", uri=True)
    try:
        return dict(connection.execute("SELECT source, reply_id FROM replies"))
    finally:
        connection.close()
