"""The index pipeline: files → text → Reply → chunks (+ commitments) → vectors + BM25 → index folder."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from tqdm import tqdm

from indexer.chunk import ChunkingConfig, chunk_reply
from indexer.commitments import extract_archive_commitments
from indexer.docstore import CommitmentTokens, PassageTokens, PreviousTokens, commitment_key, dumps, previous_tokens
from indexer.embed import Embedder
from indexer.embedded import VectorIndexConfig
from indexer.lexical import LexicalIndex, Tokenizer, load_alias_groups
from indexer.lock import index_lock
from indexer.models import Chunk, Commitment, Reply
from indexer.parse import ParseError, parse_reply
from indexer.read import ReadError, ReadOptions, read_source, scan
from indexer.sentences import split_sentences
from indexer.searchstore import STORES
from indexer.store import (FORMAT_VERSION, IndexContents, IndexWriter, content_hash, previous_build,
                           previous_reply_ids, previous_vectors)

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
    seconds: float = 0.0
    tokenized: int = 0  # chunks cut by jieba in this build; the rest reused their stored tokens
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per build stage
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


def parse_files(paths: list[Path], summary: BuildSummary, progress: bool,
                reading: ReadOptions = ReadOptions(),
                previous_ids: dict[str, str] | None = None) -> tuple[list[Reply], dict[str, str]]:
    replies: list[Reply] = []
    hashes: list[str] = []
    files: list[tuple[Path, str]] = []
    for root in paths:
        try:
            found, passed_over = scan(root, reading)
        except ReadError as error:
            summary.skipped.append(SkippedFile(str(root), str(error)))
            continue
        files.extend(found)
        summary.skipped.extend(SkippedFile(s.name, s.reason) for s in passed_over)
    for path, name in tqdm(files, desc="解析 parse", unit="file", disable=not progress):
        try:
            source = read_source(path, name, reading)
            reply = parse_reply(source.text, name, hints=source.hints)
        except (ReadError, ParseError) as error:
            summary.skipped.append(SkippedFile(name, str(error)))
            continue
        summary.warnings.extend(f"{name}: {note}" for note in source.notes)
        if source.ocr:
            summary.ocr.append(OcrFile(name, source.ocr.pages, source.ocr.seconds))
        replies.append(reply)
        hashes.append(source.sha256)
    assign_reply_ids(replies, previous_ids or {}, summary)
    return replies, {reply.reply_id: sha for reply, sha in zip(replies, hashes)}


def assign_reply_ids(replies: list[Reply], previous: dict[str, str], summary: BuildSummary) -> None:
    """Make reply ids unique without renaming a reply a saved link points to: a file keeps the id it
    had in the previous index; other files sharing a document number get -2, -3… in file order."""

    def suffix_of(reply_id: str, base: str) -> bool:
        return reply_id == base or (reply_id.startswith(base + "-") and reply_id[len(base) + 1:].isdigit())

    taken: set[str] = set()
    kept: set[int] = set()
    for i, reply in enumerate(replies):
        old = previous.get(reply.source)
        if old is not None and suffix_of(old, reply.reply_id) and old not in taken:
            reply.reply_id = old
            taken.add(old)
            kept.add(i)
    for i, reply in enumerate(replies):
        if i in kept:
            continue
        base, suffix = reply.reply_id, 2
        while reply.reply_id in taken:
            reply.reply_id = f"{base}-{suffix}"
            suffix += 1
        if reply.reply_id != base:
            summary.warnings.append(f"{reply.source}: 文号与另一文件相同，编号改为 {reply.reply_id} (duplicate document number)")
        taken.add(reply.reply_id)


def embed_chunks(chunks: list[Chunk], embedder: Embedder, cache: dict[str, np.ndarray],
                 summary: BuildSummary, progress: bool, batch: int = 64) -> np.ndarray:
    vectors = np.zeros((len(chunks), embedder.dimension), dtype=np.float32)
    todo: list[int] = []
    for i, chunk in enumerate(chunks):
        cached = cache.get(content_hash(embedder.name, chunk.embed_text))
        if cached is not None and cached.shape[0] == embedder.dimension:
            vectors[i] = cached
        else:
            todo.append(i)
    summary.reused = len(chunks) - len(todo)
    summary.embedded = len(todo)
    # Batches of similar length waste less padding (sentence-transformers does the same inside a call).
    todo.sort(key=lambda i: len(chunks[i].embed_text))
    with tqdm(total=len(todo), desc="嵌入 embed", unit="chunk", disable=not progress or not todo) as bar:
        for offset in range(0, len(todo), batch):
            rows = todo[offset : offset + batch]
            vectors[rows] = embedder.encode([chunks[i].embed_text for i in rows])
            bar.update(len(rows))
    return vectors


def context_line_of(chunk: Chunk) -> str:
    """The part of the indexed text before the chunk's own text (agency, title, section path)."""
    return chunk.embed_text[: len(chunk.embed_text) - len(chunk.text)] if chunk.embed_text.endswith(chunk.text) else ""


def passage_tokens(chunk: Chunk, tokenizer: Tokenizer) -> PassageTokens:
    context = context_line_of(chunk)
    return PassageTokens(context=tokenizer.tokenize(context) if context else [],
                         sentences=[(start, end, sentence, tokenizer.tokenize(sentence))
                                    for start, end, sentence in split_sentences(chunk.text)])


