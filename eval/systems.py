"""The systems under test: each configuration becomes something that answers one question.

Dafu configurations are built the way the service builds itself (indexer.build.build_index, then a
Retriever and an Answerer over the loaded index); the naive pipeline is eval/naive.py. Every system
returns an Outcome: the ranked sections, whether it abstained, the answer text, and its latency.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from eval.configs import EvalConfig
from eval.naive import NaiveIndex
from indexer.build import BuildSummary, build_index, parse_files
from indexer.embed import Embedder
from indexer.models import Reply
from indexer.store import LoadedIndex, open_index
from service.answer import Answerer
from service.retrieve import Filters, Retriever

logger = logging.getLogger(__name__)

RANK_DEPTH = 10  # citations asked for (k), and the depth of MRR@10 / nDCG@10


@dataclass
class Outcome:
    sections: list[tuple[str, str]]  # (reply id, section id), best first, no repeats
    abstained: bool
    answer: str
    latency_ms: float
    features: dict[str, float] = field(default_factory=dict)  # what the abstention rule saw
    kind: str = ""  # the answer's kind (quote, field, promise, abstain); "" for the naive pipeline


class CachingEmbedder:
    """Remembers every passage vector, so configurations that index the same text embed it once.

    Only index builds go through the cache; questions are encoded by the real embedder, so the
    measured latency is the real one.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.inner = embedder
        self.name = embedder.name
        self.dimension = embedder.dimension
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            for text, vector in zip(todo, self.inner.encode(todo, progress=progress)):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts]).astype(np.float32)


class QueryCache:
    """Encodes each question once per model for the whole run, and remembers how long that took.

    Every configuration asks the same questions, and encoding is most of a question's time. A
    configuration that finds the vector here is charged the recorded encoding time (`charge`), so its
    measured latency still includes encoding the question, as the service's does.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.inner = embedder
        self.name = embedder.name
        self.dimension = embedder.dimension
        self._vectors: dict[str, tuple[np.ndarray, float]] = {}
        self.charge = 0.0  # seconds of encoding the cache saved since the last reset

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if len(texts) != 1:  # not a question: nothing to share
            return self.inner.encode(texts, progress=progress)
        text = texts[0]
        if text in self._vectors:
            vector, seconds = self._vectors[text]
            self.charge += seconds
            return vector[None, :].copy()
        started = time.perf_counter()
        vector = self.inner.encode(texts, progress=progress)
        self._vectors[text] = (vector[0], time.perf_counter() - started)
        return vector


class Models:
    """One loaded model per name for the whole run (loading is the slow part)."""

    def __init__(self) -> None:
        self._loaded: dict[str, CachingEmbedder] = {}
        self._queries: dict[str, QueryCache] = {}

    def get(self, name: str) -> CachingEmbedder:
        if name not in self._loaded:
            from indexer.embed import SentenceTransformerEmbedder

            self._loaded[name] = CachingEmbedder(SentenceTransformerEmbedder(name))
        return self._loaded[name]

    def queries(self, name: str) -> QueryCache:
        """The model as questions are encoded through it: once per question for the whole run."""
        if name not in self._queries:
            self._queries[name] = QueryCache(self.get(name).inner)
        return self._queries[name]


class DafuSystem:
    """The service's own Engine over an index built for this configuration."""

    def __init__(self, config: EvalConfig, index: LoadedIndex, embedder: Embedder, tokenizer) -> None:
        from service.engine import Engine
        from service.settings import Settings

        self.config = config
        self.retriever = Retriever(index, embedder, tokenizer, config.retrieval)
        self.answerer = Answerer(self.retriever, config.answer)
        # model_construct: the shipped query limits, whatever DAFU_* variables are set.
        self.engine = Engine(settings=Settings.model_construct(), index=index, answerer=self.answerer)

    def run(self, question: str, filters: dict | None = None) -> Outcome:
        chosen = Filters(**filters) if filters else None
        embedder = self.retriever.embedder
        if isinstance(embedder, QueryCache):
            embedder.charge = 0.0
        started = time.perf_counter()
        answer = self.engine.ask(question, k=RANK_DEPTH, filters=chosen)
        latency = (time.perf_counter() - started) * 1000
        if isinstance(embedder, QueryCache):
            latency += embedder.charge * 1000  # the encoding another configuration did for this question
        # Outside the timing: the abstention rule's inputs for every question (so the threshold can be
        # replayed) and the ranking an abstention does not show. A quoted or field answer is already
        # what respond(..., allow_abstain=False) returns; a promise answer or an abstention is not.
        routed = answer.kind == "promise"
        result = self.retriever.search(question, k=RANK_DEPTH, filters=chosen)  # the question's vector is cached
        unfiltered = self.answerer.respond(question, result, RANK_DEPTH, allow_abstain=False) \
            if answer.abstained or routed else answer
        ranked = unfiltered if answer.abstained else answer
        focus = unfiltered.focus or {}
        return Outcome(
            sections=[(c.reply_id, c.section_id) for c in ranked.citations],
            abstained=answer.abstained,
            # The answer as shown, and its quotes verbatim: an expected fact counts whether or not
            # a bracketed note (我委〔区科经委〕) was inserted into it.
            answer="" if answer.abstained else answer.answer + "\n" + "".join(s.text for s in answer.sentences),
            latency_ms=latency,
            kind=answer.kind,
            features={"evidence": float(unfiltered.evidence), "agreement": float(unfiltered.agreement),
                      "routed": float(routed), "hits": float(bool(result.hits)),
                      "named": float(bool(result.named_replies)),
                      "field": float(answer.kind == "field"), "field_abstained": float(answer.abstained),
                      "focus_supported": float(focus.get("supported", True)),
                      "focus_share": float(focus.get("missing_share", 0.0)),
                      "meaning": float((focus.get("meaning") or {}).get("score", 1.0)),
                      "focus_other": float(bool(focus.get("years_missing")) or bool(focus.get("compound_missing"))
                                           or not focus.get("shaped", True))},
        )


