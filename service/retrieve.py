"""Retrieval: a question against the loaded index — dense and lexical search, fused.

The searches go through the index's SearchStore (FAISS + bm25s, or Milvus). Filters (agency, year,
category, session) become a Selection computed from NumPy columns and applied inside both searches,
before the top-k cut, so a filter never empties a result that exists. Nothing on this path loops in
Python over the archive: numbers named in a question are looked up in maps built at load.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from pydantic import BaseModel, Field

from indexer.docstore import PassageTokens, ReplyColumns
from indexer.embed import Embedder
from indexer.grammar import find_doc_numbers, referenced_numbers, same_agency, same_resolution, same_session
from indexer.lexical import Tokenizer
from indexer.models import HEADER_ID, Chunk, Reply
from indexer.searchstore import Selection
from indexer.store import LoadedIndex
from service.synonyms import lexicon

logger = logging.getLogger(__name__)

RETRIEVAL_MODES = ("hybrid", "dense", "lexical")


class Filters(BaseModel):
    agency: str | None = Field(None, description="part of the agency's name, or an alias such as 区科经委")
    year: int | None = None
    category: str | None = Field(None, description="办理结果 as written (解决或采纳) or its class (A, B, C): "
                                                   "every reply of that class, however its place writes it")
    session: str | None = Field(None, description="the session, e.g. 七届四次 or 政协第七届第四次会议 (term and "
                                                  "sitting, however written), or part of its name")
    # A conversation's scope (service/followup/): "这份答复…" keeps to the replies just cited,
    # "其他部门呢？" leaves out the agencies just cited.
    reply_ids: list[str] | None = Field(None, description="only these replies")
    exclude_agencies: list[str] | None = Field(None, description="leave out replies of these agencies")

    def is_empty(self) -> bool:
        return not any(v is not None and v != "" for v in self.model_dump().values())


def referenced_replies(question: str, replies: dict[str, Reply]) -> set[str]:
    """Replies the question names by proposal/suggestion number or document number.

    Rank fusion weighs a rare exact match ("0318号") like any other term, and the dense ranking
    has no notion of it; a question that names its reply means that reply. What counts as naming a
    reply ("第057号提案", not "38号楼") is grammar.referenced_numbers.
    """
    serials, documents = referenced_numbers(question)
    if not serials and not documents:
        return set()
    named = set()
    for reply_id, reply in replies.items():
        meta = reply.meta
        numbers = {int(n) for n in [*meta.proposal_numbers, meta.proposal_number or ""] if n.isdigit()}
        doc_keys = {d.key for d in find_doc_numbers(meta.doc_number or "")}
        if numbers & serials or doc_keys & documents:
            named.add(reply_id)
    return named


class ReplyNumbers:
    """Proposal and document numbers of every reply, indexed once at load for referenced_replies."""

    def __init__(self, columns: ReplyColumns) -> None:
        self.by_proposal: dict[int, set[str]] = {}
        self.by_document: dict[str, set[str]] = {}
        for reply_id, first, numbers, doc_number in zip(
            columns.reply_ids, columns.proposal_number, columns.proposal_numbers, columns.doc_number
        ):
            for number in {first or "", *numbers}:
                if number.isdigit():
                    self.by_proposal.setdefault(int(number), set()).add(reply_id)
            for document in find_doc_numbers(doc_number or ""):
                self.by_document.setdefault(document.key, set()).add(reply_id)

    def named(self, question: str) -> set[str]:
        """Same answer as referenced_replies(question, all replies), without visiting them."""
        serials, documents = referenced_numbers(question)
        named: set[str] = set()
        for number in serials:
            named |= self.by_proposal.get(number, set())
        for key in documents:
            named |= self.by_document.get(key, set())
        return named


@dataclass(frozen=True)
class RetrievalConfig:
    mode: str = "hybrid"
    candidates: int = 50
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 2.0  # BM25 counts double in the fusion (eval/RESULTS.md: lexical-x2 won on dev)
    named_replies_first: bool = True  # a question naming "0318号建议" ranks that reply's sections first
    # BM25 also looks for the official terms of the question's everyday words (暖气 → 供暖, 供热: service/synonyms.py).
    # Off: on the dev splits it moved passages of a hypernym into the top ones (医院 → 医疗机构) as often as it found
    # a reply by its official term (eval config everyday-terms); the focus check reads the lexicon either way.
    everyday_terms: bool = False


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
    vector: np.ndarray | None = None  # the question's vector, when the dense search encoded it
    pointed: bool = False  # the search was kept to replies given by id (a follow-up pointing at them)


def agency_matches(wanted: str, agency: str | None, tokenizer: Tokenizer) -> bool:
    """An alias (区科经委) matches the full name (科技和经济委员会) through the alias groups; levels and
    places never mix (grammar.same_agency)."""
    return same_agency(wanted, agency, tokenizer.alias_groups)


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
    if filters.category and not same_resolution(filters.category, meta.category):
        return False
    if filters.session and not same_session(filters.session, meta.session):
        return False
    return True


def matching_values(values: list[str | None], wanted: str, test) -> np.ndarray:
    """Which of a column's distinct values pass a filter (a few hundred agencies, not every reply)."""
    return np.array([value is not None and test(wanted, value) for value in values], dtype=bool)


