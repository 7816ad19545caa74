"""Sentence spans of Chinese text, with offsets: what answers quote and commitments are made of."""

from __future__ import annotations

import re
from collections.abc import Iterator

SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def split_sentences(text: str, min_chars: int = 4) -> Iterator[tuple[int, int, str]]:
    """(start, end, sentence) for each sentence; a sentence keeps its closing punctuation."""
    for match in SENTENCE.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if len(stripped) >= min_chars:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            yield start, start + len(stripped), stripped
