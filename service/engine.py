"""The loaded service: index, model and answerer built once from Settings, shared by CLI and web."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np

from indexer.build import BuildSummary, TokenizerConfig, build_index, tokenizer_from_manifest
from indexer.chunk import ChunkingConfig
from indexer.embed import Embedder, SentenceTransformerEmbedder
from indexer.lexical import Tokenizer
from indexer.models import Commitment, Reply
from indexer.read import ReadOptions
from indexer.store import LoadedIndex, check_model, open_index, read_manifest
from service.answer import Answer, AnswerConfig, Answerer, validate_question
from service.facets import FacetField, Facets, FacetValue
from service.model_process import ModelProcess
from service.promises import PromiseFinder, answer_promise
from service.retrieve import Filters, RetrievalConfig, Retriever
from service.settings import Settings

logger = logging.getLogger(__name__)


class ReplyNotFoundError(LookupError):
    pass


# Asked once by a server before it reports ready (Engine.warm_up): an ordinary question and a
# promise question between them touch every lazy part of the answer path.
WARM_UP_QUESTIONS = ("答复中采取了哪些措施？", "答复承诺的事项有哪些？")


def limit_threads(threads: int, model_here: bool = True) -> None:
    """torch and FAISS threads for answering (Settings.query_threads); 0 leaves their defaults.
    Process-wide: a build later in the same process runs with the same threads. `model_here`: the
    model runs in this process (a ModelProcess sets its own torch threads, and importing torch
    here would cost the import it saves)."""
    if threads <= 0:
        return
    import faiss

    faiss.omp_set_num_threads(threads)
    if model_here:
        import torch

        torch.set_num_threads(threads)


T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    """One page of a listing and the size of the whole listing (limit None: everything)."""

    total: int
    items: list[T]
    limit: int | None = None
    offset: int = 0


def index_from_settings(settings: Settings, paths: list[Path] | None = None, progress: bool = False,
                        embedder: Embedder | None = None) -> BuildSummary:
    return build_index(
        paths or [settings.corpus],
        settings.index,
        embedder or SentenceTransformerEmbedder(settings.model),
        ChunkingConfig(settings.chunk_size, settings.chunk_overlap, settings.context_header),
        TokenizerConfig(mode=settings.tokenizer, extra_aliases=settings.aliases),
        progress=progress,
        store=settings.store,
        milvus_uri=settings.milvus_uri,
        reading=ReadOptions(max_bytes=int(settings.max_file_mb * 1024 * 1024),
                            follow_outside_links=settings.follow_outside_links, ocr=settings.ocr),
    )


@dataclass
class Engine:
    settings: Settings
    index: LoadedIndex
    answerer: Answerer

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None,
             retrieval: RetrievalConfig = RetrievalConfig(), answer: AnswerConfig = AnswerConfig(),
             warm: bool = False) -> "Engine":
        """Open the index and the model; with `warm`, also answer WARM_UP_QUESTIONS (a server, whose
        model loads in a process of its own meanwhile unless `embedder` is given)."""
        # The index decides the model: a DAFU_MODEL set differently from the build is an error.
        manifest = read_manifest(settings.index)
        model_setting = settings.model if "model" in settings.model_fields_set else None
        check_model(manifest, model_setting)
        started = ModelProcess(manifest["model"], settings.query_threads) if embedder is None and warm else None
        try:
            index = open_index(settings.index, model=model_setting, milvus_uri=settings.milvus_uri)
            embedder = embedder or started or SentenceTransformerEmbedder(manifest["model"])
            limit_threads(settings.query_threads, model_here=not isinstance(embedder, ModelProcess))
            retriever = Retriever(index, embedder, tokenizer_from_manifest(manifest), retrieval)
            engine = cls(settings=settings, index=index, answerer=Answerer(retriever, answer))
            if warm:
                engine.warm_up()  # waits for a model still loading in its process
        except BaseException:
            if started is not None:
                started.close()
            raise
        return engine

    def warm_up(self) -> None:
        """Pay before serving what the first questions would otherwise pay: jieba's dictionaries
        (the search tokenizer's and the one focus tagging uses), the model's first forward pass, the
        archive's names, the promise lookup, every agency name parsed (a filter by agency compares
        the name asked for with each agency of the archive) and the filter fields' values counted.
        What needs no model comes first, so it overlaps a model still loading in its process."""
        from service.phrase import without_places

        ordinary, promise = WARM_UP_QUESTIONS
        agencies = [a for a in self.index.documents.columns.agencies if a]
        by_agency = Filters(agency=agencies[0]) if agencies else None
        self.ask(promise)
        without_places(ordinary)  # jieba's part-of-speech tables
        self.facets  # noqa: B018  (counted once)
        self.answerer.retriever.allowed_replies(by_agency)  # every agency name parsed
        self.ask(ordinary)
        if by_agency is not None:
            self.ask(ordinary, filters=by_agency)

    @property
    def tokenizer(self) -> Tokenizer:
        return self.answerer.retriever.tokenizer

    def ask(self, question: str, k: int | None = None, filters: Filters | None = None) -> Answer:
        k = self.settings.default_k if k is None else k
        question = validate_question(question, k, self.settings.max_question_chars, self.settings.max_k)
        # "承诺过哪些…" is answered from the extracted commitments first, quoting the promises.
        promised = answer_promise(question, self.promises, filters, k)
        if promised is not None:
            return promised
        return self.answerer.ask(question, k=k, filters=filters)

    @cached_property
    def promises(self) -> PromiseFinder:
        return PromiseFinder(self.index, self.tokenizer, self.answerer.names)

    @cached_property
    def facets(self) -> Facets:
        return Facets(self.index.documents.columns)

    def facet_page(self, field: FacetField, search: str | None = None, limit: int | None = None,
                   offset: int = 0) -> Page[FacetValue]:
        """One page of a filter field's values, most replies first, those containing `search` only."""
        total, items = self.facets.values(field, search, limit, offset)
        return Page(total=total, items=items, limit=limit, offset=offset)

    def reply(self, reply_id: str) -> Reply:
        reply = self.index.replies.get(reply_id)
        if reply is None:
            raise ReplyNotFoundError(f"没有编号为 {reply_id!r} 的答复 (no reply {reply_id!r}; `dafu replies` lists them)")
        return reply

    def _positions(self, filters: Filters | None):
        allowed = self.answerer.retriever.allowed_replies(filters)
        return None if allowed is None else np.flatnonzero(allowed[0])

    def replies_page(self, filters: Filters | None = None, limit: int | None = None, offset: int = 0) -> Page[Reply]:
        """One page of the replies that pass the filters, newest first, with their total."""
        total, items = self.index.documents.replies_at(self._positions(filters), limit, offset)
        return Page(total=total, items=items, limit=limit, offset=offset)

    def replies(self, filters: Filters | None = None) -> list[Reply]:
        return self.replies_page(filters).items

    def commitments_page(self, filters: Filters | None = None, due_before: int | None = None,
                         kind: str | None = None, limit: int | None = None, offset: int = 0) -> Page[Commitment]:
        """One page of commitments (archive order) of the filtered replies, with their total."""
        conditions: list[str] = []
        params: list = []
        if due_before is not None:
            # Deadlines are ISO text led by the year (2025, 2025-06, 2025-Q3) and only promises carry
            # one (indexer.commitments): "in or before YEAR" is a range of the deadline index, which
            # also counts the total without reading a row, instead of a cast of every row's deadline.
            conditions.append("deadline < ?")
            params.append(f"{due_before + 1:04d}")
        if kind is not None:
            conditions.append("kind = ?")
            params.append(kind)
        total, items = self.index.documents.commitments_of(self._positions(filters), conditions, tuple(params), limit, offset)
        return Page(total=total, items=items, limit=limit, offset=offset)

    def commitments(self, filters: Filters | None = None, due_before: int | None = None) -> list[Commitment]:
        return self.commitments_page(filters, due_before).items