class ReplyFilter:
    """Filters → a mask over reply positions, computed from the NumPy filter columns.

    Each test of reply_matches runs once per distinct value of a column (a few thousand agencies,
    not every reply), and its result is cached, so a repeated filter costs one NumPy gather.
    """

    def __init__(self, columns: ReplyColumns, tokenizer: Tokenizer, positions: dict[str, int]) -> None:
        self.columns, self.tokenizer, self.positions = columns, tokenizer, positions
        self._agency = lru_cache(maxsize=256)(
            lambda wanted: matching_values(columns.agencies, wanted, lambda w, v: agency_matches(w, v, tokenizer)))
        self._category = lru_cache(maxsize=64)(lambda wanted: matching_values(columns.categories, wanted, same_resolution))
        self._session = lru_cache(maxsize=64)(lambda wanted: matching_values(columns.sessions, wanted, same_session))

    def mask(self, filters: Filters | None) -> tuple[np.ndarray, dict[str, list]] | None:
        """Boolean mask over reply positions and the allowed values of each filtered field (the form
        Milvus filters by), or None when nothing is filtered."""
        if filters is None or filters.is_empty():
            return None
        columns = self.columns
        keep = np.ones(len(columns.reply_ids), dtype=bool)
        fields: dict[str, list] = {}

        def allow(name: str, ok: np.ndarray, codes: np.ndarray, values: list[str | None]) -> None:
            nonlocal keep
            keep = keep & ok[codes]
            fields[name] = [values[i] or "" for i in np.flatnonzero(ok)]  # Milvus stores a missing value as ""

        if filters.agency or filters.exclude_agencies:
            ok = np.ones(len(columns.agencies), dtype=bool)
            if filters.agency:
                ok &= self._agency(filters.agency)
            for excluded in filters.exclude_agencies or []:
                ok &= ~self._agency(excluded)
            allow("agency", ok, columns.agency, columns.agencies)
        if filters.category:
            allow("category", self._category(filters.category), columns.category, columns.categories)
        if filters.session:
            allow("session", self._session(filters.session), columns.session, columns.sessions)
        if filters.year is not None:
            keep &= columns.year == filters.year
            fields["year"] = [filters.year]
        if filters.reply_ids is not None:
            wanted = [self.positions[r] for r in filters.reply_ids if r in self.positions]
            chosen = np.zeros(len(columns.reply_ids), dtype=bool)
            chosen[wanted] = True
            keep &= chosen
            fields["reply"] = wanted
        return keep, fields


def without_copies(hits: list[Hit]) -> list[Hit]:
    """Each passage once, where it ranks first: an archive may hold a reply twice (a web page and the
    file it links to, two crawls of one site, a reply in a compilation and on its own), and the same
    sentences quoted twice tell a reader nothing more."""
    seen: set[str] = set()
    kept = []
    for hit in hits:
        key = "".join(hit.chunk.text.split())
        if key not in seen:
            seen.add(key)
            kept.append(hit)
    return kept


