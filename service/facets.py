"""Filter choices: each value of a reply column (agency, session, category, year) with the number of
replies that have it, for the filter fields of the pages and GET /api/facets/{field}.

An archive of 10,000 replies has ~7,500 agencies and ~8,500 sessions, too many to put in a page: the
pages list the values with the most replies, and a search (part of the name) pages through the rest.
Counted once per loaded index from its NumPy columns, never from the replies.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel

from indexer.docstore import ReplyColumns

FacetField = Literal["agency", "session", "category", "year"]


class FacetValue(BaseModel):
    value: str | int
    replies: int


def _counted(codes: np.ndarray, names: list) -> list[tuple[str | int, int]]:
    counts = np.bincount(codes, minlength=len(names)) if len(codes) else np.zeros(len(names), dtype=np.int64)
    return sorted(((name, int(n)) for name, n in zip(names, counts) if name and n), key=lambda v: (-v[1], v[0]))


class Facets:
    """Every field's values, most replies first (years newest first: a year is chosen by time)."""

    def __init__(self, columns: ReplyColumns) -> None:
        years, counts = np.unique(columns.year[columns.year > 0], return_counts=True)
        self._values: dict[str, list[tuple[str | int, int]]] = {
            "agency": _counted(columns.agency, columns.agencies),
            "session": _counted(columns.session, columns.sessions),
            "category": _counted(columns.category, columns.categories),
            "year": [(int(y), int(n)) for y, n in sorted(zip(years, counts), reverse=True)],
        }

    def values(self, field: FacetField, search: str | None = None, limit: int | None = None,
               offset: int = 0) -> tuple[int, list[FacetValue]]:
        """(how many match, one page of them): the values containing `search` (all when empty)."""
        values = self._values[field]
        if search:
            values = [v for v in values if search in str(v[0])]
        end = None if limit is None else offset + limit
        return len(values), [FacetValue(value=value, replies=n) for value, n in values[offset:end]]