def tokenize_chunks(chunks: list[Chunk], tokenizer: Tokenizer, previous: PreviousTokens, model: str,
                    summary: BuildSummary, progress: bool) -> tuple[list[list[str]], list[PassageTokens]]:
    """BM25 tokens of every chunk, and the context and sentence tokens answers quote by; a chunk
    whose text is unchanged reuses its stored tokens."""
    tokens: list[list[str]] = []
    passages: list[PassageTokens] = []
    for chunk in tqdm(chunks, desc="分词 tokenize", unit="chunk", disable=not progress):
        digest = content_hash(model, chunk.embed_text)
        stored, passage = previous.chunks.get(digest), previous.passages.get(digest)
        if stored is None or passage is None:
            stored, passage = tokenizer.tokenize(chunk.embed_text), passage_tokens(chunk, tokenizer)
            summary.tokenized += 1
        tokens.append(stored)
        passages.append(passage)
    return tokens, passages


def tokenize_commitments(commitments: list[Commitment], replies: list[Reply], tokenizer: Tokenizer,
                         previous: PreviousTokens) -> list[CommitmentTokens]:
    """What a promise question is matched against, cut once here instead of on the first question;
    unchanged commitments and titles reuse the previous build's tokens."""
    titles = {r.reply_id: previous.titles.get(r.title) or tokenizer.tokenize(r.title, expand=False) for r in replies}
    found = []
    for c in commitments:
        key = commitment_key(c)
        own = previous.commitments.get(key)
        found.append(CommitmentTokens(own=own if own is not None else tokenizer.tokenize(key, expand=False),
                                      title=titles[c.reply_id]))
    return found


class _Stage:
    """Times one build stage into summary.stages."""

    def __init__(self, summary: BuildSummary, name: str) -> None:
        self.summary, self.name = summary, name

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *_) -> None:
        self.summary.stages[self.name] = round(time.perf_counter() - self.started, 3)


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
) -> BuildSummary:
    """Index every reply under `paths` into `index_root`; the previous index stays until the swap.
    One build at a time per index folder: a second one waits for the lock (indexer/lock.py)."""
    if store not in STORES:
        raise ValueError(f"unknown store {store!r}; choose one of {', '.join(STORES)}")
    with index_lock(index_root, timeout=lock_timeout):
        return _build_index(paths, index_root, embedder, chunking, tokenizer, progress, store, milvus_uri,
                            vector_index, reading)


def _build_index(paths: list[Path], index_root: Path, embedder: Embedder, chunking: ChunkingConfig,
                 tokenizer: TokenizerConfig, progress: bool, store: str, milvus_uri: str | None,
                 vector_index: VectorIndexConfig, reading: ReadOptions) -> BuildSummary:
    started = time.perf_counter()
    summary = BuildSummary(index=index_root)
    with _Stage(summary, "read_parse"):
        replies, hashes = parse_files(paths, summary, progress, reading, previous_reply_ids(index_root))
    if not replies:
        raise NothingToIndexError(summary)

    with _Stage(summary, "chunk"):
        chunks: list[Chunk] = []
        for reply in replies:
            chunks.extend(chunk_reply(reply, chunking, first_id=len(chunks)))
    with _Stage(summary, "commitments"):
        commitments = extract_archive_commitments(replies)

    with _Stage(summary, "embed"):
        vectors = embed_chunks(chunks, embedder, previous_vectors(index_root, embedder.name), summary, progress)
    lexical_tokenizer = tokenizer.make()
    tokenizer_config = tokenizer_manifest(lexical_tokenizer)
    with _Stage(summary, "tokenize"):
        previous = previous_tokens(previous_build(index_root, embedder.name), dumps(tokenizer_config))
        chunk_tokens, passages = tokenize_chunks(chunks, lexical_tokenizer, previous, embedder.name, summary, progress)
        commitment_tokens = tokenize_commitments(commitments, replies, lexical_tokenizer, previous)
    with _Stage(summary, "bm25"):
        lexical = LexicalIndex.build(chunk_tokens)

    summary.replies = len(replies)
    summary.sections = sum(len(r.sections) for r in replies)
    summary.chunks = len(chunks)
    summary.commitments = len(commitments)
    manifest = {
        "format_version": FORMAT_VERSION,
        "model": embedder.name,
        "dimension": embedder.dimension,
        "normalized": True,
        "metric": "inner_product",
        "chunking": {"chunk_size": chunking.chunk_size, "chunk_overlap": chunking.chunk_overlap,
                     "context_header": chunking.context_header},
        "tokenizer": tokenizer_config,
        "counts": {"replies": summary.replies, "sections": summary.sections, "chunks": summary.chunks,
                   "commitments": summary.commitments},
        "files": {reply.source: hashes[reply.reply_id] for reply in replies},
        "skipped": [{"name": s.name, "reason": s.reason} for s in summary.skipped],
        "ocr": [{"name": o.name, "pages": o.pages, "seconds": o.seconds} for o in summary.ocr],
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    writer = IndexWriter(index_root)
    writer.write(
        IndexContents(replies=replies, sha256=hashes, chunks=chunks, vectors=vectors, lexical=lexical,
                      chunk_tokens=chunk_tokens, passage_tokens=passages, commitments=commitments, commitment_tokens=commitment_tokens,
                      store=store, milvus_uri=milvus_uri, vector_index=vector_index),
        manifest, summary.stages,
    )
    summary.cleaned = writer.cleaned
    summary.seconds = time.perf_counter() - started
    return summary