class Retriever:
    def __init__(self, index: LoadedIndex, embedder: Embedder, tokenizer: Tokenizer,
                 config: RetrievalConfig = RetrievalConfig()) -> None:
        self.index = index
        self.embedder = embedder
        self.tokenizer = tokenizer
        self.config = config
        self.numbers = ReplyNumbers(index.documents.columns)
        self.filter = ReplyFilter(index.documents.columns, tokenizer, index.documents.position)
        # A reply's header tokens, cut once: the evidence check reads the headers of every answer's top replies.
        self.header_tokens = lru_cache(maxsize=4096)(self._header_tokens)
        if index.sentences is None:
            logger.warning("索引 %s 没有存储句向量，回答时将逐句编码（较慢）：请重新运行 `dafu index` (this index was built "
                           "before sentence vectors were stored: the meaning check encodes its candidate sentences per "
                           "question, ~30 ms each; re-index to store them)", index.folder)

    def text_vectors(self, texts: list[str]) -> np.ndarray:
        """Vectors of `texts` by the index's model: a chunk sentence's as stored at build time
        (indexer.sentence_vectors), any other text encoded now, all missing ones in one batch."""
        found = self.index.sentences.get(texts) if self.index.sentences is not None else {}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            found.update(zip(missing, self.embedder.encode(missing)))
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)

    def _header_tokens(self, reply_id: str) -> frozenset[str]:
        """The words of a reply's header (its agency, number, session, proposers), without aliases."""
        header = self.index.replies[reply_id].section(HEADER_ID)
        return frozenset(self.tokenizer.tokenize(header.text, expand=False)) if header is not None else frozenset()

    def allowed_replies(self, filters: Filters | None) -> tuple[np.ndarray, dict[str, list]] | None:
        return self.filter.mask(filters)

    def allowed_chunks(self, filters: Filters | None) -> Selection | None:
        """The chunks a filtered search may return, or None when nothing is filtered."""
        allowed = self.allowed_replies(filters)
        if allowed is None:
            return None
        keep, fields = allowed
        return Selection(mask=keep[self.index.documents.chunk_reply], fields=fields)

    def chunk_tokens(self, chunk: Chunk) -> list[str]:
        """The passage's search tokens as cut at index time (no jieba at query time)."""
        return self.index.documents.chunk_tokens(chunk.chunk_id)

    def passage_tokens(self, chunk: Chunk) -> PassageTokens:
        """The passage's context-line and sentence tokens as cut at index time."""
        return self.index.documents.passage_tokens(chunk.chunk_id)

    def dense(self, vector: np.ndarray, selection: Selection | None, limit: int) -> list[tuple[int, float]]:
        return self.index.search.dense(vector, limit, selection)

    def lexical(self, tokens: list[str], selection: Selection | None, limit: int) -> list[tuple[int, float]]:
        return self.index.search.lexical_search(tokens, limit, selection)

    def with_official_terms(self, question: str, tokens: list[str]) -> list[str]:
        """The query's tokens and, when set, those of the official terms a reply writes for its everyday words
        (one way: the question's 暖气 looks for 供暖, never the reverse)."""
        if not self.config.everyday_terms:
            return tokens
        synonyms = lexicon()
        official = [t for word in synonyms.everyday_in(question) for term in synonyms.official(word)
                    for t in self.tokenizer.tokenize(term, expand=False)]
        return list(dict.fromkeys([*tokens, *official]))

    def search(self, question: str, k: int = 5, filters: Filters | None = None) -> SearchResult:
        tokens = list(dict.fromkeys(self.tokenizer.tokenize(question)))
        selection = self.allowed_chunks(filters)
        total = len(self.index.chunks) if selection is None else selection.count
        limit = min(max(self.config.candidates, k), total)
        if limit == 0:
            return SearchResult(hits=[], query_tokens=tokens)

        vector = self.embedder.encode([question])[0] if self.config.mode in ("hybrid", "dense") else None
        dense = self.dense(vector, selection, limit) if vector is not None else []
        lexical = self.lexical(self.with_official_terms(question, tokens), selection, limit) \
            if self.config.mode in ("hybrid", "lexical") else []

        chunks = self.index.documents.chunks_at([chunk_id for chunk_id, _ in [*dense, *lexical]])
        # Reciprocal rank fusion: ranks, not raw scores, since cosine and BM25 live on different scales.
        rrf_k = self.config.rrf_k
        hits: dict[int, Hit] = {}
        for rank, (chunk_id, score) in enumerate(dense):
            hit = hits.get(chunk_id) or hits.setdefault(chunk_id, Hit(chunk=chunks[chunk_id], score=0.0))
            hit.score += self.config.dense_weight / (rrf_k + rank + 1)
            hit.dense_score, hit.dense_rank = score, rank
        for rank, (chunk_id, score) in enumerate(lexical):
            hit = hits.get(chunk_id) or hits.setdefault(chunk_id, Hit(chunk=chunks[chunk_id], score=0.0))
            hit.score += self.config.lexical_weight / (rrf_k + rank + 1)
            hit.lexical_score, hit.lexical_rank = score, rank
        named = self.numbers.named(question) if self.config.named_replies_first else set()
        ranked_hits = without_copies(sorted(hits.values(),
                                            key=lambda h: (h.chunk.reply_id not in named, -h.score, h.chunk.chunk_id)))
        return SearchResult(hits=ranked_hits, query_tokens=tokens, candidates=limit,
                            named_replies={h.chunk.reply_id for h in ranked_hits} & named, vector=vector,
                            pointed=filters is not None and filters.reply_ids is not None)
