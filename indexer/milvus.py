"""The Milvus search store: one collection per index build with the dense vector, a BM25 sparse
vector made by Milvus's own BM25 function over its jieba analyzer, and scalar fields for filters.

The same code talks to Milvus Lite (a database file, the default: `milvus.db` in the build folder)
and to a Milvus standalone or cluster (`DAFU_MILVUS_URI=http://host:19530`). The text Milvus
analyses is the chunk's search tokens joined by spaces — the tokens the embedded store's BM25 sees
(aliases, 第57号 → 57号, document numbers) — so both stores rank with the same words.

Dense and lexical are two searches, not one `hybrid_search`: Dafu's fusion weighs BM25 double and
its abstention reads how far the two rankings agree, which a fused list no longer shows.
`MilvusSearch.hybrid` runs Milvus's own `hybrid_search` with `RRFRanker` for callers that only want
the fused list (benchmarks compare it).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from indexer.searchstore import Selection

LITE_FILE = "milvus.db"
FILTER_FIELDS = ("agency", "year", "category", "session", "reply")
TEXT_MAX = 65535
BATCH = 1000


class MilvusUnavailableError(RuntimeError):
    """pymilvus or milvus-lite is missing, or the server cannot be reached."""


def _client(uri: str):
    if "://" not in uri:
        # Milvus Lite runs its server in this process: its gRPC layer logs an error for an internal
        # call it does not implement (AllocTimestamp) on every write, and its jieba announces itself.
        logging.getLogger("grpc._server").setLevel(logging.CRITICAL)
        import jieba

        jieba.setLogLevel(logging.WARNING)
    try:
        from pymilvus import MilvusClient
    except ImportError as error:
        raise MilvusUnavailableError(
            "Milvus 存储需要 pymilvus 和 milvus-lite：请运行 `pip install -e '.[milvus]'` "
            "(the milvus store needs the optional extra: pip install -e '.[milvus]')"
        ) from error
    try:
        return MilvusClient(uri)
    except Exception as error:
        raise MilvusUnavailableError(f"无法连接 Milvus {uri}: {error} (check DAFU_MILVUS_URI)") from error


def _release(uri: str) -> None:
    """Stop this process's Milvus Lite server for a database file, releasing the file's lock
    (the build folder is renamed after writing, and a closed index must not pin its file)."""
    if "://" not in uri:
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(uri)


def resolve_uri(folder: Path, uri: str | None) -> str:
    """A server URL as given; otherwise a Milvus Lite file inside the build folder."""
    return uri if uri and "://" in uri else str(folder / (uri or LITE_FILE))


def collection_name(build: Path) -> str:
    return "dafu_" + re.sub(r"\W", "_", build.name)


def _text(tokens: list[str]) -> str:
    text = " ".join(tokens) or "<empty>"
    return text[: TEXT_MAX // 4]  # max_length counts bytes; a CJK character takes three


def write_milvus(staging: Path, build: Path, chunks: Iterable[dict], count: int, dimension: int,
                 milvus_uri: str | None) -> dict:
    """Create and fill the collection from one dict per chunk (chunk_id, dense, tokens and the filter
    fields, indexer.staging.milvus_rows); returns the manifest's description of the store."""
    from pymilvus import DataType, Function, FunctionType

    uri = resolve_uri(staging, milvus_uri)
    name = collection_name(build)
    client = _client(uri)
    try:
        schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("chunk_id", DataType.INT64, is_primary=True)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dimension)
        schema.add_field("text", DataType.VARCHAR, max_length=TEXT_MAX, enable_analyzer=True,
                         analyzer_params={"tokenizer": "jieba"})
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        for field in ("agency", "category", "session"):
            schema.add_field(field, DataType.VARCHAR, max_length=512)
        schema.add_field("year", DataType.INT64)
        schema.add_field("reply", DataType.INT64)  # the reply's position: a conversation's scope names replies
        schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["text"],
                                     output_field_names=["sparse"]))
        index_params = client.prepare_index_params()
        index_params.add_index(field_name="dense", index_type="AUTOINDEX", metric_type="IP")
        index_params.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
        if client.has_collection(name):
            client.drop_collection(name)
        client.create_collection(name, schema=schema, index_params=index_params)

        rows = []
        for chunk in chunks:
            rows.append({**{k: v for k, v in chunk.items() if k != "tokens"}, "text": _text(chunk["tokens"])})
            if len(rows) == BATCH:
                client.insert(name, rows)
                rows = []
        if rows:
            client.insert(name, rows)
        client.flush(name)
    finally:
        client.close()
        _release(uri)
    # A Lite file is recorded relative to the build folder, so the swapped-in build finds it.
    recorded = milvus_uri if milvus_uri and "://" in milvus_uri else (milvus_uri or LITE_FILE)
    return {"kind": "milvus", "uri": recorded, "collection": name, "rows": count}


