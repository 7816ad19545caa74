"""Steps 1–3 of the build for one file at a time: read → parse → chunk → search tokens, plus the
reply's commitments. Files are prepared in worker processes (one per core) and come back in file
order, so the build's output does not depend on how many workers ran.

A chunk whose text (content hash) is unchanged since the previous build reuses its stored tokens
instead of being cut again, and reports its previous chunk id so the build can reuse its vector.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from indexer.chunk import ChunkingConfig, chunk_reply
from indexer.commitments import extract_commitments
from indexer.docstore import DATABASE, CommitmentTokens, PassageTokens, commitment_key, dumps
from indexer.lexical import Tokenizer
from indexer.models import Chunk, Commitment, Reply
from indexer.compilation import split_compilation
from indexer.parse import ParseError, parse_reply, part_source
from indexer.read import ReadError, ReadOptions, read_source
from indexer.sentences import split_sentences
from indexer.store import content_hash

FILES_PER_TASK = 16
IN_PROCESS_BELOW = 64  # fewer files than this are prepared in this process: starting workers costs more


@dataclass
class PreparedFile:
    """One reply of a file made ready for the index; `reply` is None when it could not be read or
    parsed. `name` is the file's: a compilation's replies share it, their `reply.source` differs."""

    name: str
    sha256: str = ""
    reply: Reply | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    ocr: tuple[int, float] | None = None  # (pages, seconds) of a scan read by OCR
    chunks: list[Chunk] = field(default_factory=list)  # chunk ids count from 0 within the reply
    hashes: list[str] = field(default_factory=list)  # content hash of each chunk
    chunk_tokens: list[list[str]] = field(default_factory=list)
    passages: list[PassageTokens] = field(default_factory=list)
    previous_ids: list[int] = field(default_factory=list)  # chunk id in the previous build, -1 if new text
    commitments: list[Commitment] = field(default_factory=list)
    commitment_tokens: list[CommitmentTokens] = field(default_factory=list)
    tokenized: int = 0  # chunks cut by jieba here; the others reused their stored tokens
    seconds: dict[str, float] = field(default_factory=dict)  # CPU time of each step for this file


@dataclass(frozen=True)
class PrepareConfig:
    """Everything a worker needs, picklable: it builds its own tokenizer and opens its own database."""

    model: str
    chunking: ChunkingConfig
    tokenizer: dict  # indexer.build.tokenizer_manifest(...)
    reading: ReadOptions = ReadOptions()
    previous: Path | None = None  # build folder whose stored tokens may be reused
    reuse_tokens: bool = False  # the previous build was cut by the same tokenizer


def context_line_of(chunk: Chunk) -> str:
    """The part of the indexed text before the chunk's own text (agency, title, section path)."""
    return chunk.embed_text[: len(chunk.embed_text) - len(chunk.text)] if chunk.embed_text.endswith(chunk.text) else ""


def passage_tokens(chunk: Chunk, tokenizer: Tokenizer) -> PassageTokens:
    context = context_line_of(chunk)
    return PassageTokens(context=tokenizer.tokenize(context) if context else [],
                         sentences=[(start, end, sentence, tokenizer.tokenize(sentence))
                                    for start, end, sentence in split_sentences(chunk.text)])


