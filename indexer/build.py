"""The index pipeline: files → text → Reply → chunks (+ commitments) → vectors + BM25 → index folder.

The build streams: worker processes prepare files (indexer.prepare: read, parse, chunk, cut tokens,
find commitments), this process embeds a window of files at a time and writes their rows to the
staging folder (indexer.staging), so memory holds a window, not the archive. When only a few files
changed since the current build, `dafu index` updates it instead (indexer.update).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from tqdm import tqdm

from indexer.chunk import ChunkingConfig
from indexer.docstore import dumps
from indexer.embed import Embedder
from indexer.embedded import VectorIndexConfig
from indexer.lexical import Tokenizer, load_alias_groups
from indexer.lock import index_lock
from indexer.models import Reply
from indexer.parse import split_source
from indexer.prepare import PrepareConfig, PreparedFile, Preparer, prepare_files
from indexer.prepare import context_line_of  # noqa: F401  (re-exported: tests and eval read it here)
from indexer.read import ReadError, ReadOptions, scan
from indexer.searchstore import STORES
from indexer.sentence_vectors import SentenceVectors, SentenceVectorWriter
from indexer.staging import BuildStream, Stages
from indexer.store import FORMAT_VERSION, IndexWriter, PreviousVectors, previous_build, previous_reply_ids
from indexer.update import IndexUpdate, UpdatePlan, plan_update, reader_version, stored_reply_ids

logger = logging.getLogger(__name__)


class NothingToIndexError(Exception):
    """No file could be indexed; the summary's skipped list says why for each."""


@dataclass
class SkippedFile:
    name: str
    reason: str


@dataclass
class OcrFile:
    name: str
    pages: int
    seconds: float


@dataclass
class BuildSummary:
    index: Path
    replies: int = 0
    sections: int = 0
    chunks: int = 0
    commitments: int = 0
    embedded: int = 0
    reused: int = 0
    sentences_embedded: int = 0  # distinct chunk sentences encoded for the meaning check
    sentences_reused: int = 0  # ...and those whose vector the previous build had stored
    seconds: float = 0.0
    tokenized: int = 0  # chunks cut by jieba in this build; the rest reused their stored tokens
    updated: bool = False  # the current build was updated in place of a full build (indexer.update)
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # wall seconds per build stage
    stages_cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds of this process per build stage
    worker_seconds: dict[str, float] = field(default_factory=dict)  # CPU seconds per preparing step, all workers
    ocr: list[OcrFile] = field(default_factory=list)  # scans read by OCR, with the time each took
    cleaned: list[str] = field(default_factory=list)  # leftover folders removed, each with why


@dataclass(frozen=True)
class TokenizerConfig:
    mode: str = "search"
    aliases: bool = True
    stopwords: bool = True
    numbers: bool = True  # off only to measure it (eval/)
    question_words: bool = True  # off only to measure it (eval/)
    extra_aliases: Path | None = None  # a user's alias groups, added to indexer/data/aliases.json

    def make(self) -> Tokenizer:
        return Tokenizer(
            mode=self.mode, aliases=self.aliases, stopwords=self.stopwords, numbers=self.numbers,
            question_words=self.question_words,
            alias_groups=load_alias_groups(self.extra_aliases) if self.aliases else [],
        )


def tokenizer_manifest(tokenizer: Tokenizer) -> dict:
    """The tokenizer's build parameters, alias groups included: queries must be cut the same way."""
    return {"mode": tokenizer.mode, "aliases": tokenizer.aliases, "stopwords": tokenizer.stopwords,
            "numbers": tokenizer.numbers, "question_words": tokenizer.question_words,
            "alias_groups": tokenizer.alias_groups}


def tokenizer_from_manifest(manifest: dict) -> Tokenizer:
    config = manifest.get("tokenizer", {})
    return Tokenizer(
        mode=config.get("mode", "search"), aliases=config.get("aliases", True),
        stopwords=config.get("stopwords", True), numbers=config.get("numbers", True),
        question_words=config.get("question_words", True), alias_groups=config.get("alias_groups") or [],
    )


