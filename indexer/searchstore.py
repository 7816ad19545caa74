"""The interface retrieval uses to search an index, whichever store holds the vectors and terms.

Two stores implement it: `indexer.embedded.EmbeddedSearch` (FAISS + bm25s files, the default) and
`indexer.milvus.MilvusSearch` (a Milvus Lite file or a Milvus server). Documents (replies, sections,
chunks, commitments) live in SQLite either way (`indexer.docstore`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

STORES = ("embedded", "milvus")


@dataclass(frozen=True)
class Selection:
    """The chunks a filtered search may return, in the two forms stores filter by: a mask over chunk
    ids (FAISS, bm25s) and the allowed value of each filter field (Milvus scalar fields)."""

    mask: np.ndarray                                   # bool, one per chunk id
    fields: dict[str, list] = field(default_factory=dict)  # e.g. {"agency": [...], "year": [2024]}

    @property
    def count(self) -> int:
        return int(np.count_nonzero(self.mask))


class TermStatistics(Protocol):
    def idf(self, token: str) -> float: ...


class SearchStore(Protocol):
    """Dense and lexical top-k over chunk ids, with filters applied inside the search."""

    kind: str
    lexical: TermStatistics

    @property
    def size(self) -> int: ...

    def dense(self, vector: np.ndarray, limit: int, selection: Selection | None = None) -> list[tuple[int, float]]: ...

    def lexical_search(self, tokens: list[str], limit: int, selection: Selection | None = None) -> list[tuple[int, float]]: ...

    def close(self) -> None: ...
