"""Retrieval: a question against the loaded index — dense (FAISS) and lexical (BM25), fused.

Filters (agency, year, category, session) are applied inside both searches, before the top-k cut,
so a filter never empties a result that exists.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel, Field

from indexer.embed import Embedder
from indexer.lexical import Tokenizer, doc_number_tokens
from indexer.models import Chunk, Reply
from indexer.store import LoadedIndex

logger = logging.getLogger(__name__)

RETRIEVAL_MODES = ("hybrid", "dense", "lexical")


class Filters(BaseModel):
    agency: str | None = Field(None, description="part of the agency's name, or an alias such as 区科经委")
    year: int | None = None
    category: str | None = Field(None, description="办理结果, e.g. 解决或采纳")
    session: str | None = Field(None, description="part of the session, e.g. 七届四次")
    # A conversation's scope (service/followup.py): "这份答复…" keeps to the replies just cited,
    # "其他部门呢？" leaves out the agencies just cited.
    reply_ids: list[str] | None = Field(None, description="only these replies")
    exclude_agencies: list[str] | None = Field(None, description="leave out replies of these agencies")

    def is_empty(self) -> bool:
        return not any(v is not None and v != "" for v in self.model_dump().values())


# "057号提案", "第0318号代表建议", "61号": a number with 号 names a proposal or a document.
NUMBER_REFERENCE = re.compile(r"(?<![\d.])0*(\d+)\s*号")


def referenced_replies(question: str, replies: dict[str, Reply]) -> set[str]:
    """Replies the question names by proposal number or document number.

    Rank fusion weighs a rare exact match ("0318号") like any other term, and the dense ranking
    has no notion of it; a question that names its reply means that reply.
    """
    numbers = {int(m.group(1)) for m in NUMBER_REFERENCE.finditer(question)}
    documents = set(doc_number_tokens(question))
    if not numbers and not documents:
        return set()
    named = set()
    for reply_id, reply in replies.items():
        meta = reply.meta
        proposal = int(meta.proposal_number) if meta.proposal_number and meta.proposal_number.isdigit() else None
        doc_tokens = set(doc_number_tokens(meta.doc_number or ""))
        doc_serial = {int(t.rsplit("-", 1)[1]) for t in doc_tokens}
        if proposal in numbers or doc_tokens & documents or (not documents and doc_serial & numbers):
            named.add(reply_id)
    return named


@dataclass(frozen=True)
class RetrievalConfig:
    mode: str = "hybrid"
    candidates: int = 50
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 2.0  # BM25 counts double in the fusion (eval/RESULTS.md: lexical-x2 won on dev)
    named_replies_first: bool = True  # a question naming "0318号建议" ranks that reply's sections first


@dataclass
class Hit:
    chunk: Chunk
    score: float
    dense_score: float | None = None
    lexical_score: float | None = None
    dense_rank: int | None = None
    lexical_rank: int | None = None


@dataclass
class SearchResult:
    hits: list[Hit]
    query_tokens: list[str]
    candidates: int = 0
    named_replies: set[str] = field(default_factory=set)  # replies the question names by number


def agency_matches(wanted: str, agency: str | None, tokenizer: Tokenizer) -> bool:
    if not agency:
        return False
    if wanted in agency:
        return True
    # An alias (区科经委) matches the full name (科技和经济委员会) through the alias groups.
    for group in tokenizer.alias_groups:
        if wanted in group and any(name in agency for name in group):
            return True
    return False


def reply_matches(reply: Reply, filters: Filters, tokenizer: Tokenizer) -> bool:
    meta = reply.meta
    if filters.reply_ids is not None and reply.reply_id not in filters.reply_ids:
        return False
    if filters.exclude_agencies and any(agency_matches(a, meta.agency, tokenizer) for a in filters.exclude_agencies):
        return False
    if filters.agency and not agency_matches(filters.agency, meta.agency, tokenizer):
        return False
    if filters.year is not None and meta.year != filters.year:
        return False
    if filters.category and (meta.category or "") != filters.category and filters.category not in (meta.category or ""):
        return False
    if filters.session and filters.session not in (meta.session or ""):
        return False
    return True


class Retriever:
    def __init__(self, index: LoadedIndex, embedder: Embedder, tokenizer: Tokenizer,
                 config: RetrievalConfig = RetrievalConfig()) -> None:
        self.index = index
        self.embedder = embedder
        self.tokenizer = tokenizer
        self.config = config
        self._reply_of_chunk = np.array([c.reply_id for c in index.chunks], dtype=object)

    def allowed_chunks(self, filters: Filters | None) -> np.ndarray | None:
        """Boolean mask over chunk ids, or None when nothing is filtered."""
        if filters is None or filters.is_empty():
            return None
        allowed = {rid for rid, r in self.index.replies.items() if reply_matches(r, filters, self.tokenizer)}
        return np.array([rid in allowed for rid in self._reply_of_chunk], dtype=bool)

    def dense(self, question: str, mask: np.ndarray | None, limit: int) -> list[tuple[int, float]]:
        import faiss

        vector = self.embedder.encode([question])
        params = None
        if mask is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.flatnonzero(mask).astype("int64")))
        scores, ids = self.index.vectors.search(vector, limit, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def lexical(self, tokens: list[str], mask: np.ndarray | None, limit: int) -> list[tuple[int, float]]:
        scores = self.index.lexical.scores(tokens, None if mask is None else mask.astype(np.float32))
        top = np.argsort(-scores, kind="stable")[:limit]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def search(self, question: str, k: int = 5, filters: Filters | None = None) -> SearchResult:
        tokens = list(dict.fromkeys(self.tokenizer.tokenize(question)))
        mask = self.allowed_chunks(filters)
        total = len(self.index.chunks) if mask is None else int(mask.sum())
        limit = min(max(self.config.candidates, k), total)
        if limit == 0:
            return SearchResult(hits=[], query_tokens=tokens)

        dense = self.dense(question, mask, limit) if self.config.mode in ("hybrid", "dense") else []
        lexical = self.lexical(tokens, mask, limit) if self.config.mode in ("hybrid", "lexical") else []

        hits: dict[int, Hit] = {}
        for weight, ranked, kind in ((self.config.dense_weight, dense, "dense"),
                                     (self.config.lexical_weight, lexical, "lexical")):
            for rank, (chunk_id, score) in enumerate(ranked):
                hit = hits.setdefault(chunk_id, Hit(chunk=self.index.chunks[chunk_id], score=0.0))
                # Reciprocal rank fusion: ranks, not raw scores, since cosine and BM25 live on different scales.
                hit.score += weight / (self.config.rrf_k + rank + 1)
                setattr(hit, f"{kind}_score", score)
                setattr(hit, f"{kind}_rank", rank)
        named = referenced_replies(question, self.index.replies) if self.config.named_replies_first else set()
        ranked_hits = sorted(hits.values(), key=lambda h: (h.chunk.reply_id not in named, -h.score, h.chunk.chunk_id))
        return SearchResult(hits=ranked_hits, query_tokens=tokens, candidates=limit,
                            named_replies={h.chunk.reply_id for h in ranked_hits} & named)