def find_files(paths: list[Path], summary: BuildSummary, reading: ReadOptions) -> list[tuple[Path, str]]:
    """Every file under `paths` as (path, name); what cannot be read is listed in the summary."""
    files: list[tuple[Path, str]] = []
    for root in paths:
        try:
            found, passed_over = scan(root, reading)
        except ReadError as error:
            summary.skipped.append(SkippedFile(str(root), str(error)))
            continue
        files.extend(found)
        summary.skipped.extend(SkippedFile(s.name, s.reason) for s in passed_over)
    return files


def note_file(prepared: PreparedFile, summary: BuildSummary) -> bool:
    """Record a prepared file's problems and notes; whether it holds a reply to index."""
    if prepared.reply is None:
        summary.skipped.append(SkippedFile(prepared.name, prepared.error or "?"))
        return False
    summary.warnings.extend(f"{prepared.name}: {note}" for note in prepared.notes)
    if prepared.ocr:
        summary.ocr.append(OcrFile(prepared.name, *prepared.ocr))
    return True


def parse_files(paths: list[Path], summary: BuildSummary, progress: bool,
                reading: ReadOptions = ReadOptions(),
                previous_ids: dict[str, str] | None = None) -> tuple[list[Reply], dict[str, str]]:
    """Read and parse every file (no chunks, no index): the replies and reply_id -> file hash."""
    files = find_files(paths, summary, reading)
    preparer = Preparer(PrepareConfig(model="", chunking=ChunkingConfig(), tokenizer={}, reading=reading))
    ids = ReplyIds(previous_ids or {}, [name for _, name in files])
    replies, hashes = [], {}
    for path, name in tqdm(files, desc="解析 parse", unit="file", disable=not progress):
        for prepared in preparer.read(path, name):
            if note_file(prepared, summary):
                ids.assign(prepared, summary)
                replies.append(prepared.reply)
                hashes[prepared.reply.reply_id] = prepared.sha256
    return replies, hashes


class ReplyIds:
    """Reply ids, unique in the build, without renaming a reply a saved link points to: a file keeps
    the id it had in the previous index; a file sharing a document number with another gets -2, -3…
    in file order. Ids are given as files stream in, so the previous ids of files not reached yet
    stay reserved for them."""

    def __init__(self, previous: dict[str, str], files: list[str], taken: set[str] | None = None) -> None:
        self.previous = previous  # reply source -> id; a compilation's replies each have a source
        names = set(files)
        self.reserved = {reply_id: source for source, reply_id in previous.items() if split_source(source)[0] in names}
        self.taken: set[str] = set(taken or ())  # ids of replies kept from the previous build (an update)

    @staticmethod
    def _suffix_of(reply_id: str, base: str) -> bool:
        return reply_id == base or (reply_id.startswith(base + "-") and reply_id[len(base) + 1:].isdigit())

    def assign(self, prepared: PreparedFile, summary: BuildSummary) -> None:
        """Give the prepared reply its id, and its chunks and commitments with it."""
        reply = prepared.reply
        parsed = reply.reply_id
        old = self.previous.get(reply.source)
        if old is not None and self.reserved.get(old) == reply.source:
            del self.reserved[old]
        if old is not None and self._suffix_of(old, parsed) and old not in self.taken:
            reply.reply_id = old
        else:
            base, suffix = parsed, 2
            while reply.reply_id in self.taken or reply.reply_id in self.reserved:
                reply.reply_id = f"{base}-{suffix}"
                suffix += 1
            if reply.reply_id != base:
                summary.warnings.append(f"{reply.source}: 文号与另一文件相同，编号改为 {reply.reply_id} (duplicate document number)")
        self.taken.add(reply.reply_id)
        for item in [*prepared.chunks, *prepared.commitments]:
            item.reply_id = reply.reply_id


