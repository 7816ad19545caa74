"""Named configurations the evaluation compares, built from the service's own config dataclasses.

`default` is exactly what `dafu index` + `dafu ask` run with out of the box (Settings' defaults,
RetrievalConfig(), AnswerConfig()); every other Dafu configuration changes one thing relative to
it, so each row of the ablation table measures one decision. `naive-*` are the pipeline a user would
build first (eval/naive.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from indexer.build import TokenizerConfig
from indexer.chunk import ChunkingConfig
from service.answer import AnswerConfig
from service.retrieve import RetrievalConfig
from service.settings import Settings


@dataclass(frozen=True)
class NaiveConfig:
    chunk_size: int = 500
    chunk_overlap: int = 50
    answer_chunks: int = 3  # the chunks a naive pipeline hands on as its "answer"


@dataclass(frozen=True)
class EvalConfig:
    name: str
    description: str
    group: str = "ablation"  # main (the required side-by-side) or the ablation family
    pipeline: str = "dafu"  # dafu or naive
    model: str = "m3e-small"
    chunking: ChunkingConfig = field(default_factory=ChunkingConfig)
    tokenizer: TokenizerConfig = field(default_factory=TokenizerConfig)
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    answer: AnswerConfig = field(default_factory=AnswerConfig)
    naive: NaiveConfig = field(default_factory=NaiveConfig)
    store: str = "embedded"  # search store of the index (indexer.searchstore.STORES)

    @property
    def build_key(self) -> str:
        """Configurations with the same key share one index folder."""
        if self.pipeline == "naive":
            return f"naive-{self.model}-c{self.naive.chunk_size}-{self.naive.chunk_overlap}"
        c, t = self.chunking, self.tokenizer
        return (f"{self.model}-c{c.chunk_size}-{c.chunk_overlap}-h{int(c.context_header)}"
                f"-{t.mode}-a{int(t.aliases)}-s{int(t.stopwords)}-n{int(t.numbers)}-q{int(t.question_words)}"
                + ("" if self.store == "embedded" else f"-{self.store}"))


def default_config() -> EvalConfig:
    # model_construct: the shipped defaults, not whatever DAFU_* variables this shell has set.
    settings = Settings.model_construct()
    return EvalConfig(
        name="default",
        description="Dafu default: hybrid RRF(dense, BM25), structure-aware chunks, abstention",
        group="main",
        model=settings.model,
        chunking=ChunkingConfig(settings.chunk_size, settings.chunk_overlap, settings.context_header),
        tokenizer=TokenizerConfig(mode=settings.tokenizer),
        retrieval=RetrievalConfig(),
        answer=AnswerConfig(),
    )


def all_configs() -> dict[str, EvalConfig]:
    base = default_config()
    r, a, c, t = base.retrieval, base.answer, base.chunking, base.tokenizer

    def variant(name: str, description: str, group: str, **changes) -> EvalConfig:
        return replace(base, name=name, description=description, group=group, **changes)

    configs = [
        EvalConfig(name="naive-m3e", description="RecursiveCharacterTextSplitter(500/50) over raw text, m3e-small, FAISS top-k",
                   group="main", pipeline="naive", model="m3e-small"),
        EvalConfig(name="naive-minilm", description="the same with all-MiniLM-L6-v2",
                   group="main", pipeline="naive", model="all-MiniLM-L6-v2"),
        variant("bm25", "BM25 alone (Dafu tokenizer, aliases, numbers)", "main", retrieval=replace(r, mode="lexical")),
        variant("dense", "m3e-small dense alone over Dafu's chunks", "main", retrieval=replace(r, mode="dense")),
        base,
        # Tokenisation and normalisation.
        variant("tok-lcut", "jieba lcut instead of lcut_for_search", "tokenizer", tokenizer=replace(t, mode="lcut")),
        variant("tok-bigram", "character bigrams instead of jieba", "tokenizer", tokenizer=replace(t, mode="bigram")),
        variant("no-stopwords", "stop words kept", "tokenizer", tokenizer=replace(t, stopwords=False)),
        variant("no-question-words", "interrogatives (多少家, 哪天) and colloquial question words kept",
                "tokenizer", tokenizer=replace(t, question_words=False)),
        variant("no-aliases", "alias dictionary off", "tokenizer", tokenizer=replace(t, aliases=False)),
        variant("no-numbers", "number / document-number normalisation off", "tokenizer", tokenizer=replace(t, numbers=False)),
        # Fusion.
        variant("rrf-10", "RRF constant 10", "fusion", retrieval=replace(r, rrf_k=10)),
        variant("rrf-30", "RRF constant 30", "fusion", retrieval=replace(r, rrf_k=30)),
        variant("rrf-100", "RRF constant 100", "fusion", retrieval=replace(r, rrf_k=100)),
        variant("fusion-1to1", "RRF with equal weights (BM25 1 : dense 1)", "fusion",
                retrieval=replace(r, lexical_weight=1.0, dense_weight=1.0)),
        variant("fusion-1.5to1", "RRF with BM25 1.5 : dense 1", "fusion", retrieval=replace(r, lexical_weight=1.5, dense_weight=1.0)),
        variant("fusion-3to1", "RRF with BM25 3 : dense 1", "fusion", retrieval=replace(r, lexical_weight=3.0, dense_weight=1.0)),
        variant("fusion-1to2", "RRF with BM25 1 : dense 2", "fusion", retrieval=replace(r, lexical_weight=1.0, dense_weight=2.0)),
        variant("no-named-first", "a reply named by number (0318号建议, 61号) is not ranked first", "fusion",
                retrieval=replace(r, named_replies_first=False)),
        variant("everyday-terms", "BM25 also searches the official terms of the question's everyday words (暖气 → 供暖, "
                "service/synonyms.py)", "fusion", retrieval=replace(r, everyday_terms=True)),
        # Chunking.
        variant("chunk-150", "chunks of 150 characters, overlap 30", "chunking", chunking=replace(c, chunk_size=150, chunk_overlap=30)),
        variant("chunk-500", "chunks of 500 characters, overlap 100", "chunking", chunking=replace(c, chunk_size=500, chunk_overlap=100)),
        variant("chunk-1000", "chunks of 1000 characters (whole sections, mostly), overlap 100", "chunking",
                chunking=replace(c, chunk_size=1000, chunk_overlap=100)),
        variant("no-header", "no context line (agency, title, section path) in the indexed text", "chunking",
                chunking=replace(c, context_header=False)),
        # Answer composition.
        variant("answer-1", "answer quotes from the top passage only", "answer", answer=replace(a, answer_passages=1, max_sentences=1)),
        variant("no-shape-bonus", "sentence selection without the preference for the asked shape (a figure for 多少, a place for 在哪里)",
                "answer", answer=replace(a, shape_bonus=0.0)),
        variant("no-figure-bonus", "sentence selection without the preference for a number with the asked unit "
                "(20个工作日 for 多久)", "answer", answer=replace(a, figure_bonus=0.0)),
        variant("answer-5", "answer may quote from the top 5 passages", "answer", answer=replace(a, answer_passages=5, max_sentences=5)),
        variant("no-focus", "no focus check: abstention by the evidence rule alone", "answer",
                answer=replace(a, check_focus=False)),
        variant("no-meaning", "no reading by meaning: the focus check and abstention by words alone", "answer",
                answer=replace(a, check_meaning=False)),
        variant("no-named-agency", "an agency or session named in the question is not preferred", "answer",
                answer=replace(a, prefer_named=False)),
        # Search store: the same retrieval through Milvus Lite (dense + Milvus BM25 over the same tokens).
        variant("store-milvus", "the default through the Milvus store (Milvus Lite file)", "store", store="milvus"),
    ]
    found = {config.name: config for config in configs}
    assert len(found) == len(configs), "configuration names must be unique"
    return found


MAIN = ("naive-m3e", "naive-minilm", "bm25", "dense", "default")
