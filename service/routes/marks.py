"""Marking a section's text for the reply page: the cited span (<mark>) and commitment spans.

The text is cut into paragraphs and pieces at every span boundary; each piece knows whether it is
highlighted and which commitments cover it. The template escapes each piece's text, so the marks
never mix with (or open a door to) HTML in the text itself. Overlaps are fine: a piece can be both
highlighted and inside one or more commitments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.models import Commitment

HIGHLIGHT = re.compile(r"(\d{1,7})-(\d{1,7})")


@dataclass
class Piece:
    text: str
    mark: bool = False
    first_mark: bool = False
    commitments: list[Commitment] = field(default_factory=list)
    starting: list[Commitment] = field(default_factory=list)  # commitments that begin at this piece


def parse_highlight(value: str | None, length: int) -> tuple[int, int] | None:
    """`hl=start-end` → a span clipped to the text, or None when absent or malformed."""
    match = HIGHLIGHT.fullmatch(value or "")
    if not match:
        return None
    start, end = int(match.group(1)), min(int(match.group(2)), length)
    return (start, end) if 0 <= start < end else None


def mark_paragraphs(text: str, highlight: tuple[int, int] | None = None,
                    commitments: list[Commitment] = ()) -> list[list[Piece]]:
    spans = [(max(0, c.start), min(len(text), c.end), c) for c in commitments if c.start < c.end]
    paragraphs: list[list[Piece]] = []
    seen_mark = False
    position = 0
    for line in text.split("\n"):
        p_start, p_end = position, position + len(line)
        position = p_end + 1
        if not line.strip():
            continue
        cuts = {p_start, p_end}
        for start, end in ([highlight] if highlight else []) + [(s, e) for s, e, _ in spans]:
            cuts.update(x for x in (start, end) if p_start < x < p_end)
        ordered = sorted(cuts)
        pieces = []
        for a, b in zip(ordered, ordered[1:]):
            mark = bool(highlight and highlight[0] <= a and b <= highlight[1])
            piece = Piece(
                text=text[a:b], mark=mark, first_mark=mark and not seen_mark,
                commitments=[c for s, e, c in spans if s <= a and b <= e],
                starting=[c for s, e, c in spans if s == a],
            )
            seen_mark = seen_mark or mark
            pieces.append(piece)
        paragraphs.append(pieces)
    return paragraphs