class Embedding:
    """Vectors for a window of prepared files: reused by content hash from the previous build where
    the text is unchanged, the rest encoded in batches of similar length. The same for the chunks'
    sentences (indexer.sentence_vectors), each stored once."""

    def __init__(self, embedder: Embedder, previous: PreviousVectors, summary: BuildSummary, progress: bool = False,
                 batch: int = 64, previous_sentences: SentenceVectors | None = None) -> None:
        self.embedder, self.previous, self.summary, self.batch = embedder, previous, summary, batch
        self.previous_sentences = previous_sentences
        # The model is the slow part of a real build: its own bar counts the chunks it encodes.
        self.bar = tqdm(desc="嵌入 embed", unit="chunk", disable=not progress)
        self.sentence_bar = tqdm(desc="句向量 sentences", unit="sentence", disable=not progress)

    def sentence_vectors(self, window: list[PreparedFile], store: SentenceVectorWriter) -> None:
        """Store a vector for every sentence of the window's chunks that has none yet."""
        todo = store.missing([s for f in window for p in f.passages for _, _, s, _ in p.sentences])
        if not todo:
            return
        found = self.previous_sentences.get(todo) if self.previous_sentences is not None else {}
        if found:
            reused = [s for s in todo if s in found]
            store.add(reused, np.stack([found[s] for s in reused]))
            todo = [s for s in todo if s not in found]
        self.summary.sentences_reused += len(found)
        self.summary.sentences_embedded += len(todo)
        todo.sort(key=len)
        step = 4 * self.batch  # sentences are short: bigger calls, the same padding waste
        for offset in range(0, len(todo), step):
            batch = todo[offset : offset + step]
            store.add(batch, self.embedder.encode(batch))
            self.sentence_bar.update(len(batch))

    def vectors(self, window: list[PreparedFile]) -> list[np.ndarray]:
        chunks = [(f, i) for f in window for i in range(len(f.chunks))]
        vectors = np.zeros((len(chunks), self.embedder.dimension), dtype=np.float32)
        todo: list[int] = []
        for row, (prepared, i) in enumerate(chunks):
            cached = self.previous.get(prepared.previous_ids[i], self.embedder.dimension)
            if cached is not None:
                vectors[row] = cached
            else:
                todo.append(row)
        self.summary.reused += len(chunks) - len(todo)
        self.summary.embedded += len(todo)
        # Batches of similar length waste less padding (sentence-transformers does the same inside a call).
        todo.sort(key=lambda row: len(chunks[row][0].chunks[chunks[row][1]].embed_text))
        for offset in range(0, len(todo), self.batch):
            rows = todo[offset : offset + self.batch]
            vectors[rows] = self.embedder.encode([chunks[r][0].chunks[chunks[r][1]].embed_text for r in rows])
            self.bar.update(len(rows))
        out, start = [], 0
        for prepared in window:
            out.append(vectors[start : start + len(prepared.chunks)])
            start += len(prepared.chunks)
        return out


EMBED_WINDOW = 2048  # chunks embedded and written together: enough for full batches, little memory


def build_index(
    paths: list[Path],
    index_root: Path,
    embedder: Embedder,
    chunking: ChunkingConfig = ChunkingConfig(),
    tokenizer: TokenizerConfig = TokenizerConfig(),
    progress: bool = False,
    store: str = "embedded",
    milvus_uri: str | None = None,
    vector_index: VectorIndexConfig = VectorIndexConfig(),
    reading: ReadOptions = ReadOptions(),
    lock_timeout: float | None = None,
    workers: int | None = None,
    update: bool = True,
) -> BuildSummary:
    """Index every reply under `paths` into `index_root`; the previous index stays until the swap.
    One build at a time per index folder: a second one waits for the lock (indexer/lock.py).
    `workers`: processes preparing files (default: one per core). `update`: when only a few files
    changed since the current build, update it instead of building again (indexer.update)."""
    if store not in STORES:
        raise ValueError(f"unknown store {store!r}; choose one of {', '.join(STORES)}")
    with index_lock(index_root, timeout=lock_timeout):
        started = time.perf_counter()
        summary = BuildSummary(index=index_root)
        lexical_tokenizer = tokenizer.make()
        files = find_files(paths, summary, reading)
        scan_skipped = list(summary.skipped)
        previous = previous_build(index_root, embedder.name)
        manifest = {
            "format_version": FORMAT_VERSION,
            "reader": reader_version(),
            "model": embedder.name,
            "dimension": embedder.dimension,
            "normalized": True,
            "metric": "inner_product",
            "chunking": {"chunk_size": chunking.chunk_size, "chunk_overlap": chunking.chunk_overlap,
                         "context_header": chunking.context_header},
            "tokenizer": tokenizer_manifest(lexical_tokenizer),
        }
        plan = plan_update(previous, files, manifest, store) if update else None
        if plan is not None:
            if _update_index(plan, index_root, embedder, dict(manifest), lexical_tokenizer, reading, summary):
                summary.seconds = time.perf_counter() - started
                return summary
            summary = BuildSummary(index=index_root, skipped=summary.skipped[:len(scan_skipped)])
        _build_index(files, previous, index_root, embedder, manifest, lexical_tokenizer, progress, store,
                     milvus_uri, vector_index, reading, workers, summary)
        summary.seconds = time.perf_counter() - started
        return summary