class NaiveSystem:
    def __init__(self, config: EvalConfig, index: NaiveIndex) -> None:
        self.config = config
        self.index = index

    def run(self, question: str, filters: dict | None = None) -> Outcome:
        # The naive pipeline has no metadata filters: it is run on the question alone.
        started = time.perf_counter()
        chunks = self.index.search(question, limit=len(self.index.chunks))
        latency = (time.perf_counter() - started) * 1000
        sections = list(dict.fromkeys((c.reply_id, c.section_id) for c in chunks))[:RANK_DEPTH]
        answer = "\n".join(c.text for c in chunks[: self.config.naive.answer_chunks])
        return Outcome(sections=sections, abstained=False, answer=answer, latency_ms=latency)


class Workbench:
    """Builds (and caches) the index each configuration needs, then the system over it."""

    def __init__(self, paths: list[Path], cache: Path, progress: bool = False) -> None:
        self.paths = paths
        self.cache = cache
        self.progress = progress
        self.models = Models()
        self._indexes: dict[str, LoadedIndex] = {}
        self._naive: dict[str, NaiveIndex] = {}
        self._tokenizers: dict = {}
        self._replies: list[Reply] | None = None
        self.build_seconds: dict[str, float] = {}

    def replies(self) -> list[Reply]:
        if self._replies is None:
            self._replies, _ = parse_files(self.paths, BuildSummary(index=self.cache), progress=False)
        return self._replies

    def index(self, config: EvalConfig) -> LoadedIndex:
        key = config.build_key
        if key not in self._indexes:
            started = time.perf_counter()
            root = self.cache / f"{key}.index"
            summary = build_index(self.paths, root, self.models.get(config.model), config.chunking,
                                  config.tokenizer, progress=self.progress, store=config.store)
            for skipped in summary.skipped:
                logger.warning("skipped %s: %s", skipped.name, skipped.reason)
            self._indexes[key] = open_index(root)
            self.build_seconds[key] = time.perf_counter() - started
        return self._indexes[key]

    def tokenizer(self, config: EvalConfig):
        if config.tokenizer not in self._tokenizers:
            self._tokenizers[config.tokenizer] = config.tokenizer.make()
        return self._tokenizers[config.tokenizer]

    def system(self, config: EvalConfig) -> DafuSystem | NaiveSystem:
        if config.pipeline == "naive":
            key = config.build_key
            if key not in self._naive:
                started = time.perf_counter()
                self._naive[key] = NaiveIndex(self.paths, self.replies(), self.models.get(config.model),
                                              config.naive.chunk_size, config.naive.chunk_overlap)
                self.build_seconds[key] = time.perf_counter() - started
            index = self._naive[key]
            # Questions are encoded by the real model, not through the passage cache.
            index.embedder = self.models.get(config.model).inner
            return NaiveSystem(config, index)
        index = self.index(config)
        return DafuSystem(config, index, self.models.queries(config.model), self.tokenizer(config))