def filter_expression(selection: Selection | None) -> str:
    """`agency in ["…"] and year in [2024]`: the selection as Milvus scalar filters."""
    if selection is None:
        return ""
    parts = [f"{field} in {json.dumps(values, ensure_ascii=False)}" for field, values in selection.fields.items()
             if field in FILTER_FIELDS]
    return " and ".join(parts)


class MilvusSearch:
    """SearchStore over one Milvus collection; chunk_id is the primary key."""

    kind = "milvus"

    def __init__(self, client, uri: str, collection: str, rows: int, lexical) -> None:
        self.client, self.uri, self.collection, self._rows, self.lexical = client, uri, collection, rows, lexical
        self.client.load_collection(collection)

    @classmethod
    def open(cls, folder: Path, described: dict, uri: str | None = None) -> "MilvusSearch":
        from indexer.embedded import BM25_FOLDER
        from indexer.lexical import LexicalIndex

        # DAFU_MILVUS_URI, when set, names where the collection lives now (e.g. a server it was copied to).
        uri = resolve_uri(folder, uri or described.get("uri"))
        client = _client(uri)
        if not client.has_collection(described["collection"]):
            raise MilvusUnavailableError(
                f"Milvus 中没有集合 {described['collection']}：请重新运行 `dafu index --store milvus` "
                "(the index's collection is missing from this Milvus)")
        # bm25s files stay beside the documents for term statistics (the evidence check's IDF).
        return cls(client, uri, described["collection"], described["rows"], LexicalIndex.load(folder / BM25_FOLDER, mmap=True))

    @property
    def size(self) -> int:
        return self._rows

    def _search(self, data, field: str, metric: str, limit: int, selection: Selection | None) -> list[tuple[int, float]]:
        if limit <= 0:
            return []
        results = self.client.search(self.collection, data=data, anns_field=field, limit=limit,
                                     filter=filter_expression(selection), search_params={"metric_type": metric},
                                     output_fields=["chunk_id"])
        return [(int(hit["chunk_id"]), float(hit["distance"])) for hit in results[0]]

    def dense(self, vector: np.ndarray, limit: int, selection: Selection | None = None) -> list[tuple[int, float]]:
        return self._search([np.asarray(vector, dtype=np.float32).tolist()], "dense", "IP", limit, selection)

    def lexical_search(self, tokens: list[str], limit: int, selection: Selection | None = None) -> list[tuple[int, float]]:
        if not tokens:
            return []
        # Milvus Lite reports BM25 as a negative distance; the order is best first either way.
        return [(i, abs(s)) for i, s in self._search([_text(tokens)], "sparse", "BM25", limit, selection)]

    def hybrid(self, vector: np.ndarray, tokens: list[str], limit: int, selection: Selection | None = None,
               rrf_k: int = 60) -> list[tuple[int, float]]:
        """Milvus's own fusion: one hybrid_search, both rankings merged by RRFRanker on the server."""
        from pymilvus import AnnSearchRequest, RRFRanker

        expr = filter_expression(selection)
        requests = [
            AnnSearchRequest(data=[np.asarray(vector, dtype=np.float32).tolist()], anns_field="dense",
                             param={"metric_type": "IP"}, limit=limit, expr=expr or None),
            AnnSearchRequest(data=[_text(tokens)], anns_field="sparse", param={"metric_type": "BM25"},
                             limit=limit, expr=expr or None),
        ]
        results = self.client.hybrid_search(self.collection, requests, ranker=RRFRanker(rrf_k), limit=limit,
                                            output_fields=["chunk_id"])
        return [(int(hit["chunk_id"]), float(hit["distance"])) for hit in results[0]]

    def close(self) -> None:
        self.client.close()
        _release(self.uri)