def _build_index(files: list[tuple[Path, str]], previous: Path | None, index_root: Path, embedder: Embedder,
                 manifest: dict, tokenizer: Tokenizer, progress: bool, store: str, milvus_uri: str | None,
                 vector_index: VectorIndexConfig, reading: ReadOptions, workers: int | None,
                 summary: BuildSummary) -> None:
    chunking = ChunkingConfig(**manifest["chunking"])
    tokenizer_config = manifest["tokenizer"]
    config = PrepareConfig(model=embedder.name, chunking=chunking, tokenizer=tokenizer_config, reading=reading,
                           previous=previous, reuse_tokens=previous is not None and _same_tokenizer(previous, tokenizer_config))
    ids = ReplyIds(previous_reply_ids(index_root), [name for _, name in files])
    embedding = Embedding(embedder, PreviousVectors(previous), summary, progress,
                          previous_sentences=SentenceVectors.open(previous, embedder.name, embedder.dimension)
                          if previous is not None else None)

    stage = Stages(summary.stages, summary.stages_cpu)
    writer = IndexWriter(index_root)
    staging, build = writer.stage()
    stream = BuildStream(staging, embedder.dimension, embedder.name)
    window: list[PreparedFile] = []
    window_chunks = 0

    def flush() -> None:
        nonlocal window, window_chunks
        with stage("embed"):
            vectors = embedding.vectors(window)
        with stage("embed_sentences"):
            embedding.sentence_vectors(window, stream.sentences)
        with stage("write_rows"):
            for prepared, rows in zip(window, vectors):
                stream.add(prepared, rows)
            stream.commit()
        window, window_chunks = [], 0

    bar = tqdm(total=len(files), desc="索引 index", unit="file", disable=not progress)
    prepare_started, prepare_cpu = time.perf_counter(), time.process_time()
    for prepared in prepare_files(files, config, workers, tokenizer):
        bar.update(1)
        for step, seconds in prepared.seconds.items():
            summary.worker_seconds[step] = round(summary.worker_seconds.get(step, 0.0) + seconds, 3)
        if not note_file(prepared, summary):
            continue
        ids.assign(prepared, summary)
        summary.tokenized += prepared.tokenized
        window.append(prepared)
        window_chunks += len(prepared.chunks)
        if window_chunks >= EMBED_WINDOW:
            flush()
    if window:
        flush()
    bar.close()
    embedding.bar.close()
    embedding.sentence_bar.close()
    # Preparing runs in the workers while this process embeds and writes: its own time is the rest.
    for clock, started, times in [(time.perf_counter, prepare_started, summary.stages),
                                  (time.process_time, prepare_cpu, summary.stages_cpu)]:
        times["prepare"] = round(clock() - started - times.get("embed", 0.0) - times.get("embed_sentences", 0.0)
                                 - times.get("write_rows", 0.0), 3)
    if not stream.replies:
        stream.abandon()
        writer.clean_stale()
        raise NothingToIndexError(summary)

    summary.replies, summary.sections = stream.replies, stream.sections
    summary.chunks, summary.commitments = stream.chunks, stream.commitments
    manifest.update(
        counts={"replies": summary.replies, "sections": summary.sections, "chunks": summary.chunks,
                "commitments": summary.commitments},
        files=stream.files, **_run_notes(summary),
    )
    stream.finish(manifest, tokenizer.alias_groups, store, milvus_uri, vector_index, build, stage)
    with stage("publish"):
        writer.publish(staging, build, manifest)
    summary.cleaned = writer.cleaned