class Preparer:
    """Prepares files with one tokenizer and one read-only connection to the previous build."""

    def __init__(self, config: PrepareConfig, tokenizer: Tokenizer | None = None) -> None:
        from indexer.build import tokenizer_from_manifest

        self.config = config
        self._tokenizer = tokenizer  # the caller's, when it has one made from the same configuration
        self._from_manifest = tokenizer_from_manifest
        self.previous = None
        if config.previous is not None and (config.previous / DATABASE).exists():
            self.previous = sqlite3.connect(f"file:{config.previous / DATABASE}?mode=ro", uri=True)

    @property
    def tokenizer(self) -> Tokenizer:
        if self._tokenizer is None:  # made on first use: reading alone (parse_files) needs none
            self._tokenizer = self._from_manifest({"tokenizer": self.config.tokenizer})
        return self._tokenizer

    def read(self, path: Path, name: str) -> list[PreparedFile]:
        """Read and parse only (no chunks): what `parse_files` needs. One PreparedFile per reply the
        file holds: a compilation (答复汇编, indexer.compilation) gives several, all named by the file."""
        try:
            source = read_source(path, name, self.config.reading)
        except ReadError as error:
            return [PreparedFile(name=name, error=str(error))]
        compilation = split_compilation(source.text)
        count = len(compilation.parts)
        prepared: list[PreparedFile] = []
        for number, text in enumerate(compilation.parts, 1):
            try:
                # An HTML page's metadata table describes the page: it fills the first reply only.
                reply = parse_reply(text, part_source(name, number), hints=source.hints if number == 1 else None)
            except ParseError as error:
                where = f"（汇编第 {number} 份，part {number} of {count}）" if count > 1 else ""
                prepared.append(PreparedFile(name=name, error=f"{error}{where}"))
                continue
            prepared.append(PreparedFile(name=name, sha256=source.sha256, reply=reply))
        first = prepared[0]
        first.notes = list(source.notes)
        first.ocr = (source.ocr.pages, source.ocr.seconds) if source.ocr else None
        if count > 1:
            first.notes.append(
                f"答复汇编：拆成 {count} 份答复（{name}、{part_source(name, 2)}…），各按自己的文头和落款归属"
                + (f"；第一份之前的 {compilation.preface} 行（封面、目录）不属于任何答复，未编入索引" if compilation.preface else "")
                + f" (a compilation: split into {count} replies"
                + (f"; the {compilation.preface} lines before the first, a cover or contents, are not indexed)"
                   if compilation.preface else ")"))
        return prepared

    def prepare(self, path: Path, name: str) -> list[PreparedFile]:
        """Every reply of a file made ready for the index (one, or several for a compilation)."""
        clock = time.process_time()
        prepared = self.read(path, name)
        seconds = (time.process_time() - clock) / len(prepared)
        for one in prepared:
            one.seconds["read_parse"] = seconds
            if one.reply is not None:
                self._index(one)
        return prepared

    def _index(self, prepared: PreparedFile) -> None:
        """Chunks, search tokens and commitments of one parsed reply."""
        reply = prepared.reply
        assert reply is not None
        clock = time.process_time()
        prepared.chunks = chunk_reply(reply, self.config.chunking)
        prepared.hashes = [content_hash(self.config.model, c.embed_text) for c in prepared.chunks]
        stored = self._stored(prepared.hashes)
        prepared.seconds["chunk"] = time.process_time() - clock
        clock = time.process_time()
        for chunk, digest in zip(prepared.chunks, prepared.hashes):
            previous_id, tokens, passage = stored.get(digest, (-1, None, None))
            if tokens is None or passage is None:
                tokens, passage = self.tokenizer.tokenize(chunk.embed_text), passage_tokens(chunk, self.tokenizer)
                prepared.tokenized += 1
            prepared.previous_ids.append(previous_id)
            prepared.chunk_tokens.append(tokens)
            prepared.passages.append(passage)
        prepared.seconds["tokenize"] = time.process_time() - clock
        clock = time.process_time()
        prepared.commitments = extract_commitments(reply)
        prepared.seconds["commitments"] = time.process_time() - clock
        clock = time.process_time()
        title = self.tokenizer.tokenize(reply.title, expand=False)
        prepared.commitment_tokens = [CommitmentTokens(own=self.tokenizer.tokenize(commitment_key(c), expand=False),
                                                       title=title) for c in prepared.commitments]
        prepared.seconds["tokenize"] += time.process_time() - clock

    def _stored(self, hashes: list[str]) -> dict[str, tuple[int, list[str] | None, PassageTokens | None]]:
        """content hash -> (previous chunk id, its tokens, its passage tokens) for text seen before."""
        if self.previous is None or not hashes:
            return {}
        marks = ",".join("?" * len(hashes))
        found = {}
        for chunk_id, digest, tokens, passage, text in self.previous.execute(
                f"SELECT chunk_id, content_hash, tokens, passage, text FROM chunks WHERE content_hash IN ({marks})", hashes):
            if self.config.reuse_tokens:
                found[digest] = (chunk_id, json.loads(tokens), PassageTokens.from_json(passage, text))
            else:
                found[digest] = (chunk_id, None, None)
        return found


_worker: Preparer | None = None


def _start_worker(config: PrepareConfig) -> None:
    global _worker  # one Preparer per worker process, built once by the pool's initializer
    _worker = Preparer(config)


def _prepare_task(files: list[tuple[Path, str]]) -> list[PreparedFile]:
    assert _worker is not None
    return [prepared for path, name in files for prepared in _worker.prepare(path, name)]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)))


def prepare_files(files: list[tuple[Path, str]], config: PrepareConfig, workers: int | None = None,
                  tokenizer: Tokenizer | None = None) -> Iterator[PreparedFile]:
    """Prepared files in the order given (a compilation gives one per reply, in its order). Several worker processes when there are many files; a
    bounded number of tasks in flight, so memory does not grow with the archive. `tokenizer`: one
    already made from config.tokenizer, used when the files are prepared in this process."""
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(files) < IN_PROCESS_BELOW:
        preparer = Preparer(config, tokenizer)
        for path, name in files:
            yield from preparer.prepare(path, name)
        return
    tasks = [files[i : i + FILES_PER_TASK] for i in range(0, len(files), FILES_PER_TASK)]
    # fork, not spawn: spawn re-imports the caller's main module, which deadlocks on the index lock
    # in a script without a __main__ guard. The children run only jieba and SQLite, never torch, so
    # the parent's model threads do not matter to them.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"), initializer=_start_worker,
                             initargs=(config,)) as pool:
        pending: deque = deque()
        queue: Iterable = iter(tasks)
        for task in queue:
            pending.append(pool.submit(_prepare_task, task))
            if len(pending) >= 2 * workers:
                break
        while pending:
            done = pending.popleft().result()
            next_task = next(queue, None)
            if next_task is not None:
                pending.append(pool.submit(_prepare_task, next_task))
            yield from done
