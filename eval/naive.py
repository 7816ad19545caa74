"""The naive pipeline a user builds first, as the baseline Dafu must beat.

Raw file text → langchain's RecursiveCharacterTextSplitter with its default separators
("\\n\\n", "\\n", " ", "") → an embedding model → FAISS inner product → the top chunks. No parsing,
no sections, no BM25, no abstention: it always answers with its top chunks.

For section-level scoring each naive chunk is mapped back to one parsed section by character
overlap: every character of the raw file is labelled with the section it belongs to (the text
between two sections — a heading line, blank lines — belongs to the section that follows, since a
heading opens its section), and a chunk takes the section owning most of its characters. The ranked
section list is the chunks' sections in rank order, repeats removed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from indexer.embed import Embedder
from indexer.models import Reply
from indexer.read import find_files, read_source


@dataclass(frozen=True)
class NaiveChunk:
    reply_id: str
    section_id: str
    start: int
    end: int
    text: str


_SKIP = re.compile(r"\s|\*")


def _compact_with_offsets(text: str) -> tuple[str, list[int]]:
    """Text without whitespace and markdown stars, and each kept character's offset in `text`."""
    kept: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        if not _SKIP.match(char):
            kept.append(char)
            offsets.append(i)
    return "".join(kept), offsets


def section_labels(raw: str, reply: Reply) -> list[str | None]:
    """The section id owning each character of the raw file (see the module docstring)."""
    compact, offsets = _compact_with_offsets(raw)
    spans: list[tuple[int, int, str]] = []  # raw start, raw end, section id
    cursor = 0
    for section in reply.sections:
        needle, _ = _compact_with_offsets(section.text)
        if not needle:
            continue
        at = compact.find(needle, cursor)
        if at < 0:
            at = compact.find(needle)  # out of order: still better than dropping the section
        if at < 0:
            continue
        spans.append((offsets[at], offsets[at + len(needle) - 1] + 1, section.section_id))
        cursor = max(cursor, at + len(needle))
    labels: list[str | None] = [None] * len(raw)
    previous_end = 0
    for start, end, section_id in sorted(spans):
        for i in range(min(previous_end, start), end):
            labels[i] = section_id
        previous_end = max(previous_end, end)
    if spans:
        last = max(spans, key=lambda s: s[1])[2]
        for i in range(previous_end, len(raw)):
            labels[i] = last
    return labels


def majority_section(labels: list[str | None], start: int, end: int) -> str | None:
    counts = Counter(label for label in labels[start:end] if label is not None)
    return counts.most_common(1)[0][0] if counts else None


class NaiveIndex:
    """Chunks of raw text in a flat FAISS index, each remembering the section it mostly covers."""

    def __init__(self, paths: list[Path], replies: list[Reply], embedder: Embedder,
                 chunk_size: int = 500, chunk_overlap: int = 50) -> None:
        import faiss
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=chunk_size, chunk_overlap=chunk_overlap, add_start_index=True
        )
        by_source = {r.source: r for r in replies}
        self.chunks: list[NaiveChunk] = []
        for root in paths:
            for path, name in find_files(root):
                reply = by_source.get(name)
                if reply is None:
                    continue  # a file the parser rejected is not in the gold either
                raw = read_source(path, name).text
                labels = section_labels(raw, reply)
                for document in splitter.create_documents([raw]):
                    start = document.metadata["start_index"]
                    end = start + len(document.page_content)
                    section_id = majority_section(labels, start, end) or reply.sections[0].section_id
                    self.chunks.append(NaiveChunk(reply.reply_id, section_id, start, end, document.page_content))
        self.embedder = embedder
        vectors = embedder.encode([c.text for c in self.chunks])
        self.index = faiss.IndexFlatIP(embedder.dimension)
        self.index.add(vectors)

    def search(self, question: str, limit: int) -> list[NaiveChunk]:
        vector = self.embedder.encode([question])
        _, ids = self.index.search(vector, min(limit, len(self.chunks)))
        return [self.chunks[i] for i in ids[0] if i >= 0]