def _run_notes(summary: BuildSummary) -> dict:
    return {"skipped": [{"name": s.name, "reason": s.reason} for s in summary.skipped],
            "ocr": [{"name": o.name, "pages": o.pages, "seconds": o.seconds} for o in summary.ocr],
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def _update_index(plan: UpdatePlan, index_root: Path, embedder: Embedder, manifest: dict, tokenizer: Tokenizer,
                  reading: ReadOptions, summary: BuildSummary) -> bool:
    """Update the current build for the plan's changed files (indexer.update). False, with nothing
    swapped in, when a full build is the better answer after all (a file that was indexed no longer
    parses, or removed chunks have grown past their share)."""
    summary.updated = True
    stage = Stages(summary.stages, summary.stages_cpu)
    writer = IndexWriter(index_root)
    staging, build = writer.stage()
    update = IndexUpdate(plan, staging)
    old_ids = stored_reply_ids(plan.previous)
    changed_names = {name for _, name in plan.changed}
    changed_sources = {source for source in old_ids if split_source(source)[0] in changed_names}
    ids = ReplyIds(old_ids, sorted(changed_names),
                   taken={rid for source, rid in old_ids.items() if source not in changed_sources})
    config = PrepareConfig(model=embedder.name, chunking=ChunkingConfig(**manifest["chunking"]),
                           tokenizer=manifest["tokenizer"], reading=reading, previous=plan.previous, reuse_tokens=True)
    embedding = Embedding(embedder, PreviousVectors(plan.previous), summary)
    files = dict(plan.manifest["files"])
    with stage("prepare"):
        prepared_files = list(prepare_files(plan.changed, config, workers=1, tokenizer=tokenizer))
    # A reply that was indexed and is gone (a file that no longer parses, a compilation that now
    # holds fewer replies) would leave its position empty: build instead.
    if changed_sources - {prepared.reply.source for prepared in prepared_files if prepared.reply is not None}:
        update.abandon()
        return False
    for prepared in prepared_files:
        if not note_file(prepared, summary):
            continue
        ids.assign(prepared, summary)
        summary.tokenized += prepared.tokenized
        with stage("embed"):
            [vectors] = embedding.vectors([prepared])
        with stage("embed_sentences"):
            embedding.sentence_vectors([prepared], update.sentences)
        with stage("write_rows"):
            update.apply(prepared, vectors, old_ids.get(prepared.reply.source))
        files[prepared.name] = prepared.sha256
    if update.worth_building():
        update.abandon()
        return False
    manifest.update(_run_notes(summary))
    update.finish(manifest, files, tokenizer.alias_groups, stage)
    with stage("publish"):
        writer.publish(staging, build, manifest)
    counts = manifest["counts"]
    summary.replies, summary.sections = counts["replies"], counts["sections"]
    summary.chunks, summary.commitments = counts["chunks"], counts["commitments"]
    summary.reused = summary.chunks - summary.embedded  # every other chunk kept its vector
    summary.cleaned = writer.cleaned
    return True


def _same_tokenizer(folder: Path, tokenizer_config: dict) -> bool:
    """Whether the build in `folder` was cut by this tokenizer (its stored tokens can be reused)."""
    import json

    try:
        with open(folder / "manifest.json", encoding="utf-8") as handle:
            return dumps(json.load(handle).get("tokenizer")) == dumps(tokenizer_config)
    except (OSError, ValueError):
        return False
